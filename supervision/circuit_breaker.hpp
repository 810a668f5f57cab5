// Circuit breaker with Akka semantics: closed / open / half-open with exactly one trial call.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "supervision/backoff.hpp"

namespace jobpilot::supervision {

using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;

struct breaker_settings {
  int max_failures = 5;             ///< consecutive failures that open the breaker (<= 0 counts as 1)
  ms call_timeout{30'000};          ///< a call slower than this counts as a failure
  ms reset_timeout{30'000};         ///< first stay in open
  ms max_reset_timeout{600'000};    ///< the stay in open never grows beyond this (before jitter)
  double backoff_factor = 2.0;      ///< growth of the stay after each failed trial
  double random_factor = 0.2;       ///< the stay is multiplied by 1 + U[0,1) * random_factor
};

/// Numeric values follow resilience4j's state gauge (0 closed, 1 open, 2 half-open).
enum class breaker_state { closed = 0, open = 1, half_open = 2 };

std::string_view to_string(breaker_state s);

/// Handed out for every admitted call; the call's outcome must come back through record().
struct breaker_permit {
  std::uint64_t epoch = 0;  ///< the breaker's epoch at admission (it changes with every state change)
  bool trial = false;       ///< the one half-open probe
};

/// Single-owner breaker (one actor). Use shared_circuit_breaker when threads share one.
/// Callers take a permit before each call and report its outcome with record(). Only outcomes of
/// calls admitted in the current epoch count: a late reply from before the breaker opened can
/// neither close it nor decide its half-open probe.
class circuit_breaker {
 public:
  explicit circuit_breaker(breaker_settings settings = {},
                           uniform_source uniform = make_random_uniform_source());

  /// closed: a permit. open: none until now >= open_until(), then half-open and exactly one trial
  /// permit. half-open: none while the trial is out; a trial not reported within call_timeout counts
  /// as failed (so a lost reply cannot wedge the breaker in half-open).
  std::optional<breaker_permit> try_acquire(time_point now);

  /// The outcome of a permitted call. A success slower than call_timeout counts as a failure.
  /// closed: failures in a row open it at max_failures, a success resets the count. half-open (the
  /// trial only): success closes and resets the stay to reset_timeout; failure reopens with the stay
  /// grown by backoff_factor (capped at max_reset_timeout).
  void record(const breaker_permit& permit, bool success, ms elapsed, time_point now);

  /// A permit given back unused (the call was not made after all): a half-open probe goes back to
  /// open with its stay over, so the next caller becomes the probe; a closed permit changes nothing.
  void release(const breaker_permit& permit, time_point now);

  breaker_state state() const { return state_; }
  int failures() const { return failures_; }
  /// When the current (or last) stay in open ends; the epoch if the breaker never opened.
  time_point open_until() const { return open_until_; }
  /// The stay (before jitter) that the next opening will use.
  ms current_reset_timeout() const { return current_reset_timeout_; }
  /// How many times the breaker went to open (a counter for metrics).
  std::uint64_t times_opened() const { return times_opened_; }
  std::uint64_t epoch() const { return epoch_; }
  const breaker_settings& settings() const { return settings_; }

 private:
  void trip(time_point now);
  void fail_trial(time_point now);

  breaker_settings settings_;
  uniform_source uniform_;
  breaker_state state_ = breaker_state::closed;
  std::uint64_t epoch_ = 1;
  int failures_ = 0;
  time_point open_until_{};
  time_point trial_started_{};  ///< when the half-open trial was admitted
  ms current_reset_timeout_;
  std::uint64_t times_opened_ = 0;
};

/// The same breaker behind a mutex, for worker threads sharing one breaker per dependency.
class shared_circuit_breaker {
 public:
  explicit shared_circuit_breaker(breaker_settings settings = {},
                                  uniform_source uniform = make_random_uniform_source())
      : breaker_(settings, std::move(uniform)) {}

  std::optional<breaker_permit> try_acquire(time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    return breaker_.try_acquire(now);
  }
  void record(const breaker_permit& permit, bool success, ms elapsed, time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    breaker_.record(permit, success, elapsed, now);
  }
  void release(const breaker_permit& permit, time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    breaker_.release(permit, now);
  }

  /// A consistent copy of the whole breaker (state, failures, open_until... read together).
  circuit_breaker snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return breaker_;
  }
  breaker_state state() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return breaker_.state();
  }

 private:
  mutable std::mutex mutex_;
  circuit_breaker breaker_;
};

}  // namespace jobpilot::supervision
