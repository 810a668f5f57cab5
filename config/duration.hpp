// Durations as written in the config file: "500ms", "10s", "5m", "1h", "7d", or a plain integer (ms).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::config {

/// Parses `<integer><unit>` with unit ms, s, m or h, or a bare integer meaning milliseconds.
/// Surrounding whitespace is ignored; anything else (a space before the unit, fractions,
/// unknown units, overflow) gives nullopt. A leading '-' is accepted so that validate() can
/// say "must be greater than 0" instead of a vaguer syntax error.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// The largest unit that represents `d` exactly: 3600000 -> "1h", 45000 -> "45s", 500 -> "500ms".
/// parse_duration(format_duration(d)) == d for every d.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace jobpilot::config
