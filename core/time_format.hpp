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

/// Seconds since the epoch.
std::int64_t to_epoch_seconds(sys_time t);
sys_time from_epoch_seconds(std::int64_t s);

}  // namespace jobpilot::core
