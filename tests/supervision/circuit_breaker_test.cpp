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

}  // namespace

TEST_CASE("supervision circuit_breaker full cycle with growing reset timeout", "[supervision]") {
  double u = 0.5;  // jitter factor 1 + 0.5 * 0.2 = 1.1
  circuit_breaker cb(small_settings(), [&u] { return u; });

  CHECK(cb.state() == breaker_state::closed);
  CHECK(cb.allow(t0));
  cb.on_failure(t0);
  cb.on_failure(t0);
  CHECK(cb.state() == breaker_state::closed);
  CHECK(cb.failures() == 2);
  CHECK(cb.allow(t0));
  cb.on_failure(t0);  // third consecutive failure opens
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == t0 + 1100ms);
  CHECK(cb.times_opened() == 1);

  CHECK_FALSE(cb.allow(t0 + 1099ms));
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.allow(t0 + 1100ms));  // the one trial
  CHECK(cb.state() == breaker_state::half_open);
  CHECK_FALSE(cb.allow(t0 + 1100ms));  // no second trial while the first is out
  CHECK_FALSE(cb.allow(t0 + 1200ms));

  // Failed trials reopen with the stay doubled, capped at max_reset_timeout (5 s).
  struct step { long long reset_ms; long long stay_ms; };
  const step steps[] = {{2000, 2200}, {4000, 4400}, {5000, 5500}, {5000, 5500}};
  time_point now = t0 + 1200ms;
  for (const auto& s : steps) {
    INFO("reset=" << s.reset_ms);
    cb.on_failure(now);
    CHECK(cb.state() == breaker_state::open);
    CHECK(cb.current_reset_timeout().count() == s.reset_ms);
    CHECK(cb.open_until() == now + std::chrono::milliseconds(s.stay_ms));
    CHECK_FALSE(cb.allow(cb.open_until() - 1ms));
    now = cb.open_until();
    CHECK(cb.allow(now));
    CHECK(cb.state() == breaker_state::half_open);
    CHECK_FALSE(cb.allow(now));
    now += 100ms;
  }
  CHECK(cb.times_opened() == 5);

  cb.on_success(now);  // trial succeeded
  CHECK(cb.state() == breaker_state::closed);
  CHECK(cb.failures() == 0);
  CHECK(cb.current_reset_timeout() == 1000ms);
  CHECK(cb.allow(now));
  CHECK(cb.allow(now));

  // Reopening after a close starts again from reset_timeout.
  u = 0.0;
  for (int i = 0; i < 3; ++i) cb.on_failure(now);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == now + 1000ms);
}

TEST_CASE("supervision circuit_breaker success in closed resets the failure count", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  cb.on_failure(t0);
  cb.on_failure(t0);
  cb.on_success(t0);
  CHECK(cb.failures() == 0);
  cb.on_failure(t0);
  cb.on_failure(t0);
  CHECK(cb.state() == breaker_state::closed);  // 2 + 2 failures, never 3 in a row
  cb.on_failure(t0);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.failures() == 3);
}

TEST_CASE("supervision circuit_breaker slow calls count as failures", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  struct row { long long duration_ms; int failures_after; };
  const row rows[] = {{100, 0}, {501, 1}, {500, 0}, {501, 1}, {800, 2}, {1, 0}, {501, 1}, {501, 2}};
  for (const auto& r : rows) {
    INFO("duration=" << r.duration_ms);
    cb.on_call_duration(std::chrono::milliseconds(r.duration_ms), t0);
    CHECK(cb.failures() == r.failures_after);
  }
  cb.on_call_duration(600ms, t0);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.allow(t0 + 1000ms));
  cb.on_call_duration(700ms, t0 + 1700ms);  // a slow trial reopens
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.current_reset_timeout() == 2000ms);
}

TEST_CASE("supervision circuit_breaker ignores outcomes reported while open", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  for (int i = 0; i < 3; ++i) cb.on_failure(t0);
  REQUIRE(cb.state() == breaker_state::open);
  cb.on_success(t0 + 10ms);  // a call admitted before the breaker opened
  CHECK(cb.state() == breaker_state::open);
  cb.on_failure(t0 + 20ms);
  CHECK(cb.open_until() == t0 + 1000ms);
  CHECK(cb.current_reset_timeout() == 1000ms);
}

TEST_CASE("supervision circuit_breaker a lost half-open trial reopens after call_timeout", "[supervision]") {
  circuit_breaker cb(small_settings(), [] { return 0.0; });
  for (int i = 0; i < 3; ++i) cb.on_failure(t0);
  const time_point trial = t0 + 1000ms;
  REQUIRE(cb.allow(trial));
  CHECK_FALSE(cb.allow(trial + 500ms));
  CHECK(cb.state() == breaker_state::half_open);
  CHECK_FALSE(cb.allow(trial + 501ms));  // never reported: counts as failed
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.current_reset_timeout() == 2000ms);
  CHECK(cb.open_until() == trial + 501ms + 2000ms);
  CHECK(cb.allow(trial + 2501ms));
}

TEST_CASE("supervision circuit_breaker settings edge cases and names", "[supervision]") {
  breaker_settings s = small_settings();
  s.max_failures = 0;  // counts as 1
  s.random_factor = 0.0;
  circuit_breaker cb(s, [] { return 0.9; });
  cb.on_failure(t0);
  CHECK(cb.state() == breaker_state::open);
  CHECK(cb.open_until() == t0 + 1000ms);  // no jitter with random_factor 0

  breaker_settings odd = small_settings();
  odd.max_reset_timeout = 10ms;  // below reset_timeout: raised to it
  odd.backoff_factor = 0.5;      // shrinking makes no sense: treated as 1
  circuit_breaker c2(odd, [] { return 0.0; });
  for (int i = 0; i < 3; ++i) c2.on_failure(t0);
  REQUIRE(c2.allow(t0 + 1000ms));
  c2.on_failure(t0 + 1000ms);
  CHECK(c2.current_reset_timeout() == 1000ms);

  CHECK(to_string(breaker_state::closed) == "closed");
  CHECK(to_string(breaker_state::open) == "open");
  CHECK(to_string(breaker_state::half_open) == "half_open");
  CHECK(static_cast<int>(breaker_state::half_open) == 2);

  circuit_breaker defaults;  // production constructor: own random engine
  CHECK(defaults.settings().max_failures == 5);
  CHECK(defaults.current_reset_timeout() == 30000ms);
  for (int i = 0; i < 5; ++i) defaults.on_failure(t0);
  CHECK(defaults.open_until() >= t0 + 30000ms);
  CHECK(defaults.open_until() <= t0 + 36000ms);
}

TEST_CASE("supervision shared_circuit_breaker admits exactly one trial across threads", "[supervision]") {
  shared_circuit_breaker cb(small_settings(), [] { return 0.0; });
  for (int i = 0; i < 3; ++i) cb.on_failure(t0);
  REQUIRE(cb.state() == breaker_state::open);

  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (cb.allow(t0 + 1000ms)) ++admitted;
    });
  for (auto& th : threads) th.join();
  CHECK(admitted.load() == 1);
  CHECK(cb.state() == breaker_state::half_open);

  cb.on_success(t0 + 1100ms);
  const circuit_breaker snap = cb.snapshot();
  CHECK(snap.state() == breaker_state::closed);
  CHECK(snap.failures() == 0);
  CHECK(snap.times_opened() == 1);
  cb.on_call_duration(900ms, t0 + 2s);
  CHECK(cb.snapshot().failures() == 1);
}
