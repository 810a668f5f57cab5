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
  open_until_ = now + stay;
  ++times_opened_;
}

bool circuit_breaker::allow(time_point now) {
  switch (state_) {
    case breaker_state::closed:
      return true;
    case breaker_state::open:
      if (now < open_until_) return false;
      state_ = breaker_state::half_open;
      trial_started_ = now;
      return true;
    case breaker_state::half_open:
      // Half-open always has its one trial out; a trial silent for longer than call_timeout
      // counts as failed and reopens the breaker.
      if (now - trial_started_ > settings_.call_timeout) on_failure(now);
      return false;
  }
  return false;
}

void circuit_breaker::on_success(time_point) {
  switch (state_) {
    case breaker_state::closed:
      failures_ = 0;
      break;
    case breaker_state::half_open:
      state_ = breaker_state::closed;
      failures_ = 0;
      current_reset_timeout_ = settings_.reset_timeout;
      break;
    case breaker_state::open:
      break;
  }
}

void circuit_breaker::on_failure(time_point now) {
  switch (state_) {
    case breaker_state::closed:
      if (++failures_ >= settings_.max_failures) trip(now);
      break;
    case breaker_state::half_open:
      current_reset_timeout_ =
          scale(current_reset_timeout_, settings_.backoff_factor, settings_.max_reset_timeout);
      trip(now);
      break;
    case breaker_state::open:
      break;
  }
}

void circuit_breaker::on_call_duration(ms d, time_point now) {
  if (d > settings_.call_timeout)
    on_failure(now);
  else
    on_success(now);
}

}  // namespace jobpilot::supervision
