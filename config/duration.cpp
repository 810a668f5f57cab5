// Durations as written in the config file.
#include "config/duration.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

#include "core/ascii.hpp"

namespace jobpilot::config {

namespace {

struct unit {
  std::string_view suffix;
  std::int64_t ms;
};

// Longest suffix first so that "ms" is not read as "m" followed by junk; the order is also
// the preference of format_duration (largest exact unit wins).
constexpr unit units[] = {{"ms", 1}, {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}};

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  text = core::trim(text);
  std::int64_t factor = 1;
  for (const auto& u : units) {
    if (core::ends_with(text, u.suffix)) {
      factor = u.ms;
      text.remove_suffix(u.suffix.size());
      break;
    }
  }
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  // from_chars would accept a second sign; digits only from here on.
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  if (value > std::numeric_limits<std::int64_t>::max() / factor) return std::nullopt;
  value *= factor;
  return std::chrono::milliseconds{negative ? -value : value};
}

std::string format_duration(std::chrono::milliseconds d) {
  const std::int64_t ms = d.count();
  if (ms == 0) return "0ms";
  for (const auto& u : {units[1], units[2], units[3], units[4]}) {
    if (ms % u.ms == 0) return std::to_string(ms / u.ms) + std::string(u.suffix);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace jobpilot::config
