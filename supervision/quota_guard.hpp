// Tracks the JSearch monthly quota from the x-ratelimit-requests-* reply headers.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace jobpilot::supervision {

using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;

struct quota_settings {
  std::int64_t reserve = 0;    ///< calls kept in hand: may_call refuses to go below this
  double alert_ratio = 0.8;    ///< alert() once this share of the limit is used
  /// How long a quota 429 blocks calls when nobody told us the reset time.
  std::chrono::seconds unknown_reset_block{3'600};
};

/// Thread-safe. Until the first reply nothing is known and every call is allowed.
class quota_guard {
 public:
  explicit quota_guard(quota_settings settings = {});

  /// Latest reply headers (limit, remaining, reset in seconds from `now`); absent ones keep their
  /// previous value. A reported remaining > 0 lifts an exhaustion set by mark_exhausted.
  void update(std::optional<std::int64_t> limit, std::optional<std::int64_t> remaining,
              std::optional<std::int64_t> reset_seconds, time_point now);

  /// False when remaining - cost < reserve or after a quota 429, until the reset time has passed
  /// (then true again: the new period has begun). Unknown remaining = allowed.
  bool may_call(int cost, time_point now) const;

  /// No single call may be made now (!may_call(1, now)).
  bool exhausted(time_point now) const;

  /// may_call(1, now), and if so one call is taken off `remaining` at once, so a concurrent caller
  /// sees it; the reply's headers then set the true value. Callers reserve after the rate limiter's
  /// wait, right before the call.
  bool try_reserve(time_point now);

  /// Seeds a new guard from the quota ledger of earlier runs: the headers of the newest reply that
  /// carried them, received `age` ago, and whether that reply was a quota 429. Nothing is restored
  /// when that reply's period has ended since (its reset lies in the past).
  void restore(std::optional<std::int64_t> limit, std::optional<std::int64_t> remaining,
               std::optional<std::int64_t> reset_seconds, bool exhausted, std::chrono::seconds age, time_point now);

  /// After a quota 429: remaining becomes 0 and calls stop until now + reset_seconds, else until
  /// the known reset time, else for unknown_reset_block.
  void mark_exhausted(std::optional<std::int64_t> reset_seconds, time_point now);

  /// (limit - remaining) / limit in [0, 1]; 0 while either is unknown or the limit is 0.
  double used_ratio() const;
  /// used_ratio() >= alert_ratio with a known limit.
  bool alert() const;

  std::optional<std::int64_t> remaining() const;
  std::optional<std::int64_t> limit() const;
  /// When the current period ends, if known.
  std::optional<time_point> reset_at() const;

 private:
  bool may_call_locked(int cost, time_point now) const;
  double used_ratio_locked() const;

  quota_settings settings_;
  mutable std::mutex mutex_;
  std::optional<std::int64_t> limit_;
  std::optional<std::int64_t> remaining_;
  std::optional<time_point> reset_at_;
  std::optional<time_point> blocked_until_;
};

}  // namespace jobpilot::supervision
