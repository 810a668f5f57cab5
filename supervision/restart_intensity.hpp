// OTP-style restart intensity (at most N restarts in T) plus the Akka backoff before each restart.
#pragma once

#include <chrono>
#include <deque>

#include "supervision/backoff.hpp"

namespace jobpilot::supervision {

using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;

struct restart_settings {
  int max_restarts = 3;        ///< restarts tolerated within `period` (< 0 counts as 0)
  ms period{5'000};
  ms min_backoff{200};         ///< delay before the first restart in the window
  ms max_backoff{10'000};
  double random_factor = 0.2;
};

/// Single owner (the supervisor actor).
class restart_intensity {
 public:
  explicit restart_intensity(restart_settings settings = {});

  /// Records a restart at `now`. False when this makes more than max_restarts within the last
  /// `period` (OTP counts restarts at t >= now - period): the supervisor must escalate.
  bool record_restart(time_point now);

  /// Delay before the restart just recorded: exponential_backoff(k - 1, min, max, rf, u) where k
  /// is the number of restarts in the window (so the first one waits min_backoff * jitter).
  ms restart_delay(double u) const;

  /// Restarts within the window ending at `now`.
  int restarts_in_window(time_point now) const;

  /// Forgets the history (after the stage itself was restarted by its parent).
  void reset() { restarts_.clear(); }

  const restart_settings& settings() const { return settings_; }

 private:
  restart_settings settings_;
  std::deque<time_point> restarts_;  ///< oldest first, at most max_restarts + 1 entries
};

}  // namespace jobpilot::supervision
