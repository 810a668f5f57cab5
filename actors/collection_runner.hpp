// One collect_request carried out: cache check, quota, breaker, rate limit, the
// HTTP call, classification, the raw file and row, the quota ledger, retries.
// Plain C++ (no CAF) so it is tested directly; the collector actor owns one per worker.
#pragma once

#include "config/settings.hpp"
#include "messages/collector.hpp"

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace jobpilot::storage {
class database;
}

namespace jobpilot::supervision {
class shared_circuit_breaker;
class rate_limiter;
class quota_guard;
}  // namespace jobpilot::supervision

namespace jobpilot::actors {

/// Everything the collector workers share. Built once in app/, read-only afterwards
/// (the breaker, limiter and quota guard synchronise themselves).
struct collector_context {
  std::shared_ptr<storage::database> db;
  std::string data_dir;
  config::jsearch_settings jsearch;
  config::collector_settings collector;
  std::string api_key;  ///< secret: goes into one request header, nowhere else
  std::shared_ptr<supervision::shared_circuit_breaker> breaker;
  std::shared_ptr<supervision::rate_limiter> limiter;
  std::shared_ptr<supervision::quota_guard> quota;
  std::shared_ptr<spdlog::logger> log;
};

/// Builds the shared context (breaker, limiter, quota guard from the settings).
std::shared_ptr<const collector_context> make_collector_context(std::shared_ptr<storage::database> db,
                                                                std::string data_dir,
                                                                const config::settings& settings,
                                                                std::string api_key,
                                                                std::shared_ptr<spdlog::logger> log);

class collection_runner {
public:
  explicit collection_runner(std::shared_ptr<const collector_context> ctx);
  ~collection_runner();

  /// Never throws: every failure becomes a collect_result with status "failed" and an error.
  messages::collect_result run(const messages::collect_request& request);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
