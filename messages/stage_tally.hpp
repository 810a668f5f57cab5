// What a worker's stages did since its last report to the coordinator (cluster mode): the heartbeat
// carries it, and the coordinator's metrics and stage times count it as their own.
#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::messages {

/// Read by actors::stage_observer::node_tally on the coordinator.
struct stage_tally {
  std::int64_t jobs_transformed = 0;
  std::vector<std::int64_t> fields_present;  ///< per core::completeness_fields(), over jobs_transformed
  std::vector<std::string> jobs_rejected;    ///< core::rejection_reason of each rejected job
  std::vector<double> processing_seconds;    ///< one per collection processed
  std::vector<double> embedding_seconds;     ///< one per collection embedded
  std::vector<std::string> dead_letters;     ///< the stage of each
  std::vector<std::string> restarts;         ///< the stage of each restarted worker
  bool empty() const {
    return jobs_transformed == 0 && jobs_rejected.empty() && processing_seconds.empty() && embedding_seconds.empty() &&
           dead_letters.empty() && restarts.empty();
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stage_tally& x) {
  return f(caf::meta::type_name("jobpilot::stage_tally"), x.jobs_transformed, x.fields_present, x.jobs_rejected,
           x.processing_seconds, x.embedding_seconds, x.dead_letters, x.restarts);
}
bool operator==(const stage_tally& a, const stage_tally& b);

}  // namespace jobpilot::messages
