// The recovery sweep as plain C++ (messages/recovery.hpp says what it does): run by every command
// before its work, so whatever an earlier run left unfinished, imported or dead-lettered is taken up.
#pragma once

#include "actors/stage_deps.hpp"
#include "messages/recovery.hpp"

#include <memory>
#include <string>

namespace jobpilot::actors {

class recovery_work {
public:
  recovery_work(stage_deps deps, std::string data_dir, std::string spool_dir);
  ~recovery_work();
  messages::sweep_report sweep(const messages::sweep_request& request);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
