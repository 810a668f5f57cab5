// Day and month arithmetic for the quota period, on core/time_format's civil-date functions.
#include "fake_jsearch/utc_calendar.hpp"

#include "core/time_format.hpp"

namespace jobpilot::fake_jsearch {
namespace {

constexpr std::int64_t seconds_per_day = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::int64_t utc_midnight(std::int64_t epoch_seconds) {
  return floor_div(epoch_seconds, seconds_per_day) * seconds_per_day;
}

std::int64_t seconds_to_month_end(std::int64_t epoch_seconds) {
  const auto c = core::civil_from_days(floor_div(epoch_seconds, seconds_per_day));
  const std::int64_t next_year = c.month == 12 ? c.year + 1 : c.year;
  const unsigned next_month = c.month == 12 ? 1 : c.month + 1;
  return core::days_from_civil(next_year, next_month, 1) * seconds_per_day - epoch_seconds;
}

std::int64_t utc_month_index(std::int64_t epoch_seconds) {
  const auto c = core::civil_from_days(floor_div(epoch_seconds, seconds_per_day));
  return (c.year - 1970) * 12 + static_cast<std::int64_t>(c.month) - 1;
}

}  // namespace jobpilot::fake_jsearch
