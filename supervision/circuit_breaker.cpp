// Circuit breaker state machine; time comes in as arguments, jitter from the injected source.
#include "supervision/circuit_breaker.hpp"

#include <algorithm>
#include <cmath>

namespace jobpilot::supervision {

namespace {

ms scale(ms d, double factor, ms cap) {
  const double v = static_cast<double>(d.count()) * factor;
  if (!(v < static_cast<double>(cap.count()))) return cap;
  return ms{static_cast<ms::rep>(std::floor(v + 1e-6))};
}

}  // namespace

std::string_view to_string(breaker_state s) {
  switch (s) {
    case breaker_state::closed: return "closed";
    case breaker_state::open: return "open";
    case breaker_state::half_open: return "half_open";
  }
  return "unknown";
}

circuit_breaker::circuit_breaker(breaker_settings settings, uniform_source uniform)
    : settings_(settings), uniform_(std::move(uniform)) {
  settings_.max_failures = std::max(settings_.max_failures, 1);
  settings_.reset_timeout = std::max(settings_.reset_timeout, ms{0});
  settings_.max_reset_timeout = std::max(settings_.max_reset_timeout, settings_.reset_timeout);
  if (!(settings_.backoff_factor >= 1.0)) settings_.backoff_factor = 1.0;
  current_reset_timeout_ = settings_.reset_timeout;
}

void circuit_breaker::trip(time_point now) {
  const double u = uniform_ ? uniform_() : 0.0;
  // exponential_backoff with n = 0 is exactly "stay * (1 + u * random_factor)", clamped.
  const ms stay = exponential_backoff(0, current_reset_timeout_, current_reset_timeout_,
                                      settings_.random_factor, u);
  state_ = breaker_state::open;
  ++epoch_;
  open_until_ = now + stay;
  ++times_opened_;
}

void circuit_breaker::fail_trial(time_point now) {
  current_reset_timeout_ = scale(current_reset_timeout_, settings_.backoff_factor, settings_.max_reset_timeout);
  trip(now);
}

std::optional<breaker_permit> circuit_breaker::try_acquire(time_point now) {
  switch (state_) {
    case breaker_state::closed:
      return breaker_permit{epoch_, false};
    case breaker_state::open:
      if (now < open_until_) return std::nullopt;
      state_ = breaker_state::half_open;
      ++epoch_;
      trial_started_ = now;
      return breaker_permit{epoch_, true};
    case breaker_state::half_open:
      // Half-open always has its one trial out; a trial silent for longer than call_timeout
      // counts as failed and reopens the breaker.
      if (now - trial_started_ > settings_.call_timeout) fail_trial(now);
      return std::nullopt;
  }
  return std::nullopt;
}

void circuit_breaker::record(const breaker_permit& permit, bool success, ms elapsed, time_point now) {
  if (permit.epoch != epoch_) return;  // admitted before the last state change: says nothing now
  if (elapsed > settings_.call_timeout) success = false;
  switch (state_) {
    case breaker_state::closed:
      if (success)
        failures_ = 0;
      else if (++failures_ >= settings_.max_failures)
        trip(now);
      break;
    case breaker_state::half_open:
      if (!permit.trial) break;
      if (success) {
        state_ = breaker_state::closed;
        ++epoch_;
        failures_ = 0;
        current_reset_timeout_ = settings_.reset_timeout;
      } else {
        fail_trial(now);
      }
      break;
    case breaker_state::open:
      break;
  }
}

void circuit_breaker::release(const breaker_permit& permit, time_point now) {
  if (permit.epoch != epoch_ || !permit.trial || state_ != breaker_state::half_open) return;
  state_ = breaker_state::open;
  ++epoch_;
  open_until_ = now;
}

}  // namespace jobpilot::supervision
