// UTC day and month arithmetic for posting dates and the monthly quota period.
#pragma once

#include <cstdint>

namespace jobpilot::fake_jsearch {

/// Epoch seconds of 00:00:00 UTC of the day holding `epoch_seconds`.
std::int64_t utc_midnight(std::int64_t epoch_seconds);

/// Seconds from `epoch_seconds` to the first second of the next UTC month (always > 0).
std::int64_t seconds_to_month_end(std::int64_t epoch_seconds);

/// Months since 1970-01 of the UTC month holding `epoch_seconds` (a new value = a new quota period).
std::int64_t utc_month_index(std::int64_t epoch_seconds);

}  // namespace jobpilot::fake_jsearch
