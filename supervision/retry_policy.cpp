// Retry decisions: attempt budget, full-jitter delay, Retry-After floor.
#include "supervision/retry_policy.hpp"

#include <algorithm>

#include "supervision/backoff.hpp"

namespace jobpilot::supervision {

retry_policy::retry_policy(retry_settings settings) : settings_(settings) {
  settings_.max_attempts = std::max(settings_.max_attempts, 1);
  settings_.max_retry_after = std::max(settings_.max_retry_after, ms{0});
}

bool retry_policy::may_retry(int attempts_made, bool transient) const {
  return transient && attempts_made < settings_.max_attempts;
}

std::optional<ms> retry_policy::next_delay(int attempts_made, bool transient,
                                           std::optional<ms> retry_after, double u) const {
  if (!may_retry(attempts_made, transient)) return std::nullopt;
  ms delay = full_jitter(std::max(attempts_made, 1) - 1, settings_.initial, settings_.max, u);
  if (retry_after) {
    const ms floor = std::clamp(*retry_after, ms{0}, settings_.max_retry_after);
    delay = std::max(delay, floor);
  }
  return delay;
}

}  // namespace jobpilot::supervision
