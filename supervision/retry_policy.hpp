// Bounded retries with full-jitter backoff that never undercuts a server's Retry-After.
#pragma once

#include <chrono>
#include <optional>

namespace jobpilot::supervision {

using ms = std::chrono::milliseconds;

struct retry_settings {
  int max_attempts = 3;           ///< total attempts, the first call included (<= 0 counts as 1)
  ms initial{1'000};              ///< full-jitter base
  ms max{30'000};                 ///< full-jitter cap
  ms max_retry_after{600'000};    ///< a larger Retry-After is capped to this
};

class retry_policy {
 public:
  retry_policy() = default;
  explicit retry_policy(retry_settings settings);

  /// Delay before the next attempt, or nullopt when the caller must give up: the error is not
  /// transient (permanent errors are classified by the caller) or `attempts_made` already reached
  /// max_attempts. Otherwise full_jitter(attempts_made - 1, initial, max, u), raised to the
  /// Retry-After (capped at max_retry_after) when the server sent one.
  std::optional<ms> next_delay(int attempts_made, bool transient, std::optional<ms> retry_after,
                               double u) const;

  /// True when another attempt is allowed after `attempts_made` attempts of a transient failure.
  bool may_retry(int attempts_made, bool transient) const;

  int max_attempts() const { return settings_.max_attempts; }
  const retry_settings& settings() const { return settings_; }

 private:
  retry_settings settings_;
};

}  // namespace jobpilot::supervision
