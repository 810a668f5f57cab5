// Tests for JSearch / RapidAPI reply classification: the error table of notes/jsearch-api.md 4.1, the quota
// headers of 4.2, Retry-After, and transport failures.
#include "core/jsearch_errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace jobpilot::core;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(JOBPILOT_SOURCE_DIR) / "tests" / "fixtures" / "jsearch" / name,
                   std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// 2025-06-15T12:00:00Z, so that HTTP-date rows are deterministic.
const auto fixed_now = std::chrono::system_clock::time_point(std::chrono::seconds(1749988800));

http_headers quota(const std::string& remaining, const std::string& limit = "200",
                   const std::string& reset = "2163603") {
  return {{"x-ratelimit-requests-limit", limit},
          {"x-ratelimit-requests-remaining", remaining},
          {"x-ratelimit-requests-reset", reset},
          {"server", "RapidAPI-1.2.8"},
          {"x-rapidapi-region", "AWS - us-west-2"}};
}

http_headers with(http_headers h, std::string name, std::string value) {
  h.emplace_back(std::move(name), std::move(value));
  return h;
}

}  // namespace

TEST_CASE("core: classify_reply follows the JSearch error table", "[core][jsearch][errors]") {
  struct row {
    std::string name;
    int status;
    http_headers headers;
    std::string body;
    call_outcome outcome;
    retry_class action;
    std::optional<milliseconds> retry_after;
  };
  const std::string invalid_key =
      R"({"message":"Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info."})";
  const std::string not_subscribed = R"({"message":"You are not subscribed to this API."})";
  const std::string timeout_504 =
      R"j({"messages":"The request to the API has timed out. Please try again later, or if the issue persists, please contact the API provider", "info": "Your Client (working) ---> Gateway (working) ---> API (took too long to respond)"})j";
  const std::string legacy = fixture("search_legacy.json");

  const std::vector<row> rows = {
      // 200 family
      {"200 with jobs", 200, quota("187"), legacy, call_outcome::ok, retry_class::none, std::nullopt},
      {"200 search-v2", 200, quota("186"), fixture("search_v2.json"), call_outcome::ok, retry_class::none,
       std::nullopt},
      {"200 job-details", 200, quota("185"), fixture("job_details_legacy.json"), call_outcome::ok, retry_class::none,
       std::nullopt},
      {"200 empty data", 200, quota("184"), fixture("empty.json"), call_outcome::no_results, retry_class::none,
       std::nullopt},
      {"200 last request of the quota is still ok", 200, quota("0"), legacy, call_outcome::ok, retry_class::none,
       std::nullopt},
      {"200 status ERROR", 200, quota("183"), fixture("error_status.json"), call_outcome::bad_request,
       retry_class::permanent, std::nullopt},
      {"200 bad JSON", 200, quota("182"), legacy.substr(0, 500) + "}}}", call_outcome::invalid_response,
       retry_class::permanent, std::nullopt},
      {"200 truncated", 200, quota("181"), legacy.substr(0, 4000), call_outcome::invalid_response,
       retry_class::permanent, std::nullopt},
      // Paid for and usable: the bad byte is repaired when parsed, the raw store keeps it.
      {"200 invalid UTF-8", 200, {}, "{\"status\":\"OK\",\"data\":[{\"job_id\":\"a\xFF\"}]}",
       call_outcome::ok, retry_class::none, std::nullopt},
      {"200 not an object", 200, {}, R"([{"job_id":"a"}])", call_outcome::invalid_response, retry_class::permanent,
       std::nullopt},
      {"200 empty body", 200, {}, "", call_outcome::invalid_response, retry_class::permanent, std::nullopt},
      {"200 gateway text, no data", 200, {}, R"({"message":"Something odd"})", call_outcome::invalid_response,
       retry_class::permanent, std::nullopt},
      {"204", 204, {}, "", call_outcome::invalid_response, retry_class::permanent, std::nullopt},
      // 4xx
      {"400 status ERROR", 400, {}, fixture("error_status.json"), call_outcome::bad_request, retry_class::permanent,
       std::nullopt},
      {"400 plain text", 400, {}, "Bad Request", call_outcome::bad_request, retry_class::permanent, std::nullopt},
      {"401 invalid key", 401, {}, invalid_key, call_outcome::unauthorized, retry_class::permanent, std::nullopt},
      {"403 not subscribed, no quota headers", 403, {{"server", "RapidAPI-1.2.8"}}, not_subscribed,
       call_outcome::forbidden, retry_class::permanent, std::nullopt},
      {"403 invalid key text", 403, {}, invalid_key, call_outcome::forbidden, retry_class::permanent, std::nullopt},
      {"404 no body", 404, {}, "", call_outcome::not_found, retry_class::permanent, std::nullopt},
      {"404 endpoint", 404, {}, R"({"message":"Endpoint '/serch' does not exist"})", call_outcome::not_found,
       retry_class::permanent, std::nullopt},
      {"408", 408, {}, "", call_outcome::timeout, retry_class::transient, std::nullopt},
      {"413", 413, {}, "", call_outcome::bad_request, retry_class::permanent, std::nullopt},
      {"422", 422, {}, R"({"message":"bad"})", call_outcome::bad_request, retry_class::permanent, std::nullopt},
      // 429: the remaining header tells quota from burst
      {"429 quota, remaining 0", 429, quota("0"), fixture("quota_429.json"), call_outcome::quota_exhausted,
       retry_class::quota, milliseconds(2163603000LL)},
      {"429 quota body, no headers", 429, {}, fixture("quota_429.json"), call_outcome::quota_exhausted,
       retry_class::quota, std::nullopt},
      {"429 quota body beats remaining > 0", 429, quota("5"), fixture("quota_429.json"),
       call_outcome::quota_exhausted, retry_class::quota, milliseconds(2163603000LL)},
      {"429 remaining 0, burst text", 429, quota("0", "200", "86400"), fixture("burst_429.json"),
       call_outcome::quota_exhausted, retry_class::quota, milliseconds(86400000)},
      {"429 quota without reset uses Retry-After", 429, with({{"X-RateLimit-Requests-Remaining", "0"}}, "Retry-After", "600"),
       fixture("quota_429.json"), call_outcome::quota_exhausted, retry_class::quota, milliseconds(600000)},
      {"429 burst, remaining 57", 429, quota("57"), fixture("burst_429.json"), call_outcome::rate_limited,
       retry_class::transient, std::nullopt},
      {"429 burst, Retry-After seconds", 429, with(quota("57"), "Retry-After", "1"), fixture("burst_429.json"),
       call_outcome::rate_limited, retry_class::transient, milliseconds(1000)},
      {"429 too many requests, unknown remaining", 429, {{"retry-after", "2"}}, R"({"message":"Too many requests"})",
       call_outcome::rate_limited, retry_class::transient, milliseconds(2000)},
      {"429 Retry-After HTTP-date", 429, with(quota("57"), "Retry-After", "Sun, 15 Jun 2025 12:01:30 GMT"),
       fixture("burst_429.json"), call_outcome::rate_limited, retry_class::transient, milliseconds(90000)},
      {"429 Retry-After in the past", 429, {{"Retry-After", "Sun, 15 Jun 2025 11:00:00 GMT"}}, "",
       call_outcome::rate_limited, retry_class::transient, milliseconds(0)},
      {"429 junk Retry-After", 429, {{"Retry-After", "soon"}}, "", call_outcome::rate_limited, retry_class::transient,
       std::nullopt},
      // 5xx
      {"500", 500, quota("150"), R"({"message":"Error with status code 500"})", call_outcome::server_error,
       retry_class::transient, std::nullopt},
      {"500 status ERROR is still a server error", 500, {}, fixture("error_status.json"), call_outcome::server_error,
       retry_class::transient, std::nullopt},
      {"502 messages", 502, {{"X-RapidAPI-Proxy-Response", "true"}}, fixture("gateway_502.json"),
       call_outcome::gateway_error, retry_class::transient, std::nullopt},
      {"503 with Retry-After", 503, {{"Retry-After", "30"}}, "<html>Service Unavailable</html>",
       call_outcome::gateway_error, retry_class::transient, milliseconds(30000)},
      {"504 messages", 504, {}, timeout_504, call_outcome::gateway_error, retry_class::transient, std::nullopt},
      {"507", 507, {}, "", call_outcome::server_error, retry_class::transient, std::nullopt},
      // nonsense
      {"301", 301, {{"Location", "https://example.com/"}}, "", call_outcome::invalid_response,
       retry_class::permanent, std::nullopt},
      {"0", 0, {}, "", call_outcome::invalid_response, retry_class::permanent, std::nullopt},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    const auto c = classify_reply(r.status, r.headers, r.body, fixed_now);
    INFO(c.message);
    CHECK(c.outcome == r.outcome);
    CHECK(c.action == r.action);
    CHECK(c.retry_after == r.retry_after);
    CHECK(c.message.rfind("HTTP " + std::to_string(r.status) + " ", 0) == 0);
  }
}

