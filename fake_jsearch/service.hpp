// The fake JSearch API as a pure request -> reply function: routing, paging, RapidAPI headers, monthly
// quota, per-second limit, fault injection and call counters. Thread-safe (one mutex around the state).
#pragma once

#include "core/ids.hpp"
#include "fake_jsearch/corpus.hpp"
#include "fake_jsearch/random.hpp"
#include "fake_jsearch/request_params.hpp"
#include "net/http_server.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jobpilot::fake_jsearch {

/// What a call costs in quota units.
enum class cost_model {
  per_page,  ///< 2026 rule: one unit per requested page (num_pages)
  legacy,    ///< 2023 rule: 1 for one page, 2 for 2-10 pages, 3 for more
};

/// "per_page" or "legacy".
std::optional<cost_model> parse_cost_model(std::string_view text);

/// Probabilities (0..1) per API call, drawn from a seeded generator in call order.
struct fault_rates {
  double burst_429_rate = 0;       ///< 429 per-second body, Retry-After: 1, quota left
  double quota_429_rate = 0;       ///< 429 MONTHLY quota body, remaining 0
  double error_5xx_rate = 0;       ///< 500/502/503/504 with the gateway's or JSearch's body
  double hang_rate = 0;            ///< wire_fault::hang (charged: the API did the work)
  double cut_rate = 0;             ///< wire_fault::cut (charged)
  double malformed_json_rate = 0;  ///< 200 whose body stops half-way (charged)
  double invalid_utf8_rate = 0;    ///< 200 with invalid UTF-8 bytes inside a string (charged)
  double truncate_rate = 0;        ///< wire_fault::truncate_body at half the body (charged)
};

struct service_options {
  corpus jobs;                                   ///< generated or recorded
  std::size_t page_size = 10;
  int max_page = 100;                            ///< pages beyond it are empty
  std::int64_t monthly_quota = 10000;
  std::int64_t quota_used_start = 0;
  double requests_per_second = 5;                ///< token bucket; 0 = unlimited
  cost_model cost = cost_model::per_page;
  std::optional<std::string> expected_api_key;   ///< unset: any non-empty key is accepted
  fault_rates faults;
  std::uint64_t fault_seed = 1;                  ///< faults, request ids and latency are drawn from it
  double latency_ms = 0;                         ///< median of a log-normal delay; 0 = none
  double latency_p99_ms = 0;                     ///< its 99th percentile (<= median: constant delay)
  std::chrono::milliseconds hang_ms{60'000};
  std::function<std::chrono::steady_clock::time_point()> clock;  ///< per-second limit; default steady_clock
  std::function<std::int64_t()> wall_clock;      ///< epoch seconds for the quota reset; default system_clock
};

/// Every API request served (not the /__ endpoints), faulted ones included. POST /v1/embeddings
/// (a different service) is counted only under by_path, never in total, with_key or the quota.
struct call_counts {
  std::int64_t total = 0;
  std::int64_t with_key = 0;  ///< requests that carried an API key header
  std::map<std::string, std::map<std::string, std::int64_t>> by_path;  ///< path -> outcome -> count
  std::int64_t quota_used = 0;
  std::int64_t quota_limit = 0;
  std::vector<std::string> sent_sha256;  ///< SHA-256 of each API reply body sent whole, in order
  /// Every API call as it arrived: (milliseconds since the Unix epoch, outcome), in arrival order, so
  /// a test can check when calls reached the server (e.g. none while the client's breaker was open).
  std::vector<std::pair<std::int64_t, std::string>> timeline;

  /// {"total","by_path":{"/search":{"ok":n,"hang":n,...}},"with_key","quota_used","quota_limit",
  ///  "sent_sha256":[...],"timeline":[[ms, outcome], ...]}
  boost::json::value to_json() const;
};

class service {
public:
  explicit service(service_options options);

  /// Never throws. Routes: GET /search, /search-v2, /job-details, /__calls, /__labels,
  /// POST /v1/embeddings (fake_jsearch/embeddings_endpoint.hpp); else 404.
  net::server_reply handle(const net::http_request& request);

  call_counts calls() const;
  std::int64_t quota_used() const;
  const corpus& jobs() const { return options_.jobs; }

private:
  enum class outcome;
  struct decision;

  net::server_reply handle_api(const net::http_request& request, const parsed_target& target);
  decision decide(const net::http_request& request, const std::string& path_key, bool known_route,
                  std::int64_t cost);
  bool take_token();
  net::server_reply handle_embeddings(const net::http_request& request);
  std::string render_job(std::size_t index, const std::vector<std::string>& fields) const;

  service_options options_;
  std::vector<std::string> rendered_;                 ///< serialized job objects (raw bytes when recorded)
  std::unordered_map<std::string, std::size_t> by_id_;

  mutable std::mutex mutex_;
  rng faults_;
  core::uuid_generator ids_;
  rng embedding_faults_;  ///< its own stream, so embedding calls do not shift JSearch's faults
  double tokens_ = 0;
  std::chrono::steady_clock::time_point last_refill_;
  std::int64_t quota_used_ = 0;
  std::int64_t quota_month_ = 0;
  call_counts calls_;
};

}  // namespace jobpilot::fake_jsearch
