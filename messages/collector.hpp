// COLLECTOR stage: one JSearch call per request (page), the reply stored raw before the answer.
#pragma once

#include "core/collect_policy.hpp"
#include "core/jsearch_errors.hpp"
#include "core/jsearch_query.hpp"
#include "messages/atoms.hpp"
#include "messages/status.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>

namespace jobpilot::core {

// inspect for the core value type lives here so core/ stays free of CAF.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, jsearch_query& x) {
  return f(caf::meta::type_name("jobpilot::jsearch_query"), x.endpoint, x.query, x.location, x.page, x.num_pages,
           x.country, x.language, x.date_posted, x.work_from_home, x.employment_types, x.job_requirements, x.radius,
           x.exclude_job_publishers, x.fields, x.cursor, x.job_ids);
}

}  // namespace jobpilot::core

namespace jobpilot::messages {

/// A request for one JSearch call (one page); the seed's job_collection_requests message.
struct collect_request {
  std::string request_id;              ///< collection_requests row (created by the collector when empty)
  core::jsearch_query query;
  std::string strategy = "on_demand";  ///< scheduled, on_demand, batch, incremental
  std::int32_t priority = 0;
  std::int32_t max_attempts = 0;       ///< 0 = the configured default
  bool use_cache = true;               ///< answer from the raw store when the same call was made within the TTL
  std::string replay_of;               ///< the collector dead letter this call replays ("" = none)
  /// Incremental (scheduled runs): epoch ms of the run's start; a page whose jobs were all loaded
  /// before then ends its search. 0 = buy every page asked for (collect, run --once).
  std::int64_t known_before_ms = 0;
};

/// What became of a collect_request.
struct collect_result {
  std::string request_id;
  std::string collection_id;  ///< the stored raw collection (also for failures that got a body)
  core::collect_status status = core::collect_status::failed;
  core::call_outcome outcome = core::call_outcome::ok;  ///< of the last call (ok when cached)
  core::collect_stop stop = core::collect_stop::none;   ///< why no further page should be bought
  std::string error;          ///< human readable, empty on success
  std::int32_t job_count = 0;
  std::int32_t api_calls = 0;  ///< calls that reached the API for this request (retries included)
  std::int32_t attempts = 0;
  std::int64_t response_ms = 0;
  std::string next_cursor;     ///< /search-v2
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, collect_request& x) {
  return f(caf::meta::type_name("jobpilot::collect_request"), x.request_id, x.query, x.strategy, x.priority,
           x.max_attempts, x.use_cache, x.replay_of, x.known_before_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, collect_result& x) {
  return f(caf::meta::type_name("jobpilot::collect_result"), x.request_id, x.collection_id, x.status, x.outcome,
           x.stop, x.error, x.job_count, x.api_calls, x.attempts, x.response_ms, x.next_cursor);
}

bool operator==(const collect_request& a, const collect_request& b);
bool operator==(const collect_result& a, const collect_result& b);

/// The COLLECTOR actor interface (a pool of detached workers behind one router).
using collector_actor = caf::typed_actor<
  /// Makes (or answers from cache) one JSearch call and stores the reply.
  caf::replies_to<atom::collect, collect_request>::with<collect_result>,
  /// Pool state for status pages and readiness.
  caf::replies_to<atom::status>::with<stage_status>>;

}  // namespace jobpilot::messages
