// Token bucket with reservations (tokens may go negative; the deficit is the wait).
#include "supervision/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace jobpilot::supervision {

rate_limiter::rate_limiter(rate_limit_settings settings)
    : settings_(settings), unlimited_(!(settings.rate_per_second > 0.0)) {
  if (!(settings_.burst >= 1.0)) settings_.burst = 1.0;
  tokens_ = settings_.burst;
}

ms rate_limiter::acquire_delay(time_point now) {
  if (unlimited_) return ms{0};
  std::lock_guard<std::mutex> lock(mutex_);
  if (last_ && now > *last_) {
    const double elapsed_s = std::chrono::duration<double>(now - *last_).count();
    tokens_ = std::min(settings_.burst, tokens_ + elapsed_s * settings_.rate_per_second);
  }
  if (!last_ || now > *last_) last_ = now;
  tokens_ -= 1.0;
  if (tokens_ >= 0.0) return ms{0};
  const double wait_ms = -tokens_ / settings_.rate_per_second * 1000.0;
  // The epsilon keeps exact multiples (200 ms at 5 rps) from rounding up to 201 ms.
  return ms{static_cast<ms::rep>(std::ceil(wait_ms - 1e-6))};
}

}  // namespace jobpilot::supervision
