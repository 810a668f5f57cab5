// Storage calls through the database's circuit breaker: a transient storage_error (the server is
// restarting, the connection dropped, SQLite is busy or the disk is full) is retried with jittered
// backoff instead of crashing a worker, for up to database.outage_timeout; then it is returned to
// the caller (thrown as a transient storage_error) so the command can end with a clear message.
// Permanent errors (the call itself is refused) pass straight through. Blocking: for detached workers.
#pragma once

#include "storage/database.hpp"
#include "supervision/circuit_breaker.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace jobpilot::storage {

struct guard_settings {
  std::chrono::milliseconds outage_timeout{300'000};  ///< how long one call rides out an outage
  std::chrono::milliseconds backoff_initial{200};
  std::chrono::milliseconds backoff_max{5'000};
};

class database_guard {
public:
  /// `warn` receives one line when an outage starts and when it ends (never bound values).
  /// `stopping`: when set, a call waiting out an outage gives up at once (the run is ending).
  database_guard(std::shared_ptr<supervision::shared_circuit_breaker> breaker, guard_settings settings,
                 std::function<void(const std::string&)> warn,
                 std::shared_ptr<const std::atomic<bool>> stopping = nullptr);

  /// Runs `fn` (a storage call), retrying transient failures as described above.
  template <class F>
  auto run(std::string_view what, F&& fn) -> decltype(fn()) {
    using R = decltype(fn());
    if constexpr (std::is_void_v<R>) {
      attempt(what, [&] { fn(); });
    } else {
      R out{};
      attempt(what, [&] { out = fn(); });
      return out;
    }
  }

  supervision::shared_circuit_breaker& breaker() { return *breaker_; }

private:
  void attempt(std::string_view what, const std::function<void()>& fn);

  std::shared_ptr<supervision::shared_circuit_breaker> breaker_;
  guard_settings settings_;
  std::function<void(const std::string&)> warn_;
  std::shared_ptr<const std::atomic<bool>> stopping_;
};

}  // namespace jobpilot::storage
