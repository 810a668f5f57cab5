// Reply and transport-failure classification for the JSearch client (notes/jsearch-api.md 4.1, 4.2).
#include "core/jsearch_errors.hpp"

#include "core/time_format.hpp"

#include "core/ascii.hpp"
#include "core/jsearch_model.hpp"
#include "core/utf8.hpp"

#include <array>
#include <charconv>

namespace jobpilot::core {
namespace {

using namespace std::chrono;

constexpr std::size_t max_server_text = 300;
// Longer Retry-After values are nonsense (and would overflow milliseconds).
constexpr std::int64_t max_retry_after_seconds = 10LL * 365 * 24 * 3600;

const std::string* find_header(const http_headers& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.first, name)) return &h.second;
  return nullptr;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::int64_t n = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, n);
  if (r.ec != std::errc() || r.ptr != end || n < 0) return std::nullopt;
  return n;
}

std::optional<std::int64_t> first_count(const http_headers& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.first, name))
      if (auto n = parse_count(h.second)) return n;
  return std::nullopt;
}

bool contains_icase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

// One line of printable text: control characters become spaces, runs of spaces collapse, and invalid
// UTF-8 loses its non-ASCII bytes; then cut to `limit` bytes on a character boundary.
std::string one_line(std::string_view text, std::size_t limit) {
  const bool utf8_ok = is_valid_utf8(text);
  std::string out;
  out.reserve(std::min(text.size(), limit + 8));
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 && !utf8_ok) continue;
    const char put = (u < 0x20 || u == 0x7F) ? ' ' : c;
    if (put == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += put;
    if (out.size() > limit + 4) break;  // enough to know it must be cut
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > limit) {
    out.resize(utf8_prefix(out, limit).size());
    out += "...";
  }
  return out;
}

// ---- HTTP-date (RFC 9110 5.6.7) ---------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> month_names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};

int month_of(std::string_view token) {
  for (std::size_t i = 0; i < month_names.size(); ++i)
    if (iequals(token, month_names[i])) return static_cast<int>(i) + 1;
  return 0;
}

bool is_alpha_token(std::string_view t) {
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return !t.empty();
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return (m == 2 && leap) ? 29 : days[m - 1];
}

// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
// asctime "Sun Nov  6 08:49:37 1994". Seconds since the epoch.
std::optional<std::int64_t> parse_http_date(std::string_view s) {
  std::vector<std::string_view> tokens;
  std::size_t start = std::string_view::npos;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const bool sep = i == s.size() || s[i] == ' ' || s[i] == ',' || s[i] == '-' || s[i] == ':' || s[i] == '\t';
    if (!sep && start == std::string_view::npos) start = i;
    if (sep && start != std::string_view::npos) {
      tokens.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    }
  }
  std::size_t k = 0;
  if (k < tokens.size() && is_alpha_token(tokens[k]) && month_of(tokens[k]) == 0) ++k;  // weekday
  const auto num = [&](std::size_t i) -> std::optional<std::int64_t> {
    return i < tokens.size() ? parse_count(tokens[i]) : std::nullopt;
  };
  std::optional<std::int64_t> day, year, hh, mm, ss;
  int month = 0;
  if (k < tokens.size() && month_of(tokens[k]) != 0) {  // asctime
    month = month_of(tokens[k]);
    day = num(k + 1), hh = num(k + 2), mm = num(k + 3), ss = num(k + 4), year = num(k + 5);
    if (tokens.size() != k + 6) return std::nullopt;
  } else {
    day = num(k);
    month = k + 1 < tokens.size() ? month_of(tokens[k + 1]) : 0;
    year = num(k + 2), hh = num(k + 3), mm = num(k + 4), ss = num(k + 5);
    if (tokens.size() == k + 7) {
      if (!iequals(tokens[k + 6], "GMT") && !iequals(tokens[k + 6], "UTC")) return std::nullopt;
    } else if (tokens.size() != k + 6) {
      return std::nullopt;
    }
    // RFC 850's two-digit years.
    if (year && tokens[k + 2].size() == 2) *year += (*year < 70) ? 2000 : 1900;
  }
  if (!day || !year || !hh || !mm || !ss || month == 0) return std::nullopt;
  if (*year < 1970 || *year > 9999 || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
  if (*day < 1 || *day > days_in_month(*year, static_cast<unsigned>(month))) return std::nullopt;
  return days_from_civil(*year, static_cast<unsigned>(month), static_cast<unsigned>(*day)) * 86400 + *hh * 3600 +
         *mm * 60 + *ss;
}

