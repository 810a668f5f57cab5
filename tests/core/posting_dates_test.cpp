// Tests for posting dates: relative ages against a fixed reference, epoch/ISO/relative precedence, bad dates.
#include "core/posting_dates.hpp"

#include "tests/support/real_corpus.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace jobpilot::core;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

sys_time at(const char* iso) {
  auto t = parse_iso8601_utc(iso);
  REQUIRE(t);
  return *t;
}

std::string show(const std::optional<sys_time>& t) { return t ? iso8601_utc(*t) : std::string("none"); }


std::string str_of(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::int64_t> int_of(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (v && v->is_int64()) return v->as_int64();
  if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return std::nullopt;
}

}  // namespace

TEST_CASE("core posting_dates: relative ages", "[core]") {
  const sys_time ref = at("2025-01-31T12:00:00Z");
  struct relative_case {
    const char* text;
    const char* want;  // nullptr: not understood
  };
  const relative_case cases[] = {
      {"2 days ago", "2025-01-29T12:00:00.000Z"},
      {"20 hours ago", "2025-01-30T16:00:00.000Z"},
      {"1 hour ago", "2025-01-31T11:00:00.000Z"},
      {"an hour ago", "2025-01-31T11:00:00.000Z"},
      {"a day ago", "2025-01-30T12:00:00.000Z"},
      {"30+ days ago", "2025-01-01T12:00:00.000Z"},
      {"just now", "2025-01-31T12:00:00.000Z"},
      {"Just posted", "2025-01-31T12:00:00.000Z"},
      {"today", "2025-01-31T12:00:00.000Z"},
      {"Today", "2025-01-31T12:00:00.000Z"},
      {"yesterday", "2025-01-30T12:00:00.000Z"},
      {"3 weeks ago", "2025-01-10T12:00:00.000Z"},
      {"1 month ago", "2025-01-01T12:00:00.000Z"},
      {"2 months ago", "2024-12-02T12:00:00.000Z"},
      {"1 year ago", "2024-02-01T12:00:00.000Z"},  // 365 days, and 2024 had 366
      {"Posted 5 days ago", "2025-01-26T12:00:00.000Z"},
      {"Posted: 5 days ago", "2025-01-26T12:00:00.000Z"},
      {"5d ago", "2025-01-26T12:00:00.000Z"},
      {"5 d ago", "2025-01-26T12:00:00.000Z"},
      {"3h ago", "2025-01-31T09:00:00.000Z"},
      {"15 minutes ago", "2025-01-31T11:45:00.000Z"},
      {"15 mins ago", "2025-01-31T11:45:00.000Z"},
      {"30 seconds ago", "2025-01-31T11:59:30.000Z"},
      {"  2   DAYS   AGO  ", "2025-01-29T12:00:00.000Z"},
      {"2 Days Ago", "2025-01-29T12:00:00.000Z"},
      {"2 days", "2025-01-29T12:00:00.000Z"},
      {"about an hour ago", "2025-01-31T11:00:00.000Z"},
      {"0 days ago", "2025-01-31T12:00:00.000Z"},
      {"", nullptr},
      {"ago", nullptr},
      {"days ago", nullptr},
      {"a few days ago", nullptr},
      {"2 fortnights ago", nullptr},
      {"soon", nullptr},
      {"2025-01-29", nullptr},
      {"-2 days ago", "2025-01-29T12:00:00.000Z"},  // the sign is punctuation; ages are never negative
      {"99999999 days ago", nullptr},
      {"5000 years ago", nullptr},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto t = parse_relative_age(c.text, ref);
    CHECK(show(t) == (c.want ? c.want : "none"));
  }
}

