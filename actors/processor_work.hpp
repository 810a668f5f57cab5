// The PROCESSOR's work on one raw collection, as plain C++ (tested without an actor system): claim
// it, read the stored reply (the file copy when the database copy is damaged), transform every job
// (a broken job becomes an error entry and a file, the rest go on), and commit the rows with the
// collection's move to processed (or failed, with the reason) in one transaction.
#pragma once

#include "actors/stage_deps.hpp"
#include "messages/stage_work.hpp"

#include <memory>
#include <string>

namespace jobpilot::actors {

class processor_work {
public:
  processor_work(stage_deps deps, std::string data_dir);
  ~processor_work();

  /// Never throws for bad data; throws storage_error when the database stays away (transient) or
  /// refuses the commit and the failure mark alike.
  messages::collection_progress process(const std::string& collection_id);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