classification make(call_outcome o, retry_class a, std::string message,
                     std::optional<milliseconds> retry_after = std::nullopt) {
  classification c;
  c.outcome = o;
  c.action = a;
  c.retry_after = retry_after;
  c.message = std::move(message);
  return c;
}

std::string quota_note(const quota_headers& q) {
  if (!q.remaining && !q.limit && !q.reset_seconds) return {};
  std::string s = " (quota";
  if (q.remaining) s += " remaining " + std::to_string(*q.remaining);
  if (q.limit) s += (q.remaining ? " of " : " limit ") + std::to_string(*q.limit);
  if (q.reset_seconds) s += ", resets in " + std::to_string(*q.reset_seconds) + " s";
  return s + ")";
}

}  // namespace

quota_headers parse_quota_headers(const http_headers& headers) {
  quota_headers q;
  q.limit = first_count(headers, "x-ratelimit-requests-limit");
  q.remaining = first_count(headers, "x-ratelimit-requests-remaining");
  q.reset_seconds = first_count(headers, "x-ratelimit-requests-reset");
  return q;
}

std::optional<milliseconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    const auto n = parse_count(value);
    if (!n || *n > max_retry_after_seconds) return std::nullopt;
    return milliseconds(*n * 1000);
  }
  const auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  const auto delta = seconds(*when) - duration_cast<seconds>(now.time_since_epoch());
  if (delta <= seconds(0)) return milliseconds(0);
  if (delta > seconds(max_retry_after_seconds)) return std::nullopt;
  return duration_cast<milliseconds>(delta);
}

classification classify_reply(int http_status, const http_headers& headers, std::string_view body,
                              system_clock::time_point now) {
  const quota_headers quota = parse_quota_headers(headers);
  std::optional<milliseconds> retry_after;
  if (const auto* h = find_header(headers, "retry-after")) retry_after = parse_retry_after(*h, now);

  const envelope_result env = parse_envelope(body);
  // The server's own words: JSearch's error.message, RapidAPI's message(s), else the raw body (e.g. HTML).
  std::string server_text;
  if (env.ok() && env.page->error_message) {
    server_text = *env.page->error_message;
  } else if (!env.ok() && (http_status < 200 || http_status > 299)) {
    server_text = std::string(utf8_prefix(body, 4 * max_server_text));
  }
  const std::string shown = one_line(server_text, max_server_text);
  const std::string head = "HTTP " + std::to_string(http_status) + " ";
  const auto described = [&](call_outcome o, const std::string& extra = {}) {
    std::string m = head + to_string(o);
    if (!shown.empty()) m += ": " + shown;
    return m + extra;
  };

  if (http_status >= 200 && http_status <= 299) {
    if (!env.ok()) {
      // Paid for and kept: reprocess it later rather than pay again.
      return make(call_outcome::invalid_response, retry_class::permanent,
                  head + "invalid_response: " + one_line(env.error, max_server_text));
    }
    const search_page& page = *env.page;
    switch (page.kind) {
      case page_kind::api_error: {
        std::string code = page.error_code != 0 ? " (code " + std::to_string(page.error_code) + ")" : "";
        return make(call_outcome::bad_request, retry_class::permanent, described(call_outcome::bad_request, code));
      }
      case page_kind::gateway_message:
        return make(call_outcome::invalid_response, retry_class::permanent,
                    described(call_outcome::invalid_response, " (no 'data' in the body)"));
      case page_kind::results: {
        if (page.job_values.empty()) return make(call_outcome::no_results, retry_class::none, head + "no_results");
        auto c = make(call_outcome::ok, retry_class::none,
                      head + "ok: " + std::to_string(page.job_values.size()) + " job(s)");
        c.job_count = static_cast<int>(page.job_values.size());
        c.next_cursor = page.cursor;
        return c;
      }
    }
  }

  switch (http_status) {
    case 400: {
      std::string code = env.ok() && env.page->error_code != 0 ? " (code " + std::to_string(env.page->error_code) + ")" : "";
      return make(call_outcome::bad_request, retry_class::permanent, described(call_outcome::bad_request, code));
    }
    case 401: return make(call_outcome::unauthorized, retry_class::permanent, described(call_outcome::unauthorized));
    case 403: return make(call_outcome::forbidden, retry_class::permanent, described(call_outcome::forbidden));
    case 404: return make(call_outcome::not_found, retry_class::permanent, described(call_outcome::not_found));
    case 408:  // the server gave up waiting for our request: nothing was served, so nothing was paid
      return make(call_outcome::timeout, retry_class::transient, described(call_outcome::timeout), retry_after);
    case 429: {
      const bool spent = (quota.remaining && *quota.remaining == 0) || contains_icase(server_text, "quota");
      if (spent) {
        std::optional<milliseconds> until_reset = retry_after;
        if (quota.reset_seconds && *quota.reset_seconds <= max_retry_after_seconds)
          until_reset = milliseconds(*quota.reset_seconds * 1000);
        return make(call_outcome::quota_exhausted, retry_class::quota,
                    described(call_outcome::quota_exhausted, quota_note(quota)), until_reset);
      }
      return make(call_outcome::rate_limited, retry_class::transient,
                  described(call_outcome::rate_limited, quota_note(quota)), retry_after);
    }
    case 500:
      return make(call_outcome::server_error, retry_class::transient, described(call_outcome::server_error),
                  retry_after);
    case 502:
    case 503:
    case 504:
      return make(call_outcome::gateway_error, retry_class::transient, described(call_outcome::gateway_error),
                  retry_after);
    default: break;
  }
  if (http_status >= 400 && http_status <= 499)
    return make(call_outcome::bad_request, retry_class::permanent, described(call_outcome::bad_request));
  if (http_status >= 500 && http_status <= 599)
    return make(call_outcome::server_error, retry_class::transient, described(call_outcome::server_error),
                retry_after);
  // 1xx / 3xx / nonsense: the client follows no redirects, so this will not change by itself.
  return make(call_outcome::invalid_response, retry_class::permanent,
              described(call_outcome::invalid_response, " (unexpected HTTP status)"));
}

