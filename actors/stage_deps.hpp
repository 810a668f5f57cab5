// What every stage's workers share: the database behind its breaker and retry guard, the name this
// process claims work under, and the stage's log. Built once where the pipeline is wired.
#pragma once

#include "actors/stage_observer.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
class database_guard;
}  // namespace jobpilot::storage

namespace jobpilot::actors {

struct stage_deps {
  std::shared_ptr<storage::database> db;
  std::shared_ptr<storage::database_guard> guard;  ///< every storage call of a stage goes through it
  std::string owner;                               ///< claimed_by of this process
  std::chrono::milliseconds claim_lease{120'000};
  std::shared_ptr<spdlog::logger> log;
  /// Set when the run is over (a stage gave up, or shutdown): waits and retries end at once.
  std::shared_ptr<std::atomic<bool>> stopping = std::make_shared<std::atomic<bool>>(false);
  /// Counts the sweeps that reset collections for reprocessing: this process's deduper then rebuilds its
  /// index (it still holds the reset collections' old decisions). Another process's deduper does not
  /// hear of it (cluster mode's work).
  std::shared_ptr<std::atomic<std::uint64_t>> resets = std::make_shared<std::atomic<std::uint64_t>>(0);
  /// Told what the stages do (the service's metrics); the base class ignores it all.
  std::shared_ptr<stage_observer> observer = std::make_shared<stage_observer>();
};

}  // namespace jobpilot::actors
