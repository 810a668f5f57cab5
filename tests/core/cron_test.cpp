// Cron expressions: exact fire instants (UTC, ISO text) for fields, names, the dom/dow rule, month ends, time zones
// and DST, the refused expressions, and a brute-force cross-check around DST transitions.
#include "core/cron.hpp"

#include <catch2/catch.hpp>
#include <date/date.h>  // calendar arithmetic for the expected values (not the zone code under test)

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace jobpilot::core;
using std::chrono::system_clock;

namespace {

// "2026-03-08T07:00:00Z" <-> instant; ".fff" allowed on input.
system_clock::time_point utc(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  const int n = std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &y, &mo, &d, &h, &mi, &s, &ms);
  REQUIRE(n >= 6);
  return date::sys_days{date::year{y} / mo / d} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s} + std::chrono::milliseconds{ms};
}

std::string iso(system_clock::time_point t) {
  return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(t));
}

std::string iso(const std::optional<system_clock::time_point>& t) { return t ? iso(*t) : "none"; }

cron_schedule schedule(const std::string& expr, const std::string& zone = "UTC") {
  auto r = cron_schedule::parse(expr, zone);
  if (auto* e = std::get_if<cron_error>(&r)) FAIL("'" << expr << "' refused: " << to_string(*e));
  return std::get<cron_schedule>(r);
}

}  // namespace

