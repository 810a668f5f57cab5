// 5-field cron expressions (Vixie/ISC cron, `man 5 crontab`) and their next fire time in an IANA time zone, for
// the scheduler. Table-tested in tests/core/cron_test.cpp.
#pragma once

#include <bitset>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace date {
class time_zone;  // <date/tz.h> is heavy: only cron.cpp includes it
}

namespace jobpilot::core {

/// Why an expression was refused.
struct cron_error {
  std::size_t field = 0;  ///< 1-5 (minute, hour, day-of-month, month, day-of-week); 0 = the whole expression
  std::string message;    ///< names the bad text, e.g. "24 is out of range 0-23"
};

/// "field 2 (hour): 24 is out of range 0-23"; a whole-expression error is its message alone.
std::string to_string(const cron_error& e);

/// A parsed schedule: one bitset per field plus the zone its wall-clock times are read in. Cheap to copy.
class cron_schedule {
 public:
  /// "m h dom mon dow", the seed's "cron(0 9 * * *)", or @hourly @daily @midnight @weekly @monthly @yearly
  /// @annually. `time_zone` is an IANA name ("UTC", "America/New_York"); empty means UTC.
  static std::variant<cron_schedule, cron_error> parse(std::string_view text, std::string_view time_zone = "UTC");

  /// The first fire time strictly after `after`, or nullopt when there is none within 8 years ("0 0 30 2 *").
  /// A wall-clock time skipped by a DST gap fires at the end of the gap; a repeated one fires at its first
  /// occurrence only.
  std::optional<std::chrono::system_clock::time_point> next_after(std::chrono::system_clock::time_point after) const;

  const std::string& text() const { return text_; }            ///< as given, without surrounding blanks
  const std::string& time_zone() const { return zone_name_; }  ///< "UTC" when parse got ""

 private:
  cron_schedule() = default;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // bits 1-31
  std::bitset<13> months_;   // bits 1-12
  std::bitset<7> weekdays_;  // bit 0 = Sunday (a 7 in the text lands here too)
  // Whether the field's text starts with '*'. If either does, day-of-month AND day-of-week must match; if
  // neither does, either one is enough (Vixie's DOM_STAR/DOW_STAR rule: "0 0 13 * fri" is the 13th or a Friday).
  bool days_star_ = false;
  bool weekdays_star_ = false;
  std::string text_;
  std::string zone_name_;
  const date::time_zone* zone_ = nullptr;  // owned by date's tzdb, which lives until exit
};

}  // namespace jobpilot::core
