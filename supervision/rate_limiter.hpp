// Token bucket that hands out reservations: the caller learns how long to wait, never busy-waits.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

namespace jobpilot::supervision {

using ms = std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;

struct rate_limit_settings {
  double rate_per_second = 5.0;  ///< <= 0 (or NaN) = unlimited
  double burst = 1.0;            ///< bucket size; values below 1 count as 1
};

/// Thread-safe. The bucket starts full on first use.
class rate_limiter {
 public:
  explicit rate_limiter(rate_limit_settings settings = {});

  /// Takes one token and returns how long the caller must wait before sending (0 = now). The
  /// token is reserved either way (the bucket may go negative), so concurrent callers queue in
  /// call order, each 1/rate after the previous one. Rounded up to whole ms so nobody is early.
  /// A `now` earlier than a previous call's (threads racing) is treated as that earlier call's time.
  ms acquire_delay(time_point now);

  bool unlimited() const { return unlimited_; }
  const rate_limit_settings& settings() const { return settings_; }

 private:
  rate_limit_settings settings_;
  bool unlimited_;
  std::mutex mutex_;
  double tokens_;
  std::optional<time_point> last_;
};

}  // namespace jobpilot::supervision
