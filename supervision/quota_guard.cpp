// Monthly quota bookkeeping: headers in, "may I call?" out.
#include "supervision/quota_guard.hpp"

#include <algorithm>

namespace jobpilot::supervision {

namespace {

// Clamped so absurd header values cannot overflow the time_point.
time_point after_seconds(time_point now, std::int64_t s) {
  constexpr std::int64_t ten_years = 10LL * 366 * 24 * 3600;
  return now + std::chrono::seconds(std::clamp<std::int64_t>(s, 0, ten_years));
}

}  // namespace

quota_guard::quota_guard(quota_settings settings) : settings_(settings) {
  settings_.reserve = std::max<std::int64_t>(settings_.reserve, 0);
}

void quota_guard::update(std::optional<std::int64_t> limit, std::optional<std::int64_t> remaining,
                         std::optional<std::int64_t> reset_seconds, time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (limit) limit_ = std::max<std::int64_t>(*limit, 0);
  if (remaining) {
    remaining_ = std::max<std::int64_t>(*remaining, 0);
    if (*remaining_ > 0) blocked_until_.reset();
  }
  if (reset_seconds) reset_at_ = after_seconds(now, *reset_seconds);
}

bool quota_guard::may_call_locked(int cost, time_point now) const {
  if (blocked_until_) return now >= *blocked_until_;
  const bool period_over = reset_at_ && now >= *reset_at_;
  if (!remaining_ || period_over) return true;
  return *remaining_ - std::max(cost, 0) >= settings_.reserve;
}

bool quota_guard::may_call(int cost, time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return may_call_locked(cost, now);
}

bool quota_guard::exhausted(time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !may_call_locked(1, now);
}

bool quota_guard::try_reserve(time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!may_call_locked(1, now)) return false;
  if (remaining_ && !(reset_at_ && now >= *reset_at_)) *remaining_ = std::max<std::int64_t>(*remaining_ - 1, 0);
  return true;
}

void quota_guard::restore(std::optional<std::int64_t> limit, std::optional<std::int64_t> remaining,
                          std::optional<std::int64_t> reset_seconds, bool exhausted, std::chrono::seconds age,
                          time_point now) {
  std::optional<std::int64_t> left;  // seconds of that period still to run
  if (reset_seconds) {
    left = *reset_seconds - age.count();
    if (*left <= 0) return;  // a new period has begun since: nothing known about it
  }
  update(limit, remaining, left, now);
  if (exhausted) mark_exhausted(left, now);
}

void quota_guard::mark_exhausted(std::optional<std::int64_t> reset_seconds, time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  remaining_ = 0;
  if (reset_seconds) {
    reset_at_ = after_seconds(now, *reset_seconds);
    blocked_until_ = reset_at_;
  } else if (reset_at_ && *reset_at_ > now) {
    blocked_until_ = reset_at_;
  } else {
    blocked_until_ = now + settings_.unknown_reset_block;
  }
}

double quota_guard::used_ratio_locked() const {
  if (!limit_ || !remaining_ || *limit_ <= 0) return 0.0;
  const double used = static_cast<double>(*limit_ - std::min(*remaining_, *limit_));
  return used / static_cast<double>(*limit_);
}

double quota_guard::used_ratio() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return used_ratio_locked();
}

bool quota_guard::alert() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return limit_ && *limit_ > 0 && remaining_ && used_ratio_locked() >= settings_.alert_ratio;
}

std::optional<std::int64_t> quota_guard::remaining() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return remaining_;
}

std::optional<std::int64_t> quota_guard::limit() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return limit_;
}

std::optional<time_point> quota_guard::reset_at() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reset_at_;
}

}  // namespace jobpilot::supervision
