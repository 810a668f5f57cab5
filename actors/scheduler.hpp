// The SCHEDULER (the seed's ETLScheduler): turns the schedules: block into runs of the pipeline.
//
//   cron fire time / after_* event / POST /api/jobs/collect
//        -> a due row in schedule_runs (durable, one per fire time)
//        -> a run of the pipeline (collect queries x locations x pages, process everything)
//        -> done / failed / skipped, and the follow-up after_* rows
//
// One run at a time, oldest due first. A detached actor: it blocks on the database and on the
// pipeline's reply, never on a scheduler thread.
#pragma once

#include "config/settings.hpp"
#include "core/jsearch_query.hpp"
#include "messages/pipeline.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace caf {
class actor_system;
class actor;
}  // namespace caf

namespace spdlog {
class logger;
}

namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

/// How a run ended, for metrics and the API.
struct scheduled_run_end {
  std::string schedule;
  std::int64_t fire_time = 0;  ///< epoch ms
  std::string state;           ///< done, failed or skipped
  std::string reason;
  const messages::run_report* report = nullptr;  ///< null for skipped runs
};

struct scheduler_parts {
  std::vector<config::schedule_settings> schedules;
  config::scheduler_settings settings;
  std::int64_t quota_reserve = 0;
  core::search_defaults defaults;
  std::shared_ptr<storage::database> db;
  std::shared_ptr<spdlog::logger> log;
  messages::pipeline_actor pipeline;
  std::chrono::milliseconds tick{1000};       ///< how often due times are looked at
  std::shared_ptr<std::atomic<bool>> stopping; ///< set: take no new run; the scheduler quits after the current one
  std::function<void(const scheduled_run_end&)> on_run_end;
  /// The next fire time of each cron schedule (epoch ms), after every look (for metrics and the dashboard).
  std::function<void(const std::string& schedule, std::int64_t next_fire)> on_next_fire;
};

/// Quits when `stopping` is set and no run is in progress (a run in progress at stop stays `running`
/// in schedule_runs, and the next start takes it up again).
caf::actor spawn_scheduler(caf::actor_system& sys, scheduler_parts parts);

/// The pages a collecting schedule asks for (the same requests `run --once` builds).
std::vector<messages::collect_request> pages_of_schedule(const config::schedule_settings& s,
                                                         const core::search_defaults& defaults);

}  // namespace jobpilot::actors