TEST_CASE("core: classification messages carry the server text, short and clean", "[core][jsearch][errors]") {
  {
    const auto c = classify_reply(429, quota("0"), fixture("quota_429.json"), fixed_now);
    CHECK(c.message ==
          "HTTP 429 quota_exhausted: You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. "
          "Upgrade your plan at https://rapidapi.com/letscrape-6bRBa3QguO5/api/jsearch (quota remaining 0 of 200, "
          "resets in 2163603 s)");
  }
  CHECK(classify_reply(502, {}, fixture("gateway_502.json"), fixed_now).message ==
        "HTTP 502 gateway_error: The API is unreachable, please contact the API provider");
  CHECK(classify_reply(400, {}, fixture("error_status.json"), fixed_now).message ==
        "HTTP 400 bad_request: Invalid value for parameter 'date_posted'. Allowed values: all, today, 3days, week, "
        "month. (code 400)");
  CHECK(classify_reply(200, {}, fixture("error_status.json"), fixed_now).message.find("(code 400)") !=
        std::string::npos);
  CHECK(classify_reply(200, {}, fixture("search_legacy.json"), fixed_now).message == "HTTP 200 ok: 5 job(s)");
  CHECK(classify_reply(200, {}, fixture("empty.json"), fixed_now).message == "HTTP 200 no_results");
  CHECK(classify_reply(404, {}, "", fixed_now).message == "HTTP 404 not_found");
  CHECK(classify_reply(200, {}, "[1]", fixed_now).message ==
        "HTTP 200 invalid_response: body is not a JSON object (got array)");
  CHECK(classify_reply(200, {}, "{\"a\":\"\xC3\"}", fixed_now).message ==
        "HTTP 200 invalid_response: missing 'data' array");  // the bad byte itself is repaired

  // A long HTML error page: one line, cut near 300 characters.
  std::string html = "<html>\r\n<head><title>500 Internal Server Error</title></head>\n<body>";
  for (int i = 0; i < 200; ++i) html += "\tstack frame " + std::to_string(i) + "\n";
  const auto c = classify_reply(500, {}, html, fixed_now);
  CHECK(c.message.size() <= 330);
  CHECK(c.message.find('\n') == std::string::npos);
  CHECK(c.message.find('\r') == std::string::npos);
  CHECK(c.message.find('\t') == std::string::npos);
  CHECK(c.message.rfind("HTTP 500 server_error: <html> <head><title>500 Internal Server Error</title>", 0) == 0);
  CHECK(c.message.substr(c.message.size() - 3) == "...");

  // Cutting never splits a UTF-8 character, and invalid bytes do not leak into the message.
  std::string long_text = R"({"message":")";
  for (int i = 0; i < 200; ++i) long_text += "\xC3\xBC";  // ü
  long_text += R"("})";
  const auto u = classify_reply(503, {}, long_text, fixed_now);
  CHECK(u.message.size() <= 330);
  CHECK(u.message.find("\xC3\xBC") != std::string::npos);
  CHECK(u.message.substr(u.message.size() - 5) == "\xC3\xBC...");
  const auto garbage = classify_reply(502, {}, "bad \xFF\xFE gateway", fixed_now);
  CHECK(garbage.message == "HTTP 502 gateway_error: bad gateway");

  // Whatever headers come in, their values do not appear in the message (only the quota numbers do).
  const http_headers leaky = {{"X-RapidAPI-Key", "sk-secret-123"}, {"Authorization", "Bearer secret-456"},
                              {"x-ratelimit-requests-remaining", "3"}};
  for (int status : {200, 401, 403, 429, 500, 502}) {
    const auto m = classify_reply(status, leaky, fixture("burst_429.json"), fixed_now).message;
    INFO(m);
    CHECK(m.find("secret") == std::string::npos);
  }
}

