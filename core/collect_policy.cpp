#include "core/collect_policy.hpp"

namespace jobpilot::core {

const char* to_string(collect_status s) noexcept {
  switch (s) {
    case collect_status::stored: return "stored";
    case collect_status::cached: return "cached";
    case collect_status::failed: return "failed";
  }
  return "unknown";
}

const char* to_string(collect_stop s) noexcept {
  switch (s) {
    case collect_stop::none: return "none";
    case collect_stop::empty_page: return "empty_page";
    case collect_stop::known_only: return "known_only";
    case collect_stop::quota_exhausted: return "quota_exhausted";
    case collect_stop::refused_key: return "refused_key";
    case collect_stop::storage_failed: return "storage_failed";
    case collect_stop::backlog_full: return "backlog_full";
    case collect_stop::circuit_open: return "circuit_open";
    case collect_stop::invalid_request: return "invalid_request";
  }
  return "unknown";
}

bool ends_search(collect_stop s) noexcept { return s == collect_stop::empty_page || s == collect_stop::known_only; }

bool stops_everything(collect_stop s) noexcept {
  switch (s) {
    case collect_stop::quota_exhausted:
    case collect_stop::refused_key:
    case collect_stop::storage_failed:
    case collect_stop::backlog_full:
    case collect_stop::circuit_open:
      return true;
    default:
      return false;
  }
}

gate_decision decide_gate(bool quota_reserved, bool breaker_permits, int reopened, int max_reopened) noexcept {
  if (!quota_reserved) return gate_decision::stop_quota;
  if (breaker_permits) return gate_decision::call;
  return reopened < max_reopened ? gate_decision::wait_for_breaker : gate_decision::give_up_breaker;
}

attempt_verdict judge_attempt(const attempt_facts& f, int attempt, int max_attempts) noexcept {
  attempt_verdict v;
  const auto& c = f.cls;
  v.keep_reply = f.reached_server && (!f.whole_reply || f.http_status == 200);
  v.reply_usable = c.action == retry_class::none;
  // Transport trouble (TLS included: the dependency is unusable) and 5xx/timeouts say the API is
  // unwell; a burst 429, a quota 429 or a refused request come from a server that answers.
  v.breaker_failure = !f.whole_reply || c.outcome == call_outcome::server_error ||
                      c.outcome == call_outcome::gateway_error || c.outcome == call_outcome::timeout;
  switch (c.action) {
    case retry_class::none:
      if (c.outcome == call_outcome::no_results) v.stop = collect_stop::empty_page;
      break;
    case retry_class::quota:
      v.quota_exhausted = true;
      v.stop = collect_stop::quota_exhausted;
      break;
    case retry_class::permanent:
      v.dead_letter = true;
      if (c.outcome == call_outcome::unauthorized || c.outcome == call_outcome::forbidden)
        v.stop = collect_stop::refused_key;
      else if (c.outcome == call_outcome::bad_request || c.outcome == call_outcome::not_found)
        v.stop = collect_stop::invalid_request;
      break;
    case retry_class::transient:
      v.retry = attempt < max_attempts;
      v.dead_letter = !v.retry;
      break;
  }
  return v;
}

}  // namespace jobpilot::core
