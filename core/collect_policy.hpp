// The collector's decisions, apart from the I/O that carries them out: may a call go out, what
// one attempt's outcome means (keep the reply? retry? dead letter? stop buying?), and what the
// circuit breaker and the quota guard learn from it. Table-tested in tests/core/collect_policy_test.cpp.
#pragma once

#include "core/jsearch_errors.hpp"

#include <chrono>
#include <optional>

namespace jobpilot::core {

/// What became of one collect request (one page).
enum class collect_status {
  stored,  ///< a reply with job data (or an empty page) is stored as a pending raw collection
  cached,  ///< the same request was answered within the cache TTL: no call
  failed,  ///< no usable reply (whatever was paid for is still kept, as a failed collection)
};

/// Why no further page should be bought: for this search, or (stops_everything) for the run.
enum class collect_stop {
  none,
  empty_page,       ///< this search has no more results
  known_only,       ///< every job on this page is already stored: the later pages hold nothing new
  quota_exhausted,  ///< the monthly quota, or the configured reserve, is reached
  refused_key,      ///< 401/403: the next call would be refused too
  storage_failed,   ///< a paid reply could not be written where it belongs (it went to the spool)
  backlog_full,     ///< processing is behind by more than collector.max_backlog collections
  circuit_open,     ///< JSearch kept failing while the breaker waited for it to recover
  invalid_request,  ///< the request itself is wrong; every page of it would be
};

const char* to_string(collect_status s) noexcept;
const char* to_string(collect_stop s) noexcept;

/// True when this search is simply done (no more results, or nothing new): not a failure.
bool ends_search(collect_stop s) noexcept;

/// True when no other search should get a call either.
bool stops_everything(collect_stop s) noexcept;

/// Before a call: may it go out? (The rate limiter has already spaced it.)
enum class gate_decision {
  call,             ///< quota reserved and breaker permit taken
  stop_quota,       ///< the quota guard refused: stop collecting
  wait_for_breaker, ///< the breaker is open (or its probe is out): wait, then ask again
  give_up_breaker,  ///< the breaker kept failing its probes while this request waited: the API is down
};

/// How many times the breaker may open again (a failed probe each time) while one request waits for
/// it before collection stops. An API that fails this many probes in a row is down, not unwell; one
/// that fails a share of its calls gets through (with the default breaker, 8 reopenings take about
/// 45 minutes: 30 s doubling up to 10 min). Counted, not timed: a slow machine must not give up sooner.
constexpr int breaker_reopenings_before_giving_up = 8;

/// `reopened`: how often the breaker opened again while this request waited for it.
gate_decision decide_gate(bool quota_reserved, bool breaker_permits, int reopened,
                          int max_reopened = breaker_reopenings_before_giving_up) noexcept;

/// What one attempt produced, whatever the transport did.
struct attempt_facts {
  bool reached_server = false;  ///< the request was sent: it may have been charged
  bool whole_reply = false;     ///< a complete HTTP reply arrived (else a transport failure)
  int http_status = 0;
  classification cls;
};

struct attempt_verdict {
  /// A 200 (even a broken one) or a reply lost in transit may have been charged: keep its bytes
  /// as a raw collection. Error statuses carry no paid data; the quota ledger has them.
  bool keep_reply = false;
  bool reply_usable = false;     ///< kept as pending (job data or an empty page), else as failed
  bool breaker_failure = false;  ///< what the JSearch breaker learns: the API is unwell
  bool quota_exhausted = false;  ///< a quota 429: the guard blocks calls until the reset
  bool retry = false;            ///< try the same page again (after the retry policy's delay)
  bool dead_letter = false;      ///< record the request in failed_operations
  collect_stop stop = collect_stop::none;
};

/// `attempt` counts from 1; `max_attempts` includes the first call.
attempt_verdict judge_attempt(const attempt_facts& f, int attempt, int max_attempts) noexcept;

}  // namespace jobpilot::core