TEST_CASE("core posting_dates: epoch, ISO and relative precedence", "[core]") {
  const sys_time collected = at("2024-07-10T08:30:00Z");
  const std::int64_t july_8 = 1720396800;  // 2024-07-08T00:00:00Z
  struct posted_case {
    std::optional<std::int64_t> epoch;
    const char* iso;
    const char* relative;
    const char* want;
  };
  const posted_case cases[] = {
      {july_8, "2024-07-01T00:00:00.000Z", "1 day ago", "2024-07-08T00:00:00.000Z"},  // epoch first
      {july_8 * 1000 + 123, "", "", "2024-07-08T00:00:00.123Z"},                     // milliseconds
      {std::nullopt, "2024-07-01T00:00:00.000Z", "1 day ago", "2024-07-01T00:00:00.000Z"},  // then ISO
      {std::nullopt, " 2024-07-01T00:00:00.000Z ", "", "2024-07-01T00:00:00.000Z"},
      {std::nullopt, "2024-07-01T02:00:00+02:00", "", "2024-07-01T00:00:00.000Z"},
      {std::nullopt, "", "2 days ago", "2024-07-08T08:30:00.000Z"},  // then relative to the collection time
      {std::nullopt, "garbage", "20 hours ago", "2024-07-09T12:30:00.000Z"},
      {std::nullopt, "", "", "none"},
      {std::nullopt, "not a date", "whenever", "none"},
      // Bad data is skipped in favour of the next source.
      {0, "2024-07-01T00:00:00.000Z", "", "2024-07-01T00:00:00.000Z"},             // 1970
      {-5, "", "today", "2024-07-10T08:30:00.000Z"},                              // negative
      {946684799, "", "1 day ago", "2024-07-09T08:30:00.000Z"},                   // 1999-12-31T23:59:59Z
      {946684800, "", "", "2000-01-01T00:00:00.000Z"},                            // the earliest accepted
      {1720686600, "", "", "2024-07-11T08:30:00.000Z"},                           // exactly 1 day later: kept
      {1720686601, "2024-07-09T00:00:00.000Z", "", "2024-07-09T00:00:00.000Z"},  // 1 day + 1 s later: skipped
      {std::nullopt, "2030-01-01T00:00:00.000Z", "3 days ago", "2024-07-07T08:30:00.000Z"},
      {std::nullopt, "1999-06-01T00:00:00.000Z", "", "none"},
      {std::nullopt, "2024-13-01T00:00:00.000Z", "", "none"},
      {99'999'999'999LL, "", "", "none"},           // 11 digits: neither seconds nor milliseconds of a sane date
      {9'999'999'999'999'999LL, "", "", "none"},    // far beyond
      {1720396800000000LL, "", "yesterday", "2024-07-09T08:30:00.000Z"},  // microseconds are not accepted
  };
  for (const auto& c : cases) {
    INFO((c.epoch ? std::to_string(*c.epoch) : "no epoch") << " | " << c.iso << " | " << c.relative);
    CHECK(show(resolve_posted_at(c.epoch, c.iso, c.relative, collected)) == c.want);
  }
}

TEST_CASE("core posting_dates: epoch units and expiry", "[core]") {
  CHECK(show(from_epoch_auto(1720396800)) == "2024-07-08T00:00:00.000Z");
  CHECK(show(from_epoch_auto(1720396800123)) == "2024-07-08T00:00:00.123Z");
  CHECK_FALSE(from_epoch_auto(999'999'999'999LL));  // 12 digits: year 33658 in seconds
  CHECK_FALSE(from_epoch_auto(-1));
  CHECK_FALSE(from_epoch_auto(9'000'000'000LL));
  CHECK_FALSE(from_epoch_auto(9'000'000'000'000LL));
  CHECK(show(earliest_plausible_time()) == "2000-01-01T00:00:00.000Z");

  struct expiry_case {
    std::optional<std::int64_t> epoch;
    const char* iso;
    const char* want;
  };
  const expiry_case cases[] = {
      {1722470400, "2024-09-01T00:00:00.000Z", "2024-08-01T00:00:00.000Z"},  // epoch first
      {1722470400000, "", "2024-08-01T00:00:00.000Z"},                        // milliseconds
      {std::nullopt, "2024-09-01T00:00:00.000Z", "2024-09-01T00:00:00.000Z"},
      {0, "2024-09-01T00:00:00.000Z", "2024-09-01T00:00:00.000Z"},
      {std::nullopt, "2099-12-31T23:59:59.000Z", "2099-12-31T23:59:59.000Z"},
      {std::nullopt, "2100-01-01T00:00:00.000Z", "none"},
      {std::nullopt, "1999-12-31T00:00:00.000Z", "none"},
      {std::nullopt, "", "none"},
      {std::nullopt, "tomorrow", "none"},
  };
  for (const auto& c : cases) {
    INFO((c.epoch ? std::to_string(*c.epoch) : "no epoch") << " | " << c.iso);
    CHECK(show(resolve_expiry(c.epoch, c.iso)) == c.want);
  }
}

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("core posting_dates: real JSearch corpus", "[core][real]") {
  jobpilot::test::require_real_corpus();
  const auto jobs = jobpilot::test::real_described_jobs();
  REQUIRE(jobs.size() >= 370);
  const sys_time collected = at("2026-01-01T00:00:00Z");  // after every capture
  int dated = 0, relative = 0, expiring = 0;
  for (const auto& job : jobs) {
    INFO(str_of(job, "job_id"));
    const auto ts = int_of(job, "job_posted_at_timestamp");
    const auto iso = str_of(job, "job_posted_at_datetime_utc");
    const auto rel = str_of(job, "job_posted_at");
    if (ts && !iso.empty()) {
      ++dated;
      // The timestamp and the ISO text always agree in the captures, and both are accepted.
      CHECK(show(resolve_posted_at(ts, iso, rel, collected)) == iso);
      CHECK(show(resolve_posted_at(std::nullopt, iso, "", collected)) == iso);
    }
    if (!rel.empty()) {
      ++relative;
      INFO(rel);
      CHECK(parse_relative_age(rel, collected));
    }
    const auto exp_ts = int_of(job, "job_offer_expiration_timestamp");
    if (exp_ts) {
      ++expiring;
      CHECK(resolve_expiry(exp_ts, str_of(job, "job_offer_expiration_datetime_utc")));
    }
  }
  CHECK(dated >= 350);
  CHECK(relative >= 10);
  CHECK(expiring >= 200);
}