TEST_CASE("core: parse_quota_headers reads names in any case and ignores junk", "[core][jsearch][errors]") {
  struct row {
    std::string name;
    http_headers headers;
    std::optional<std::int64_t> limit, remaining, reset;
  };
  const std::vector<row> rows = {
      {"none", {}, std::nullopt, std::nullopt, std::nullopt},
      {"lower case", quota("187", "200", "2163603"), 200, 187, 2163603},
      {"mixed case",
       {{"X-RateLimit-Requests-Limit", "10000"},
        {"X-RATELIMIT-REQUESTS-REMAINING", " 9876 "},
        {"x-Ratelimit-Requests-Reset", "86400"}},
       10000, 9876, 86400},
      {"junk values",
       {{"x-ratelimit-requests-limit", "lots"},
        {"x-ratelimit-requests-remaining", "-1"},
        {"x-ratelimit-requests-reset", "12.5"}},
       std::nullopt, std::nullopt, std::nullopt},
      {"empty and overflow",
       {{"x-ratelimit-requests-limit", ""}, {"x-ratelimit-requests-remaining", "99999999999999999999999"}},
       std::nullopt, std::nullopt, std::nullopt},
      {"first usable wins",
       {{"x-ratelimit-requests-remaining", "n/a"},
        {"x-ratelimit-requests-remaining", "0"},
        {"x-ratelimit-requests-remaining", "5"}},
       std::nullopt, 0, std::nullopt},
      {"windowed headers are other headers",
       {{"x-ratelimit-limit", "5"}, {"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1"}},
       std::nullopt, std::nullopt, std::nullopt},
      {"similar names do not match", {{"x-ratelimit-requests-remaining-extra", "1"}}, std::nullopt, std::nullopt,
       std::nullopt},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    const auto q = parse_quota_headers(r.headers);
    CHECK(q.limit == r.limit);
    CHECK(q.remaining == r.remaining);
    CHECK(q.reset_seconds == r.reset);
  }
}

