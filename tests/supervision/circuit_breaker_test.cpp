#include "supervision/circuit_breaker.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace jobpilot::supervision;
using namespace std::chrono_literals;

namespace {

breaker_settings small_settings() {
  breaker_settings s;
  s.max_failures = 3;
  s.call_timeout = 500ms;
  s.reset_timeout = 1000ms;
  s.max_reset_timeout = 5000ms;
  s.backoff_factor = 2.0;
  s.random_factor = 0.2;
  return s;
}

const time_point t0 = time_point{} + 1h;

// One call through the breaker: a permit, then its outcome. False when no permit was given.
bool call(circuit_breaker& cb, bool success, time_point now, std::chrono::milliseconds took = 10ms) {
  auto p = cb.try_acquire(now);
  if (!p) return false;
  cb.record(*p, success, took, now);
  return true;
}

void open_it(circuit_breaker& cb, time_point now) {
  for (int i = 0; i < cb.settings().max_failures; ++i) REQUIRE(call(cb, false, now));
  REQUIRE(cb.state() == breaker_state::open);
}

}  // namespace

TEST_CASE("supervision circuit_breaker full cycle with growing reset timeout", "[supervision]") {
  double u = 0.5;  // jitter factor 1 + 0.5 * 0.2 = 1.1
  circuit_breaker cb(small_settings(), [&u] { return u; });

  CHECK(cb.state() == breaker_state::closed);
  CHECK(call(cb, false, t0, 0ms));
  CHECK(call(cb, false, t0, 0ms));
  CHECK(cb.state() == breaker_state::closed);
  CHECK(cb.failures() == 2);
  CHECK(call(cb, false, t0, 0ms));  // third consecutive failure opens
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == t0 + 1100ms);
  CHECK(cb.times_opened() == 1);

  CHECK_FALSE(cb.try_acquire(t0 + 1099ms));
  CHECK(cb.state() == breaker_state::open);
  auto trial = cb.try_acquire(t0 + 1100ms);  // the one trial
  REQUIRE(trial);
  CHECK(trial->trial);
  CHECK(cb.state() == breaker_state::half_open);
  CHECK_FALSE(cb.try_acquire(t0 + 1100ms));  // no second trial while the first is out
  CHECK_FALSE(cb.try_acquire(t0 + 1200ms));

  // Failed trials reopen with the stay doubled, capped at max_reset_timeout (5 s).
  struct step { long long reset_ms; long long stay_ms; };
  const step steps[] = {{2000, 2200}, {4000, 4400}, {5000, 5500}, {5000, 5500}};
  time_point now = t0 + 1200ms;
  for (const auto& s : steps) {
    INFO("reset=" << s.reset_ms);
    cb.record(*trial, false, 100ms, now);
    CHECK(cb.state() == breaker_state::open);
    CHECK(cb.current_reset_timeout().count() == s.reset_ms);
    CHECK(cb.open_until() == now + std::chrono::milliseconds(s.stay_ms));
    CHECK_FALSE(cb.try_acquire(cb.open_until() - 1ms));
    now = cb.open_until();
    trial = cb.try_acquire(now);
    REQUIRE(trial);
    CHECK(cb.state() == breaker_state::half_open);
    CHECK_FALSE(cb.try_acquire(now));
    now += 100ms;
  }
  CHECK(cb.times_opened() == 5);

  cb.record(*trial, true, 100ms, now);  // trial succeeded
  CHECK(cb.state() == breaker_state::closed);
  CHECK(cb.failures() == 0);
  CHECK(cb.current_reset_timeout() == 1000ms);
  CHECK(cb.try_acquire(now));
  CHECK(cb.try_acquire(now));

  // Reopening after a close starts again from reset_timeout.
  u = 0.0;
  for (int i = 0; i < 3; ++i) call(cb, false, now, 0ms);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == now + 1000ms);
}

TEST_CASE("supervision circuit_breaker success in closed resets the failure count", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  call(cb, false, t0);
  call(cb, false, t0);
  call(cb, true, t0);
  CHECK(cb.failures() == 0);
  call(cb, false, t0);
  call(cb, false, t0);
  CHECK(cb.state() == breaker_state::closed);  // 2 + 2 failures, never 3 in a row
  call(cb, false, t0);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.failures() == 3);
}

TEST_CASE("supervision circuit_breaker slow calls count as failures (call_timeout)", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  struct row { long long duration_ms; int failures_after; };
  const row rows[] = {{100, 0}, {501, 1}, {500, 0}, {501, 1}, {800, 2}, {1, 0}, {501, 1}, {501, 2}};
  for (const auto& r : rows) {
    INFO("duration=" << r.duration_ms);
    call(cb, true, t0, std::chrono::milliseconds(r.duration_ms));  // answered, but maybe too late
    CHECK(cb.failures() == r.failures_after);
  }
  call(cb, true, t0, 600ms);
  CHECK(cb.state() == breaker_state::open);
  auto trial = cb.try_acquire(t0 + 1000ms);
  REQUIRE(trial);
  cb.record(*trial, true, 700ms, t0 + 1700ms);  // a slow trial reopens
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.current_reset_timeout() == 2000ms);
}

