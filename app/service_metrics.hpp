// The service's metrics: one registry with metrics/jobpilot_metrics.hpp's families, fed by the
// collector's call observer and the scheduler's run ends, with the database-derived gauges
// (collections by status, queue depths, oldest unfinished, quota, dead letters) read at scrape.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {
struct api_usage_row;
}
namespace jobpilot::supervision {
class shared_circuit_breaker;
}
namespace jobpilot::actors {
struct scheduled_run_end;
class stage_observer;
}

namespace jobpilot::app {

class service_state;

/// One minute of the throughput plot.
struct throughput_point {
  std::int64_t minute = 0;  ///< epoch seconds of the minute's start
  std::int64_t jobs_loaded = 0;
  std::int64_t pages = 0;
};

class service_metrics {
public:
  explicit service_metrics(const service_state& state);
  ~service_metrics();

  /// The pipeline's breakers, once it is wired.
  void watch(std::shared_ptr<supervision::shared_circuit_breaker> jsearch,
             std::shared_ptr<supervision::shared_circuit_breaker> database);
  void on_api_call(const storage::api_usage_row& call);
  /// What the stages report (processing, dedupe, load times; rejections; completeness; dead letters).
  std::shared_ptr<actors::stage_observer> stage_observer();
  void on_run_end(const actors::scheduled_run_end& end);
  void set_next_fire(const std::string& schedule, std::int64_t epoch_ms);

  /// The Prometheus text; reads the database-derived gauges first.
  std::string render();
  /// dependency (jsearch, database) -> closed, open or half_open.
  std::map<std::string, std::string> breaker_states() const;
  /// The last 60 minutes, oldest first, one point per minute.
  std::vector<throughput_point> throughput() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::app
