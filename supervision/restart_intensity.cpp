// Sliding-window restart counting; the window only needs the last max_restarts + 1 timestamps.
#include "supervision/restart_intensity.hpp"

#include <algorithm>

namespace jobpilot::supervision {

restart_intensity::restart_intensity(restart_settings settings) : settings_(settings) {
  settings_.max_restarts = std::max(settings_.max_restarts, 0);
  settings_.period = std::max(settings_.period, ms{0});
}

bool restart_intensity::record_restart(time_point now) {
  const time_point threshold = now - settings_.period;
  while (!restarts_.empty() && restarts_.front() < threshold) restarts_.pop_front();
  restarts_.push_back(now);
  while (restarts_.size() > static_cast<std::size_t>(settings_.max_restarts) + 1) restarts_.pop_front();
  return restarts_.size() <= static_cast<std::size_t>(settings_.max_restarts);
}

ms restart_intensity::restart_delay(double u) const {
  const int n = restarts_.empty() ? 0 : static_cast<int>(restarts_.size()) - 1;
  return exponential_backoff(n, settings_.min_backoff, settings_.max_backoff, settings_.random_factor, u);
}

int restart_intensity::restarts_in_window(time_point now) const {
  const time_point threshold = now - settings_.period;
  return static_cast<int>(std::count_if(restarts_.begin(), restarts_.end(),
                                        [&](time_point t) { return t >= threshold && t <= now; }));
}

}  // namespace jobpilot::supervision