TEST_CASE("supervision circuit_breaker outcomes of calls admitted before a state change are ignored",
          "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  auto old_call = cb.try_acquire(t0);  // admitted while closed; its reply comes late
  REQUIRE(old_call);
  open_it(cb, t0);
  cb.record(*old_call, true, 10ms, t0 + 10ms);  // while open: no effect
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == t0 + 1000ms);

  // Half-open: only the probe decides. A late success from before must not close the breaker...
  auto trial = cb.try_acquire(t0 + 1000ms);
  REQUIRE(trial);
  cb.record(*old_call, true, 10ms, t0 + 1010ms);
  CHECK(cb.state() == breaker_state::half_open);
  // ...nor a late failure reopen it.
  cb.record(*old_call, false, 10ms, t0 + 1020ms);
  CHECK(cb.state() == breaker_state::half_open);
  CHECK(cb.current_reset_timeout() == 1000ms);
  cb.record(*trial, true, 30ms, t0 + 1030ms);
  CHECK(cb.state() == breaker_state::closed);
  // A permit from the closed period before the breaker opened counts for nothing after it closed.
  cb.record(*old_call, false, 10ms, t0 + 1040ms);
  CHECK(cb.failures() == 0);
}

TEST_CASE("supervision circuit_breaker a probe that fails at the transport (TLS) reopens it", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  open_it(cb, t0);
  auto trial = cb.try_acquire(t0 + 1000ms);
  REQUIRE(trial);
  cb.record(*trial, false, 3ms, t0 + 1003ms);  // the handshake failed: reported like any failure
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == t0 + 1003ms + 2000ms);
  REQUIRE(cb.try_acquire(t0 + 3003ms));  // and the next probe goes out when the stay is over
  CHECK(cb.state() == breaker_state::half_open);
}

TEST_CASE("supervision circuit_breaker a lost half-open trial reopens after call_timeout", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  open_it(cb, t0);
  const time_point trial = t0 + 1000ms;
  REQUIRE(cb.try_acquire(trial));
  CHECK_FALSE(cb.try_acquire(trial + 500ms));
  CHECK(cb.state() == breaker_state::half_open);
  CHECK_FALSE(cb.try_acquire(trial + 501ms));  // never reported: counts as failed
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.current_reset_timeout() == 2000ms);
  CHECK(cb.open_until() == trial + 501ms + 2000ms);
  CHECK(cb.try_acquire(trial + 2501ms));
}

TEST_CASE("supervision circuit_breaker settings edge cases and names", "[supervision]") {
  breaker_settings s = small_settings();
  s.max_failures = 0;  // counts as 1
  s.random_factor = 0.0;
  circuit_breaker cb(s, [] { return 0.9; });
  call(cb, false, t0, 0ms);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == t0 + 1000ms);  // no jitter with random_factor 0

  breaker_settings odd = small_settings();
  odd.max_reset_timeout = 10ms;  // below reset_timeout: raised to it
  odd.backoff_factor = 0.5;      // shrinking makes no sense: treated as 1
  circuit_breaker c2(odd, [] { return 0.0; });
  open_it(c2, t0);
  auto trial = c2.try_acquire(t0 + 1000ms);
  REQUIRE(trial);
  c2.record(*trial, false, 0ms, t0 + 1000ms);
  CHECK(c2.current_reset_timeout() == 1000ms);

  CHECK(to_string(breaker_state::closed) == "closed");
  CHECK(to_string(breaker_state::open) == "open");
  CHECK(to_string(breaker_state::half_open) == "half_open");
  CHECK(static_cast<int>(breaker_state::half_open) == 2);

  circuit_breaker defaults;  // production constructor: own random engine
  CHECK(defaults.settings().max_failures == 5);
  CHECK(defaults.current_reset_timeout() == 30000ms);
  for (int i = 0; i < 5; ++i) call(defaults, false, t0, 0ms);
  CHECK(defaults.open_until() >= t0 + 30000ms);
  CHECK(defaults.open_until() <= t0 + 36000ms);
}

TEST_CASE("supervision shared_circuit_breaker admits exactly one trial across threads", "[supervision]") {
  shared_circuit_breaker cb(small_settings(), [] { return 0.0; });
  for (int i = 0; i < 3; ++i) {
    auto p = cb.try_acquire(t0);
    REQUIRE(p);
    cb.record(*p, false, 0ms, t0);
  }
  REQUIRE(cb.state() == breaker_state::open);

  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  std::optional<breaker_permit> the_trial;
  std::mutex m;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (auto p = cb.try_acquire(t0 + 1000ms)) {
          ++admitted;
          std::lock_guard<std::mutex> lock(m);
          the_trial = p;
        }
    });
  for (auto& th : threads) th.join();
  CHECK(admitted.load() == 1);
  CHECK(cb.state() == breaker_state::half_open);

  REQUIRE(the_trial);
  cb.record(*the_trial, true, 100ms, t0 + 1100ms);
  const circuit_breaker snap = cb.snapshot();
  CHECK(snap.state() == breaker_state::closed);
  CHECK(snap.failures() == 0);
  CHECK(snap.times_opened() == 1);
  auto p = cb.try_acquire(t0 + 2s);
  REQUIRE(p);
  cb.record(*p, true, 900ms, t0 + 2s);  // too slow
  CHECK(cb.snapshot().failures() == 1);
}

TEST_CASE("supervision circuit_breaker a probe given back unused lets the next caller probe", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  open_it(cb, t0);
  auto trial = cb.try_acquire(t0 + 1000ms);
  REQUIRE(trial);
  cb.release(*trial, t0 + 1001ms);  // e.g. the quota guard refused the call after all
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.current_reset_timeout() == 1000ms);  // no growth: nothing failed
  auto next = cb.try_acquire(t0 + 1001ms);
  REQUIRE(next);
  CHECK(next->trial);
  cb.record(*trial, true, 1ms, t0 + 1002ms);  // the released permit decides nothing
  CHECK(cb.state() == breaker_state::half_open);
  cb.record(*next, true, 1ms, t0 + 1003ms);
  CHECK(cb.state() == breaker_state::closed);
}
