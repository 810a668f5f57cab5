// What the processing stages share: the database, validated settings and the stage logs.
// Built once in app/ before the actor system starts; read-only afterwards.
#pragma once

#include "config/settings.hpp"

#include <memory>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

struct stage_context {
  std::shared_ptr<storage::database> db;
  config::settings settings;
  std::shared_ptr<spdlog::logger> processor_log;
  std::shared_ptr<spdlog::logger> loader_log;
};

}  // namespace jobpilot::actors
