// The COLLECTOR's work on one collect_request, as plain C++ (tested without an actor system). The
// decisions are core::collect_policy's; this class carries them out: cache and backlog checks, the
// rate limiter's wait, the gate (breaker permit, quota reservation), the HTTPS call, the reply kept
// byte for byte (file, row, or the spool when neither can take it), the quota ledger, the retries.
#pragma once

#include "actors/stage_deps.hpp"
#include "config/settings.hpp"
#include "messages/collector.hpp"

#include <functional>
#include <memory>
#include <string>

namespace jobpilot::storage {
struct api_usage_row;
}

namespace jobpilot::supervision {
class shared_circuit_breaker;
class rate_limiter;
class quota_guard;
}  // namespace jobpilot::supervision

namespace jobpilot::actors {

/// Everything the collector workers share. Built once where the pipeline is wired; read-only
/// afterwards (the breaker, limiter and quota guard synchronise themselves).
struct collector_context {
  stage_deps deps;
  std::string data_dir;
  std::string spool_dir;
  config::jsearch_settings jsearch;
  config::collector_settings collector;
  std::string api_key;  ///< secret: goes into one request header, nowhere else
  std::shared_ptr<supervision::shared_circuit_breaker> breaker;
  std::shared_ptr<supervision::rate_limiter> limiter;
  std::shared_ptr<supervision::quota_guard> quota;  ///< seeded from the quota ledger of earlier runs
  /// Told of every call that reached the API (the service's metrics); may be empty.
  std::function<void(const storage::api_usage_row&)> on_call;
};

/// Builds the shared context; the quota guard starts from what the ledger last saw.
std::shared_ptr<const collector_context> make_collector_context(stage_deps deps, const config::settings& settings,
                                                                std::string api_key);

/// The spool used when collector.spool_dir is empty: /var/tmp/jobpilot-etl-spool-<uid>.
std::string default_spool_dir();

class collector_work {
public:
  explicit collector_work(std::shared_ptr<const collector_context> ctx);
  ~collector_work();

  /// Never throws: every failure becomes a collect_result with status failed, an error and a stop.
  messages::collect_result run(const messages::collect_request& request);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
