// Circuit breaker with Akka semantics: closed / open / half-open with exactly one trial call.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
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

/// Single-owner breaker (one actor). Use shared_circuit_breaker when threads share one.
/// Callers ask allow() before each call and report the outcome with on_success / on_failure, or
/// with on_call_duration for a call that returned but may have been too slow. Outcomes reported
/// while open are ignored (they belong to calls admitted before the breaker opened).
class circuit_breaker {
 public:
  explicit circuit_breaker(breaker_settings settings = {},
                           uniform_source uniform = make_random_uniform_source());

  /// closed: true. open: false until now >= open_until(), then half-open and true exactly once.
  /// half-open: false while the trial is outstanding; a trial not reported within call_timeout
  /// counts as failed (so a lost reply cannot wedge the breaker in half-open).
  bool allow(time_point now);

  /// closed: resets the failure count. half-open: closes and resets the stay to reset_timeout.
  void on_success(time_point now);

  /// closed: counts, and opens at max_failures. half-open: reopens with the stay grown by
  /// backoff_factor (capped at max_reset_timeout).
  void on_failure(time_point now);

  /// A call that returned after `d`: a failure when d > call_timeout, a success otherwise.
  void on_call_duration(ms d, time_point now);

  breaker_state state() const { return state_; }
  int failures() const { return failures_; }
  /// When the current (or last) stay in open ends; the epoch if the breaker never opened.
  time_point open_until() const { return open_until_; }
  /// The stay (before jitter) that the next opening will use.
  ms current_reset_timeout() const { return current_reset_timeout_; }
  /// How many times the breaker went to open (a counter for metrics).
  std::uint64_t times_opened() const { return times_opened_; }
  const breaker_settings& settings() const { return settings_; }

 private:
  void trip(time_point now);

  breaker_settings settings_;
  uniform_source uniform_;
  breaker_state state_ = breaker_state::closed;
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

  bool allow(time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    return breaker_.allow(now);
  }
  void on_success(time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    breaker_.on_success(now);
  }
  void on_failure(time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    breaker_.on_failure(now);
  }
  void on_call_duration(ms d, time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    breaker_.on_call_duration(d, now);
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
