// Backoff delay formulas; all arithmetic in double so large exponents saturate instead of overflowing.
#include "supervision/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jobpilot::supervision {

namespace {

double clamp_unit(double u) {
  if (!(u >= 0.0)) return 0.0;  // also catches NaN
  return std::min(u, std::nextafter(1.0, 0.0));
}

// min(cap, base * 2^n) in ms; beyond 2^62 every realistic base exceeds any cap.
double capped_exponential(int n, ms base, ms cap) {
  const double b = static_cast<double>(std::max<ms::rep>(base.count(), 0));
  const double c = static_cast<double>(std::max<ms::rep>(cap.count(), 0));
  if (n < 0) n = 0;
  if (n >= 62) return b > 0.0 ? c : 0.0;
  return std::min(c, std::ldexp(b, n));
}

// Truncates to whole ms; the epsilon keeps 1000 * 1.1 == 1100 despite binary rounding.
ms to_ms(double v) {
  if (!(v > 0.0)) return ms{0};
  const double max_rep = static_cast<double>(std::numeric_limits<ms::rep>::max());
  if (v >= max_rep) return ms::max();
  return ms{static_cast<ms::rep>(std::floor(v + 1e-6))};
}

}  // namespace

uniform_source make_uniform_source(std::mt19937_64& engine) {
  return [&engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(engine); };
}

uniform_source make_random_uniform_source() {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd()};
  return [engine = std::mt19937_64(seq)]() mutable {
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

ms exponential_backoff(int n, ms min, ms max, double random_factor, double u) {
  const double rf = std::clamp(std::isnan(random_factor) ? 0.0 : random_factor, 0.0, 1.0);
  return to_ms(capped_exponential(n, min, max) * (1.0 + clamp_unit(u) * rf));
}

ms full_jitter(int attempt, ms base, ms cap, double u) {
  const double ceiling = capped_exponential(attempt, base, cap);
  const ms delay = to_ms(clamp_unit(u) * ceiling);
  // The rounding epsilon must not lift u close to 1 onto the (exclusive) ceiling.
  const ms top = to_ms(ceiling);
  return (top.count() > 0 && delay >= top) ? top - ms{1} : delay;
}

}  // namespace jobpilot::supervision
