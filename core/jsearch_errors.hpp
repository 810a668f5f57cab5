// Classification of JSearch / RapidAPI replies and transport failures into outcomes and retry classes
// (notes/jsearch-api.md 4.1 and 4.2).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobpilot::core {

using http_headers = std::vector<std::pair<std::string, std::string>>;

// RapidAPI's x-ratelimit-requests-{limit,remaining,reset}; reset is in seconds.
struct quota_headers {
  std::optional<std::int64_t> limit, remaining, reset_seconds;
};

// Names are case-insensitive; values that are not non-negative integers are ignored; the first usable one wins.
quota_headers parse_quota_headers(const http_headers& headers);

// Retry-After as delay-seconds or an HTTP-date (IMF-fixdate, RFC 850, asctime); a date in the past gives 0.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

enum class call_outcome {
  ok,
  no_results,
  bad_request,
  unauthorized,
  forbidden,
  not_found,
  quota_exhausted,
  rate_limited,
  server_error,
  gateway_error,
  timeout,
  network_error,
  invalid_response
};

// none = success; transient = retry with backoff; permanent = dead letter, no retry;
// quota = stop collecting until the quota resets, and alert.
enum class retry_class { none, transient, permanent, quota };

struct classification {
  call_outcome outcome = call_outcome::ok;
  retry_class action = retry_class::none;
  std::optional<std::chrono::milliseconds> retry_after;  // Retry-After, or the quota reset for quota
  std::string message;  // status and the server's own text (<= ~300 chars of it); never request headers
  int job_count = 0;                       // ok: jobs on the page (so the caller need not parse it again)
  std::optional<std::string> next_cursor;  // ok on /search-v2: the next page's cursor
};

// A reply that arrived whole. `now` only matters for a Retry-After given as an HTTP-date.
classification classify_reply(int http_status, const http_headers& headers, std::string_view body,
                              std::chrono::system_clock::time_point now);
classification classify_reply(int http_status, const http_headers& headers, std::string_view body);

enum class transport_failure { resolve, connect, tls, timeout, truncated, protocol, closed, too_large };

// A call that produced no complete reply; detail is the low-level error text (sanitised and truncated here).
classification classify_transport_failure(transport_failure f, std::string_view detail);

const char* to_string(call_outcome o) noexcept;
const char* to_string(retry_class r) noexcept;
const char* to_string(transport_failure f) noexcept;

}  // namespace jobpilot::core
