#include "storage/database_guard.hpp"

#include "supervision/backoff.hpp"

#include <random>
#include <thread>

namespace jobpilot::storage {

database_guard::database_guard(std::shared_ptr<supervision::shared_circuit_breaker> breaker, guard_settings settings,
                               std::function<void(const std::string&)> warn,
                               std::shared_ptr<const std::atomic<bool>> stopping)
    : breaker_(std::move(breaker)), settings_(settings), warn_(std::move(warn)), stopping_(std::move(stopping)) {}

void database_guard::attempt(std::string_view what, const std::function<void()>& fn) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + settings_.outage_timeout;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::string last_error;
  int failures = 0;
  auto stopped = [&] { return stopping_ && stopping_->load(); };
  for (;;) {
    if (failures > 0 && stopped()) break;
    const auto now = clock::now();
    auto permit = breaker_->try_acquire(now);
    if (!permit) {
      // Open: nobody talks to the database until the breaker lets its one probe through.
      if (now >= deadline) break;
      auto until = breaker_->snapshot().open_until();
      auto wait = std::min<clock::duration>(std::max<clock::duration>(until - now, std::chrono::milliseconds(20)),
                                            deadline - now);
      std::this_thread::sleep_for(std::min<clock::duration>(wait, std::chrono::milliseconds(100)));
      if (stopped()) break;
      continue;
    }
    const auto started = clock::now();
    try {
      fn();
      breaker_->record(*permit, true, std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started),
                       clock::now());
      if (failures > 0 && warn_)
        warn_("database is back after " + std::to_string(failures) + " failed attempt(s) at " + std::string(what));
      return;
    } catch (const storage_error& e) {
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
      // A refused call still means the database answered.
      breaker_->record(*permit, !e.transient(), took, clock::now());
      if (!e.transient()) throw;
      last_error = e.what();
      if (failures++ == 0 && warn_)
        warn_("database unavailable at " + std::string(what) + " (" + last_error + "); retrying for up to " +
              std::to_string(settings_.outage_timeout.count() / 1000) + " s");
    }
    const auto now2 = clock::now();
    if (now2 >= deadline) break;
    auto delay = supervision::full_jitter(failures - 1, settings_.backoff_initial, settings_.backoff_max,
                                          uniform(rng));
    delay = std::max(delay, std::chrono::milliseconds(10));
    for (auto until = std::min<clock::time_point>(now2 + delay, deadline); clock::now() < until && !stopped();)
      std::this_thread::sleep_for(std::min<clock::duration>(until - clock::now(), std::chrono::milliseconds(50)));
  }
  if (stopped()) throw storage_error("stopped while waiting for the database at " + std::string(what), true);
  throw storage_error("database unavailable for " + std::to_string(settings_.outage_timeout.count() / 1000) +
                          " s at " + std::string(what) + (last_error.empty() ? "" : ": " + last_error),
                      true);
}

}  // namespace jobpilot::storage
