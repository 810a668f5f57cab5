// schedule_runs: the scheduler's durable timeline (migration 0003). A due run is a row before it
// runs; the (schedule, fire_time) key lets exactly one row exist per fire time, so a restart
// takes up what was due or running and never repeats what was done.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jobpilot::storage {

class database;

struct schedule_run_row {
  std::string schedule;
  std::int64_t fire_time = 0;  ///< epoch ms
  std::string state;           ///< due, running, done, failed, skipped
  std::string reason;
  std::string trigger;
  std::optional<std::int64_t> started_at, finished_at;
  std::int64_t pages = 0, api_calls = 0;
};

class schedule_run_repository {
public:
  explicit schedule_run_repository(std::shared_ptr<database> db);
  /// Records a due run; false when this fire time of the schedule was already recorded.
  bool add_due(const std::string& schedule, std::int64_t fire_time, const std::string& trigger, std::int64_t now);
  /// Records a run that was due but skipped (a condition held); false when already recorded.
  bool add_skipped(const std::string& schedule, std::int64_t fire_time, const std::string& trigger,
                   const std::string& reason, std::int64_t now);
  /// The latest fire time recorded for the schedule, whatever its state.
  std::optional<std::int64_t> last_fire(const std::string& schedule);
  /// When the schedule's last run that did its work (done) ended.
  std::optional<std::int64_t> last_done(const std::string& schedule);
  /// Runs due or running (a restart takes these up again), oldest first; fire_time may be ahead of now.
  std::vector<schedule_run_row> unfinished();
  void mark_running(const std::string& schedule, std::int64_t fire_time, std::int64_t now, std::int64_t pages);
  void finish(const std::string& schedule, std::int64_t fire_time, const std::string& state,
              const std::string& reason, std::int64_t now, std::int64_t api_calls);
  std::optional<schedule_run_row> find(const std::string& schedule, std::int64_t fire_time);
  /// Newest first.
  std::vector<schedule_run_row> recent(int limit);

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
