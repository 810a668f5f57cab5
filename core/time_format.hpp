// UTC timestamps as text: the one format used in rows, files and logs.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

using sys_time = std::chrono::system_clock::time_point;

/// "2026-11-28T20:52:49.123Z"
std::string iso8601_utc(sys_time t);

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00]" (also a space instead of 'T').
std::optional<sys_time> parse_iso8601_utc(std::string_view text);

/// "2026/11/28": the raw store's day folder.
std::string date_path(sys_time t);

/// A proleptic Gregorian calendar date.
struct civil_date {
  std::int64_t year;
  unsigned month;  ///< 1-12
  unsigned day;    ///< 1-31
};

/// Days since 1970-01-01 of a date, and back (H. Hinnant's algorithms; no timegm, no locale).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
civil_date civil_from_days(std::int64_t days);

/// Seconds since the epoch.
std::int64_t to_epoch_seconds(sys_time t);
sys_time from_epoch_seconds(std::int64_t s);

}  // namespace jobpilot::core
