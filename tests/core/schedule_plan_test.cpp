// The scheduler's decisions (core/schedule_plan): due fire times, skips, follow-ups.
#include "core/schedule_plan.hpp"
#include "core/time_format.hpp"

#include <catch2/catch.hpp>

#include <variant>

using namespace jobpilot::core;

namespace {

sys_time at(const char* iso) { return *parse_iso8601_utc(iso); }

cron_schedule cron(const char* text, const char* zone = "UTC") {
  auto parsed = cron_schedule::parse(text, zone);
  REQUIRE(std::holds_alternative<cron_schedule>(parsed));
  return std::get<cron_schedule>(parsed);
}

}  // namespace

TEST_CASE("core schedule_plan: the latest due fire time, missed ones collapsed into one", "[core]") {
  const auto daily = cron("cron(0 9 * * *)");
  struct row {
    const char* after;
    const char* now;
    const char* due;  // nullptr: nothing due
  };
  const row rows[] = {
      {"2026-11-30T08:00:00Z", "2026-11-30T08:59:59Z", nullptr},                 // not yet
      {"2026-11-30T08:00:00Z", "2026-11-30T09:00:00Z", "2026-11-30T09:00:00Z"},  // exactly on time
      {"2026-11-30T09:00:00Z", "2026-11-30T12:00:00Z", nullptr},                 // already recorded
      {"2026-11-27T09:00:00Z", "2026-11-30T12:00:00Z", "2026-11-30T09:00:00Z"},  // down 3 days: one run
      {"2026-11-30T09:00:00Z", "2026-12-01T08:59:00Z", nullptr},
  };
  for (const auto& r : rows) {
    INFO(r.after << " -> " << r.now);
    auto due = latest_due(daily, at(r.after), at(r.now));
    if (!r.due) {
      CHECK_FALSE(due);
    } else {
      REQUIRE(due);
      CHECK(iso8601_utc(*due) == iso8601_utc(at(r.due)));
    }
  }
  // In the schedule's zone: 9 AM in New York is 14:00 UTC in winter.
  auto ny = latest_due(cron("0 9 * * *", "America/New_York"), at("2026-11-30T00:00:00Z"), at("2026-11-30T15:00:00Z"));
  REQUIRE(ny);
  CHECK(iso8601_utc(*ny) == iso8601_utc(at("2026-11-30T14:00:00Z")));
}

TEST_CASE("core schedule_plan: a due run is skipped when the quota or freshness says so", "[core]") {
  const auto now = at("2026-11-30T09:00:00Z");
  run_conditions c;
  c.pages = 9;
  c.quota_reserve = 5;
  CHECK(decide_skip(c, now) == skip_reason::none);  // quota unknown before the first call: run
  c.quota_remaining = 14;
  CHECK(decide_skip(c, now) == skip_reason::none);  // 14 - 9 = 5: exactly the reserve is kept
  c.quota_remaining = 13;
  CHECK(decide_skip(c, now) == skip_reason::quota_short);
  CHECK(explain_skip(skip_reason::quota_short, c, now) ==
        "quota: 9 page(s) would leave 4 call(s), below collector.quota_reserve 5");
  c.check_quota = false;
  CHECK(decide_skip(c, now) == skip_reason::none);

  c.fresher_than = std::chrono::hours(6);
  c.last_done = at("2026-11-30T04:00:00Z");  // 5 h ago
  CHECK(decide_skip(c, now) == skip_reason::fresh);
  CHECK(explain_skip(skip_reason::fresh, c, now) ==
        "fresh: the last run ended 18000 s ago, within skip_if_fresher_than (21600 s)");
  c.last_done = at("2026-11-30T02:59:59Z");  // older than 6 h
  CHECK(decide_skip(c, now) == skip_reason::none);
  c.fresher_than = std::chrono::milliseconds(0);
  c.last_done = now;
  CHECK(decide_skip(c, now) == skip_reason::none);  // 0: never skipped for freshness
}

TEST_CASE("core schedule_plan: triggers, follow-ups and page counts", "[core]") {
  CHECK(kind_of_trigger("after_collection") == trigger_kind::after_collection);
  CHECK(kind_of_trigger("after_processing") == trigger_kind::after_processing);
  CHECK(kind_of_trigger("cron(0 9 * * *)") == trigger_kind::cron);
  CHECK(follow_up_of(trigger_kind::cron) == trigger_kind::after_collection);
  CHECK(follow_up_of(trigger_kind::after_collection) == trigger_kind::after_processing);
  CHECK_FALSE(follow_up_of(trigger_kind::after_processing));  // no loops
  CHECK(pages_of(3, 3, 1) == 9);
  CHECK(pages_of(2, 0, 5) == 10);  // no locations: one search per query
  CHECK(to_epoch_ms(from_epoch_ms(1796022209019)) == 1796022209019);
}

TEST_CASE("core schedule_plan: date_posted narrows to what the last successful run already covers", "[core]") {
  using std::chrono::hours;
  using std::chrono::milliseconds;
  struct row {
    const char* configured;
    std::optional<milliseconds> since;
    const char* expected;
  };
  const row rows[] = {
      {"", std::nullopt, ""},               // never ran: the configured window
      {"", hours(1), "today"},
      {"", hours(11), "today"},
      {"", hours(12), "3days"},             // a margin: "today" may be a calendar day
      {"", hours(59), "3days"},
      {"", hours(60), "week"},
      {"", hours(143), "week"},
      {"", hours(144), "month"},
      {"", hours(599), "month"},
      {"", hours(600), ""},                 // older than a month: everything
      {"week", hours(1), "today"},
      {"today", hours(100), "today"},       // never wider than configured
      {"3days", hours(100), "3days"},
      {"month", hours(30), "3days"},
  };
  for (const auto& r : rows) {
    INFO((r.configured) << " after " << (r.since ? r.since->count() : -1) << " ms");
    CHECK(narrowed_date_posted(r.configured, r.since) == r.expected);
  }
}
