// The scheduler's decisions, apart from its actor and its table: which fire time is due, whether a
// due run is skipped, what an ended run sets off. The seed's ETLScheduler strategies: time-based
// (cron), event-based (after_collection / after_processing with a delay), conditional (quota,
// freshness).
#pragma once

#include "core/cron.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

using sys_time = std::chrono::system_clock::time_point;

enum class trigger_kind { cron, after_collection, after_processing };

/// "after_collection", "after_processing", else a cron expression.
trigger_kind kind_of_trigger(std::string_view trigger) noexcept;

/// The after-trigger an ended run of `ended` sets off: a cron run -> after_collection schedules, an
/// after_collection run -> after_processing schedules, nothing after that (so no trigger loops).
std::optional<trigger_kind> follow_up_of(trigger_kind ended) noexcept;

/// The latest fire time t of `cron` with `after` < t <= `now`, or nullopt. Fire times missed while
/// the service was down collapse into this one run (cron's usual "run once when back").
std::optional<sys_time> latest_due(const cron_schedule& cron, sys_time after, sys_time now);

enum class skip_reason { none, quota_short, fresh };
const char* to_string(skip_reason r) noexcept;

struct run_conditions {
  std::int64_t pages = 0;                      ///< calls the run may make
  std::optional<std::int64_t> quota_remaining; ///< from the quota ledger; unknown before the first call
  std::int64_t quota_reserve = 0;
  bool check_quota = true;
  std::optional<sys_time> last_done;           ///< when this schedule's last successful run ended
  std::chrono::milliseconds fresher_than{0};   ///< 0: never skip for freshness
};

/// Whether a due run is skipped: its pages would take the quota below the reserve, or the data of
/// its last run is still fresher than asked.
skip_reason decide_skip(const run_conditions& c, sys_time now) noexcept;

/// "quota: 9 pages would leave 3 calls, below the reserve of 5" / "fresh: the last run ended 12 min ago".
std::string explain_skip(skip_reason r, const run_conditions& c, sys_time now);

/// Incremental collection: the date_posted a scheduled search can use when the same schedule last
/// ran successfully `since_last_done` ago: the narrowest JSearch window that still covers that time
/// with a margin (today under 12 h, 3days under 2.5 days, week under 6 days, month under 25 days),
/// never wider than `configured` ("" = all).
std::string narrowed_date_posted(const std::string& configured, std::optional<std::chrono::milliseconds> since_last_done);

/// Calls a collecting run makes at most: queries x max(1, locations) x pages.
std::int64_t pages_of(std::size_t queries, std::size_t locations, int pages) noexcept;

std::int64_t to_epoch_ms(sys_time t) noexcept;
sys_time from_epoch_ms(std::int64_t ms) noexcept;

}  // namespace jobpilot::core
