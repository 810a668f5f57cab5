// The status every stage answers (aggregated by `status` and, later, /readyz).
#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace jobpilot::messages {

struct stage_status {
  std::string stage;          ///< collector, processor, embedder, deduper, loader
  std::string state = "up";   ///< up, degraded (restarting workers), down
  std::int32_t workers = 0;
  std::int32_t busy = 0;
  std::int32_t queued = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int32_t restarts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stage_status& x) {
  return f(caf::meta::type_name("jobpilot::stage_status"), x.stage, x.state, x.workers, x.busy, x.queued,
           x.completed, x.failed, x.restarts);
}

bool operator==(const stage_status& a, const stage_status& b);

}  // namespace jobpilot::messages