TEST_CASE("core cron: successive fire instants", "[core]") {
  struct row {
    const char* expr;
    const char* zone;
    const char* after;
    std::vector<const char*> fires;  // each strictly after the previous one; "none" = nullopt
  };
  const char* const ny = "America/New_York";
  const char* const berlin = "Europe/Berlin";
  const char* const kolkata = "Asia/Kolkata";
  // 2026-01-01 is a Thursday; 2026-02-13 and 2026-03-13 are Fridays.
  const row rows[] = {
      // every minute, and the year rollover
      {"* * * * *", "UTC", "2026-01-01T00:00:00Z", {"2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z"}},
      {"* * * * *", "UTC", "2026-12-31T23:59:00Z", {"2027-01-01T00:00:00Z"}},
      {"59 23 31 12 *", "UTC", "2026-12-31T23:59:00Z", {"2027-12-31T23:59:00Z"}},
      {"0 0 1 1 *", "UTC", "2026-06-01T00:00:00Z", {"2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"}},
      // one wall-clock time in several zones
      {"0 9 * * *", "UTC", "2026-06-15T12:00:00Z", {"2026-06-16T09:00:00Z", "2026-06-17T09:00:00Z"}},
      {"0 9 * * *", "", "2026-06-15T12:00:00Z", {"2026-06-16T09:00:00Z"}},
      {"0 9 * * *", ny, "2026-06-15T12:00:00Z", {"2026-06-15T13:00:00Z", "2026-06-16T13:00:00Z"}},
      {"0 9 * * *", ny, "2026-01-15T00:00:00Z", {"2026-01-15T14:00:00Z"}},
      {"0 9 * * *", kolkata, "2026-06-15T12:00:00Z", {"2026-06-16T03:30:00Z", "2026-06-17T03:30:00Z"}},
      {"0 9 * * *", berlin, "2026-06-15T12:00:00Z", {"2026-06-16T07:00:00Z"}},
      {"0 9 * * *", berlin, "2026-01-15T12:00:00Z", {"2026-01-16T08:00:00Z"}},
      {"@daily", berlin, "2026-06-15T12:00:00Z", {"2026-06-15T22:00:00Z"}},
      // the weekday is the zone's: Monday 01:00 in Kolkata is Sunday evening in UTC
      {"0 1 * * mon", kolkata, "2026-01-18T12:00:00Z", {"2026-01-18T19:30:00Z", "2026-01-25T19:30:00Z"}},
      // steps
      {"*/15 * * * *", "UTC", "2026-01-01T10:07:00Z",
       {"2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z", "2026-01-01T10:45:00Z", "2026-01-01T11:00:00Z"}},
      {"10-50/20 * * * *", "UTC", "2026-01-01T10:30:00Z",
       {"2026-01-01T10:50:00Z", "2026-01-01T11:10:00Z", "2026-01-01T11:30:00Z"}},
      {"5/20 * * * *", "UTC", "2026-01-01T10:00:00Z",
       {"2026-01-01T10:05:00Z", "2026-01-01T10:25:00Z", "2026-01-01T10:45:00Z", "2026-01-01T11:05:00Z"}},
      {"0 */6 * * *", "UTC", "2026-01-01T07:00:00Z",
       {"2026-01-01T12:00:00Z", "2026-01-01T18:00:00Z", "2026-01-02T00:00:00Z"}},
      // lists, also of ranges
      {"0 8,12,18 * * *", "UTC", "2026-01-01T12:00:00Z", {"2026-01-01T18:00:00Z", "2026-01-02T08:00:00Z"}},
      {"15,45 9-10 * * *", "UTC", "2026-01-01T09:20:00Z",
       {"2026-01-01T09:45:00Z", "2026-01-01T10:15:00Z", "2026-01-01T10:45:00Z", "2026-01-02T09:15:00Z"}},
      {"0 1-3,22 * * *", "UTC", "2026-01-01T02:30:00Z",
       {"2026-01-01T03:00:00Z", "2026-01-01T22:00:00Z", "2026-01-02T01:00:00Z"}},
      // names, any case, in ranges and with steps
      {"0 9 * * mon-fri", "UTC", "2026-01-16T10:00:00Z", {"2026-01-19T09:00:00Z", "2026-01-20T09:00:00Z"}},
      {"0 0 1 jan,jul *", "UTC", "2026-02-01T00:00:00Z", {"2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"}},
      {"0 0 1 JAN,Jul *", "UTC", "2026-01-01T00:00:00Z", {"2026-07-01T00:00:00Z"}},
      {"0 12 * * Sat,SUN", "UTC", "2026-01-01T00:00:00Z",
       {"2026-01-03T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-10T12:00:00Z"}},
      {"0 0 1 mar-may/2 *", "UTC", "2026-01-01T00:00:00Z",
       {"2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z", "2027-03-01T00:00:00Z"}},
      // day-of-month OR day-of-week when both are restricted ...
      {"0 0 13 * fri", "UTC", "2026-01-01T00:00:00Z",
       {"2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z"}},
      {"0 0 13 * 5", "UTC", "2026-02-01T00:00:00Z",
       {"2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z", "2026-02-20T00:00:00Z"}},
      // ... AND when either starts with '*' (here: odd days that are Fridays)
      {"0 0 */2 * fri", "UTC", "2026-01-01T00:00:00Z",
       {"2026-01-09T00:00:00Z", "2026-01-23T00:00:00Z", "2026-02-13T00:00:00Z"}},
      {"0 0 * * fri", "UTC", "2026-01-01T00:00:00Z", {"2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z"}},
      {"0 0 13 * *", "UTC", "2026-01-01T00:00:00Z", {"2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z"}},
      // month ends
      {"0 0 31 * *", "UTC", "2026-01-31T00:00:00Z",
       {"2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z",
        "2026-10-31T00:00:00Z", "2026-12-31T00:00:00Z"}},
      {"0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z", {"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"}},
      {"0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z", {"2104-02-29T00:00:00Z"}},  // 2100 is no leap year
      {"0 0 30 2 *", "UTC", "2026-01-01T00:00:00Z", {"none"}},
      {"0 0 31 4,6,9,11 *", ny, "2026-01-01T00:00:00Z", {"none"}},
      // day-of-week 7 is Sunday, like 0
      {"0 0 * * 7", "UTC", "2026-01-01T00:00:00Z", {"2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"}},
      {"0 0 * * 0", "UTC", "2026-01-01T00:00:00Z", {"2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"}},
      {"0 0 * * sun", "UTC", "2026-01-01T00:00:00Z", {"2026-01-04T00:00:00Z"}},
      {"0 0 * * 5-7", "UTC", "2026-01-03T00:00:00Z",
       {"2026-01-04T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-10T00:00:00Z", "2026-01-11T00:00:00Z"}},
      // macros
      {"@hourly", "UTC", "2026-01-01T10:30:00Z", {"2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z"}},
      {"@daily", "UTC", "2026-01-01T10:30:00Z", {"2026-01-02T00:00:00Z"}},
      {"@midnight", "UTC", "2026-01-01T10:30:00Z", {"2026-01-02T00:00:00Z"}},
      {"@Daily", "UTC", "2026-01-01T10:30:00Z", {"2026-01-02T00:00:00Z"}},
      {"@weekly", "UTC", "2026-01-01T10:30:00Z", {"2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"}},
      {"@monthly", "UTC", "2026-01-01T10:30:00Z", {"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"}},
      {"@yearly", "UTC", "2026-01-01T10:30:00Z", {"2027-01-01T00:00:00Z"}},
      {"@annually", "UTC", "2026-01-01T10:30:00Z", {"2027-01-01T00:00:00Z"}},
      // the seed's form
      {"cron(0 9 * * *)", "UTC", "2026-06-15T12:00:00Z", {"2026-06-16T09:00:00Z"}},
      {"cron(0 9 * * *)", ny, "2026-06-15T12:00:00Z", {"2026-06-15T13:00:00Z"}},
      {"  cron( @hourly )\n", "UTC", "2026-01-01T10:30:00Z", {"2026-01-01T11:00:00Z"}},
      // New York springs forward on 2026-03-08 at 07:00Z: 02:00-02:59 EST does not exist and fires at 03:00 EDT
      {"30 2 * * *", ny, "2026-03-07T00:00:00Z",
       {"2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"}},
      {"*/30 * * * *", ny, "2026-03-08T06:00:00Z",
       {"2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"}},
      {"0 2 * * *", ny, "2026-03-08T06:59:30Z", {"2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"}},
      {"0 3 * * *", ny, "2026-03-08T06:00:00Z", {"2026-03-08T07:00:00Z", "2026-03-09T07:00:00Z"}},
      // ... and falls back on 2026-11-01 at 06:00Z: 01:00-01:59 comes twice and fires in its first pass (EDT) only
      {"30 1 * * *", ny, "2026-10-31T12:00:00Z", {"2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"}},
      {"30 1 * * *", ny, "2026-11-01T06:10:00Z", {"2026-11-02T06:30:00Z"}},
      {"0 2 * * *", ny, "2026-11-01T06:10:00Z", {"2026-11-01T07:00:00Z"}},
      {"*/30 * * * *", ny, "2026-11-01T04:45:00Z",
       {"2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z"}},
      {"* * * * *", ny, "2026-11-01T05:58:00Z", {"2026-11-01T05:59:00Z", "2026-11-01T07:00:00Z"}},
      // Berlin: 02:00-02:59 CET is skipped on 2026-03-29 (01:00Z), 02:00-02:59 comes twice on 2026-10-25 (01:00Z)
      {"30 2 * * *", berlin, "2026-03-28T00:00:00Z",
       {"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"}},
      {"30 2 * * *", berlin, "2026-10-24T12:00:00Z", {"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
      {"0 9 * * *", berlin, "2026-10-24T12:00:00Z", {"2026-10-25T08:00:00Z"}},
  };
  for (const auto& r : rows) {
    INFO("'" << r.expr << "' in '" << r.zone << "' after " << r.after);
    const cron_schedule s = schedule(r.expr, r.zone);
    auto after = utc(r.after);
    for (const char* expected : r.fires) {
      const auto next = s.next_after(after);
      CHECK(iso(next) == expected);
      if (!next) break;
      after = *next;
    }
  }
}

TEST_CASE("core cron: strictly after, to the second", "[core]") {
  const cron_schedule s = schedule("* * * * *");
  CHECK(iso(s.next_after(utc("2026-01-01T00:00:59.999Z"))) == "2026-01-01T00:01:00Z");
  CHECK(iso(s.next_after(utc("2026-01-01T00:01:00.000Z"))) == "2026-01-01T00:02:00Z");
  CHECK(iso(s.next_after(utc("2026-01-01T00:01:00.001Z"))) == "2026-01-01T00:02:00Z");
  // the far ends of the clock: no overflow (past year 2262 there is no answer)
  CHECK_FALSE(s.next_after(system_clock::time_point::max()).has_value());
  CHECK(s.next_after(system_clock::time_point::min()).has_value());
}

TEST_CASE("core cron: text and zone are kept", "[core]") {
  const cron_schedule a = schedule(" cron(0 9 * * *) ", "America/New_York");
  CHECK(a.text() == "cron(0 9 * * *)");
  CHECK(a.time_zone() == "America/New_York");
  const cron_schedule b = schedule("@daily", "");
  CHECK(b.text() == "@daily");
  CHECK(b.time_zone() == "UTC");
  const cron_schedule copy = a;  // a value: copies fire alike
  CHECK(iso(copy.next_after(utc("2026-06-15T12:00:00Z"))) == "2026-06-15T13:00:00Z");
}

TEST_CASE("core cron: refused expressions name the field and the bad text", "[core]") {
  struct row {
    const char* expr;
    const char* zone;
    std::size_t field;
    const char* message_part;
  };
  const row rows[] = {
      {"", "UTC", 0, "expected 5 fields"},
      {"   ", "UTC", 0, "got 0"},
      {"* * * *", "UTC", 0, "got 4"},
      {"* * * * * *", "UTC", 0, "got 6"},
      {"cron(0 9 * *)", "UTC", 0, "got 4"},
      {"cron(0 9 * * *", "UTC", 0, "missing ')'"},
      {"@reboot", "UTC", 0, "'@reboot'"},
      {"@every 5m", "UTC", 0, "'@every 5m'"},
      {"0 9 * * *", "Mars/Olympus_Mons", 0, "unknown time zone 'Mars/Olympus_Mons'"},
      {"0 9 * * *", "../../etc/passwd", 0, "unknown time zone"},
      {"60 * * * *", "UTC", 1, "60 is out of range 0-59"},
      {"-1 * * * *", "UTC", 1, "unexpected '-' in '-1'"},
      {"99999999999999999999 * * * *", "UTC", 1, "99999999999999999999 is out of range 0-59"},
      {"* 24 * * *", "UTC", 2, "24 is out of range 0-23"},
      {"* * 0 * *", "UTC", 3, "0 is out of range 1-31"},
      {"* * 32 * *", "UTC", 3, "32 is out of range 1-31"},
      {"* * * 0 *", "UTC", 4, "0 is out of range 1-12"},
      {"* * * 13 *", "UTC", 4, "13 is out of range 1-12"},
      {"* * * * 8", "UTC", 5, "8 is out of range 0-7"},
      {"5-1 * * * *", "UTC", 1, "range '5-1' is reversed"},
      {"* * * * sat-sun", "UTC", 5, "range 'sat-sun' is reversed"},
      {"*/0 * * * *", "UTC", 1, "step 0 is out of range 1-59"},
      {"* 1-10/0 * * *", "UTC", 2, "step 0"},
      {"*/60 * * * *", "UTC", 1, "step 60 is out of range 1-59"},
      {"1,,2 * * * *", "UTC", 1, "empty item in '1,,2'"},
      {"1, * * * *", "UTC", 1, "empty item in '1,'"},
      {"* * * * ,mon", "UTC", 5, "empty item in ',mon'"},
      {"* * * foo *", "UTC", 4, "unknown month name 'foo'"},
      {"* * * january *", "UTC", 4, "unknown month name 'january'"},
      {"* * * * funday", "UTC", 5, "unknown day-of-week name 'funday'"},
      {"* * * * monday", "UTC", 5, "'monday'"},
      {"mon * * * *", "UTC", 1, "'mon' is not a number"},
      {"* * jan * *", "UTC", 3, "'jan' is not a number"},
      {"1x * * * *", "UTC", 1, "unexpected 'x' in '1x'"},
      {"1.5 * * * *", "UTC", 1, "unexpected '.' in '1.5'"},
      {"? * * * *", "UTC", 1, "unexpected '?' in '?'"},
      {"* * L * *", "UTC", 3, "'L' is not a number"},
      {"* * * * 1#2", "UTC", 5, "unexpected '#' in '1#2'"},
      {"*-5 * * * *", "UTC", 1, "unexpected '-' in '*-5'"},
      {"5- * * * *", "UTC", 1, "missing value in '5-'"},
      {"/5 * * * *", "UTC", 1, "unexpected '/' in '/5'"},
      {"5/ * * * *", "UTC", 1, "missing step after '/' in '5/'"},
      {"1-2-3 * * * *", "UTC", 1, "unexpected '-' in '1-2-3'"},
      {"*/5/2 * * * *", "UTC", 1, "unexpected '/' in '*/5/2'"},
  };
  for (const auto& r : rows) {
    INFO("'" << r.expr << "' in '" << r.zone << "'");
    const auto parsed = cron_schedule::parse(r.expr, r.zone);
    const auto* e = std::get_if<cron_error>(&parsed);
    REQUIRE(e != nullptr);
    INFO(to_string(*e));
    CHECK(e->field == r.field);
    CHECK_THAT(e->message, Catch::Contains(r.message_part));
  }
}

TEST_CASE("core cron: to_string of an error", "[core]") {
  auto error_of = [](const char* expr) {
    const auto parsed = cron_schedule::parse(expr);
    REQUIRE(std::holds_alternative<cron_error>(parsed));
    return to_string(std::get<cron_error>(parsed));
  };
  CHECK(error_of("* 24 * * *") == "field 2 (hour): 24 is out of range 0-23");
  CHECK(error_of("5-1 * * * *") == "field 1 (minute): range '5-1' is reversed");
  CHECK(error_of("* * * * funday") == "field 5 (day-of-week): unknown day-of-week name 'funday'");
  CHECK(error_of("* * * *") ==
        "expected 5 fields (minute hour day-of-month month day-of-week), got 4 in '* * * *'");
}

// The rule itself, minute by minute, against a hand-made zone of one change (offset `before` until instant
// `change`, then `after`): a wall-clock minute w fires at w - before if that is before the change, else at
// w - after if that is not; both: the first (repeated hour); neither: at the change (DST gap). next_after must
// give the first of these instants after any instant.
TEST_CASE("core cron: agrees with a minute-by-minute search around DST changes", "[core]") {
  using std::chrono::hours;
  using std::chrono::minutes;
  struct fields {
    int minute, hour, day, month, weekday;
  };
  struct row {
    const char* expr;
    std::function<bool(const fields&)> matches;
  };
  const row exprs[] = {
      {"* * * * *", [](const fields&) { return true; }},
      {"*/15 * * * *", [](const fields& f) { return f.minute % 15 == 0; }},
      {"30 2 * * *", [](const fields& f) { return f.minute == 30 && f.hour == 2; }},
      {"0,30 1-3 * * *", [](const fields& f) { return f.minute % 30 == 0 && f.hour >= 1 && f.hour <= 3; }},
      {"59 1 * * *", [](const fields& f) { return f.minute == 59 && f.hour == 1; }},
      {"0 2 * * sun", [](const fields& f) { return f.minute == 0 && f.hour == 2 && f.weekday == 0; }},
      {"45 0-4 1,5,25,29 3,4,10,11 *",
       [](const fields& f) {
         return f.minute == 45 && f.hour <= 4 && (f.day == 1 || f.day == 5 || f.day == 25 || f.day == 29) &&
                (f.month == 3 || f.month == 4 || f.month == 10 || f.month == 11);
       }},
  };
  struct zone_change {
    const char* zone;
    const char* change;  // the 2026 change (tzdata), alone within five weeks of `from`
    minutes before, after;
    const char* from;  // the next_after arguments run over the two days from here
  };
  const zone_change changes[] = {
      {"America/New_York", "2026-03-08T07:00:00Z", hours{-5}, hours{-4}, "2026-03-07T12:00:00Z"},
      {"America/New_York", "2026-11-01T06:00:00Z", hours{-4}, hours{-5}, "2026-10-31T12:00:00Z"},
      {"Europe/Berlin", "2026-03-29T01:00:00Z", hours{1}, hours{2}, "2026-03-28T12:00:00Z"},
      {"Europe/Berlin", "2026-10-25T01:00:00Z", hours{2}, hours{1}, "2026-10-24T12:00:00Z"},
      {"Australia/Lord_Howe", "2026-04-04T15:00:00Z", minutes{660}, minutes{630}, "2026-04-04T00:00:00Z"},
      {"Australia/Lord_Howe", "2026-10-03T15:30:00Z", minutes{630}, minutes{660}, "2026-10-03T00:00:00Z"},
      {"Asia/Kolkata", "2026-03-29T00:00:00Z", minutes{330}, minutes{330}, "2026-03-28T12:00:00Z"},
  };
  for (const auto& z : changes) {
    const auto change = utc(z.change);
    const auto start = utc(z.from);
    const auto stop = start + hours{48};
    for (const auto& e : exprs) {
      INFO("'" << e.expr << "' in " << z.zone << " from " << z.from);
      // The fire instants of the wall-clock minutes from 2 days before `from` to 5 weeks on, in order.
      std::vector<system_clock::time_point> fires;
      const date::sys_time<minutes> first_wall = date::floor<date::days>(start) - date::days{2};  // "wall as UTC"
      for (auto wall = first_wall; wall < first_wall + date::days{35}; wall += minutes{1}) {
        const auto day = date::floor<date::days>(wall);
        const date::year_month_day ymd{day};
        const auto tod = date::make_time(wall - day);
        const fields f{static_cast<int>(tod.minutes().count()), static_cast<int>(tod.hours().count()),
                       static_cast<int>(static_cast<unsigned>(ymd.day())),
                       static_cast<int>(static_cast<unsigned>(ymd.month())),
                       static_cast<int>(date::weekday{day}.c_encoding())};
        if (!e.matches(f)) continue;
        const auto as_before = wall - z.before, as_after = wall - z.after;
        if (as_before < change)
          fires.push_back(as_before);
        else if (as_after >= change)
          fires.push_back(as_after);
        else
          fires.push_back(change);
      }
      REQUIRE(std::is_sorted(fires.begin(), fires.end()));
      const cron_schedule s = schedule(e.expr, z.zone);
      std::vector<std::string> wrong;
      int checked = 0;
      for (auto after = start; after < stop; after += std::chrono::seconds{7 * 60 + 13}) {
        const auto it = std::upper_bound(fires.begin(), fires.end(), after);
        const std::string expected = it == fires.end() ? "past the search" : iso(*it);
        const std::string got = iso(s.next_after(after));
        if (got != expected) wrong.push_back("after " + iso(after) + ": " + got + " != " + expected);
        ++checked;
      }
      INFO((wrong.empty() ? std::string() : wrong.front()) << " (" << wrong.size() << " of " << checked << ")");
      CHECK(wrong.empty());
    }
  }
}
