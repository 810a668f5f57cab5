// H. Hinnant's civil-date algorithms, reduced to what the quota period needs.
#include "fake_jsearch/utc_calendar.hpp"

namespace jobpilot::fake_jsearch {
namespace {

constexpr std::int64_t seconds_per_day = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct year_month {
  std::int64_t year;
  unsigned month;
};

year_month civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m};
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::int64_t utc_midnight(std::int64_t epoch_seconds) {
  return floor_div(epoch_seconds, seconds_per_day) * seconds_per_day;
}

std::int64_t seconds_to_month_end(std::int64_t epoch_seconds) {
  const auto c = civil_from_days(floor_div(epoch_seconds, seconds_per_day));
  const std::int64_t next_year = c.month == 12 ? c.year + 1 : c.year;
  const unsigned next_month = c.month == 12 ? 1 : c.month + 1;
  return days_from_civil(next_year, next_month, 1) * seconds_per_day - epoch_seconds;
}

std::int64_t utc_month_index(std::int64_t epoch_seconds) {
  const auto c = civil_from_days(floor_div(epoch_seconds, seconds_per_day));
  return (c.year - 1970) * 12 + static_cast<std::int64_t>(c.month) - 1;
}

}  // namespace jobpilot::fake_jsearch
