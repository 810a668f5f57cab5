// What the stages tell as they work, for the service's metrics (the seed's Key Metrics). Every
// method does nothing by default, so a command that watches nothing passes the base class. Called
// on the stages' worker threads: an implementation must be thread-safe and must not block.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::core {
struct enhanced_job;
}

namespace jobpilot::actors {

class stage_observer {
public:
  virtual ~stage_observer() = default;
  /// The processor transformed a job.
  virtual void job_transformed(const core::enhanced_job&) {}
  /// The processor rejected a job (core::transform_result's error_type and error_message).
  virtual void job_rejected(const std::string& /*error_type*/, const std::string& /*error_message*/) {}
  virtual void collection_processed(double /*seconds*/) {}
  virtual void collection_embedded(double /*seconds*/) {}
  /// A dedupe round updated the index; one reason per job decided (canonical included).
  virtual void dedupe_round(double /*seconds*/, const std::vector<std::string>& /*reasons*/) {}
  virtual void batch_loaded(double /*seconds*/, std::int64_t /*jobs_new*/, std::int64_t /*jobs_updated*/) {}
  /// The stage's supervisor restarted a crashed worker.
  virtual void stage_restarted(const std::string& /*stage*/) {}
  /// An operation became a dead letter in failed_operations.
  virtual void dead_letter(const std::string& /*stage*/) {}
};

}  // namespace jobpilot::actors