classification classify_reply(int http_status, const http_headers& headers, std::string_view body) {
  return classify_reply(http_status, headers, body, system_clock::now());
}

classification classify_transport_failure(transport_failure f, std::string_view detail) {
  call_outcome o = call_outcome::network_error;
  retry_class a = retry_class::transient;
  switch (f) {
    case transport_failure::timeout: o = call_outcome::timeout; break;
    case transport_failure::resolve:
    case transport_failure::connect:
    case transport_failure::closed: o = call_outcome::network_error; break;
    // The reply never completed; the partial body is kept, and asking again is the only way to get it whole.
    case transport_failure::truncated:
    case transport_failure::protocol: o = call_outcome::invalid_response; break;
    // A certificate problem will not fix itself.
    case transport_failure::tls: o = call_outcome::network_error, a = retry_class::permanent; break;
    case transport_failure::too_large: o = call_outcome::invalid_response, a = retry_class::permanent; break;
  }
  std::string message = std::string("transport ") + to_string(f);
  const std::string shown = one_line(detail, max_server_text);
  if (!shown.empty()) message += ": " + shown;
  return make(o, a, std::move(message));
}

const char* to_string(call_outcome o) noexcept {
  switch (o) {
    case call_outcome::ok: return "ok";
    case call_outcome::no_results: return "no_results";
    case call_outcome::bad_request: return "bad_request";
    case call_outcome::unauthorized: return "unauthorized";
    case call_outcome::forbidden: return "forbidden";
    case call_outcome::not_found: return "not_found";
    case call_outcome::quota_exhausted: return "quota_exhausted";
    case call_outcome::rate_limited: return "rate_limited";
    case call_outcome::server_error: return "server_error";
    case call_outcome::gateway_error: return "gateway_error";
    case call_outcome::timeout: return "timeout";
    case call_outcome::network_error: return "network_error";
    case call_outcome::invalid_response: return "invalid_response";
  }
  return "unknown";
}

const char* to_string(retry_class r) noexcept {
  switch (r) {
    case retry_class::none: return "none";
    case retry_class::transient: return "transient";
    case retry_class::permanent: return "permanent";
    case retry_class::quota: return "quota";
  }
  return "unknown";
}

const char* to_string(transport_failure f) noexcept {
  switch (f) {
    case transport_failure::resolve: return "resolve";
    case transport_failure::connect: return "connect";
    case transport_failure::tls: return "tls";
    case transport_failure::timeout: return "timeout";
    case transport_failure::truncated: return "truncated";
    case transport_failure::protocol: return "protocol";
    case transport_failure::closed: return "closed";
    case transport_failure::too_large: return "too_large";
  }
  return "unknown";
}

}  // namespace jobpilot::core