TEST_CASE("core: parse_retry_after takes seconds and HTTP-dates", "[core][jsearch][errors]") {
  struct row {
    std::string value;
    std::optional<milliseconds> expected;
  };
  const std::vector<row> rows = {
      {"0", 0ms},
      {"1", 1000ms},
      {" 120 ", 120000ms},
      {"Sun, 15 Jun 2025 12:01:30 GMT", 90000ms},       // IMF-fixdate
      {"sun, 15 jun 2025 12:01:30 gmt", 90000ms},       // case-insensitive
      {"Sunday, 15-Jun-25 12:01:30 GMT", 90000ms},      // RFC 850
      {"Sun Jun 15 12:01:30 2025", 90000ms},            // asctime
      {"Sun Jun  15 12:01:30 2025", 90000ms},           // asctime pads the day with a space
      {"Mon, 16 Jun 2025 12:00:00 GMT", 86400000ms},
      {"Sun, 15 Jun 2025 11:00:00 GMT", 0ms},           // already past
      {"Thu, 01 Jan 1970 00:00:00 GMT", 0ms},
      {"", std::nullopt},
      {"soon", std::nullopt},
      {"-5", std::nullopt},
      {"1.5", std::nullopt},
      {"10s", std::nullopt},
      {"99999999999", std::nullopt},                    // centuries: nonsense
      {"Sun, 15 Jun 2025 12:01:30 EST", std::nullopt},  // HTTP-dates are GMT only
      {"Sun, 31 Feb 2025 12:00:00 GMT", std::nullopt},
      {"Sun, 15 Jux 2025 12:00:00 GMT", std::nullopt},
      {"Sun, 15 Jun 2025 25:00:00 GMT", std::nullopt},
      {"Sun, 15 Jun 2025", std::nullopt},
      {"Sun, 15 Jun 2025 12:01:30 GMT extra", std::nullopt},
  };
  for (const auto& r : rows) {
    INFO("value: '" << r.value << "'");
    CHECK(parse_retry_after(r.value, fixed_now) == r.expected);
  }
}

