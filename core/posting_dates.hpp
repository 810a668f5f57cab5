// Posting and expiry dates of a job: epoch seconds or milliseconds, ISO 8601 UTC, or "2 days ago" text.
#pragma once

#include "core/time_format.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace jobpilot::core {

/// "2 days ago", "20 hours ago", "an hour ago", "a day ago", "30+ days ago", "Posted 5 days ago", "5d ago",
/// "15 minutes ago", "3 weeks ago", "1 month ago" (30 days), "2 years ago" (365 days), "just now", "today"
/// (= reference), "yesterday" (reference - 1 day). Case and spacing are free; "ago" is optional. nullopt otherwise.
std::optional<sys_time> parse_relative_age(std::string_view text, sys_time reference);

/// The earliest plausible posting time: 2000-01-01T00:00:00Z.
sys_time earliest_plausible_time();

/// Epoch seconds, or milliseconds when the value has 13 digits or more (>= 1e12). nullopt for negative values and
/// values past the year 2255 (they would overflow the clock).
std::optional<sys_time> from_epoch_auto(std::int64_t value);

/// When a job was posted, by precedence: job_posted_at_timestamp (seconds or milliseconds), then
/// job_posted_at_datetime_utc, then job_posted_at ("2 days ago", relative to collection_time). A value before
/// 2000-01-01 or more than 1 day after collection_time is bad data: it is skipped and the next source is tried.
std::optional<sys_time> resolve_posted_at(std::optional<std::int64_t> epoch_seconds, std::string_view iso_utc,
                                          std::string_view relative, sys_time collection_time);

/// job_offer_expiration_timestamp (seconds or milliseconds), else job_offer_expiration_datetime_utc. Values before
/// 2000-01-01 or from 2100-01-01 on are bad data and skipped.
std::optional<sys_time> resolve_expiry(std::optional<std::int64_t> epoch, std::string_view iso_utc);

}  // namespace jobpilot::core