TEST_CASE("core: classify_transport_failure maps every failure", "[core][jsearch][errors]") {
  struct row {
    transport_failure f;
    call_outcome outcome;
    retry_class action;
    std::string name;
  };
  const std::vector<row> rows = {
      {transport_failure::timeout, call_outcome::timeout, retry_class::transient, "timeout"},
      {transport_failure::resolve, call_outcome::network_error, retry_class::transient, "resolve"},
      {transport_failure::connect, call_outcome::network_error, retry_class::transient, "connect"},
      {transport_failure::closed, call_outcome::network_error, retry_class::transient, "closed"},
      {transport_failure::truncated, call_outcome::invalid_response, retry_class::transient, "truncated"},
      {transport_failure::protocol, call_outcome::invalid_response, retry_class::transient, "protocol"},
      {transport_failure::tls, call_outcome::network_error, retry_class::permanent, "tls"},
      {transport_failure::too_large, call_outcome::invalid_response, retry_class::permanent, "too_large"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    const auto c = classify_transport_failure(r.f, "certificate verify failed\n(hostname mismatch)");
    CHECK(c.outcome == r.outcome);
    CHECK(c.action == r.action);
    CHECK_FALSE(c.retry_after);
    CHECK(std::string(to_string(r.f)) == r.name);
    CHECK(c.message == "transport " + r.name + ": certificate verify failed (hostname mismatch)");
  }
  CHECK(classify_transport_failure(transport_failure::timeout, "").message == "transport timeout");
  CHECK(classify_transport_failure(transport_failure::closed, std::string(2000, 'x')).message.size() <= 330);
}

TEST_CASE("core: call_outcome and retry_class names", "[core][jsearch][errors]") {
  const std::vector<std::pair<call_outcome, std::string>> outcomes = {
      {call_outcome::ok, "ok"},
      {call_outcome::no_results, "no_results"},
      {call_outcome::bad_request, "bad_request"},
      {call_outcome::unauthorized, "unauthorized"},
      {call_outcome::forbidden, "forbidden"},
      {call_outcome::not_found, "not_found"},
      {call_outcome::quota_exhausted, "quota_exhausted"},
      {call_outcome::rate_limited, "rate_limited"},
      {call_outcome::server_error, "server_error"},
      {call_outcome::gateway_error, "gateway_error"},
      {call_outcome::timeout, "timeout"},
      {call_outcome::network_error, "network_error"},
      {call_outcome::invalid_response, "invalid_response"},
  };
  for (const auto& [o, name] : outcomes) CHECK(to_string(o) == name);
  CHECK(std::string(to_string(retry_class::none)) == "none");
  CHECK(std::string(to_string(retry_class::transient)) == "transient");
  CHECK(std::string(to_string(retry_class::permanent)) == "permanent");
  CHECK(std::string(to_string(retry_class::quota)) == "quota");
}
