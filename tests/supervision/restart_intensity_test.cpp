#include "supervision/restart_intensity.hpp"

#include <catch2/catch.hpp>

using namespace jobpilot::supervision;
using namespace std::chrono_literals;

namespace {
const time_point t0 = time_point{} + 1h;
}

TEST_CASE("supervision restart_intensity escalates on the 4th restart within 5 s", "[supervision]") {
  restart_intensity ri;  // 3 restarts in 5 s
  CHECK(ri.record_restart(t0));
  CHECK(ri.record_restart(t0 + 1s));
  CHECK(ri.record_restart(t0 + 2s));
  CHECK(ri.restarts_in_window(t0 + 2s) == 3);
  CHECK_FALSE(ri.record_restart(t0 + 3s));
  CHECK_FALSE(ri.record_restart(t0 + 3500ms));  // still too many
}

TEST_CASE("supervision restart_intensity tolerates restarts spread out", "[supervision]") {
  restart_intensity ri;
  for (int i = 0; i < 50; ++i) {
    INFO("restart " << i);
    REQUIRE(ri.record_restart(t0 + std::chrono::seconds(2 * i)));  // at most 3 in any 5 s
  }
  CHECK(ri.restarts_in_window(t0 + 98s) == 3);
  CHECK(ri.restarts_in_window(t0 + 200s) == 0);
}

TEST_CASE("supervision restart_intensity window boundary is inclusive like OTP", "[supervision]") {
  struct row { long long fourth_ms; bool allowed; };
  const row rows[] = {{5000, false}, {5001, true}, {4999, false}, {100000, true}};
  for (const auto& r : rows) {
    restart_intensity ri;
    ri.record_restart(t0);
    ri.record_restart(t0 + 1s);
    ri.record_restart(t0 + 2s);
    INFO("fourth at " << r.fourth_ms);
    CHECK(ri.record_restart(t0 + std::chrono::milliseconds(r.fourth_ms)) == r.allowed);
  }
}

TEST_CASE("supervision restart_intensity delay backs off within the window", "[supervision]") {
  restart_intensity ri;  // min 200 ms, max 10 s, random factor 0.2
  struct row { long long at_ms; long long delay_u0; long long delay_u05; };
  const row rows[] = {{0, 200, 220}, {100, 400, 440}, {200, 800, 880}, {20000, 200, 220}};
  for (const auto& r : rows) {
    INFO("at " << r.at_ms);
    ri.record_restart(t0 + std::chrono::milliseconds(r.at_ms));
    CHECK(ri.restart_delay(0.0).count() == r.delay_u0);
    CHECK(ri.restart_delay(0.5).count() == r.delay_u05);
  }

  restart_settings s;
  s.max_restarts = 100;
  s.period = 60s;
  s.min_backoff = 1s;
  s.max_backoff = 5s;
  restart_intensity capped(s);
  for (int i = 0; i < 10; ++i) capped.record_restart(t0 + std::chrono::milliseconds(i));
  CHECK(capped.restart_delay(0.0) == 5s);
  CHECK(capped.restart_delay(0.5) == 5500ms);
}

TEST_CASE("supervision restart_intensity zero restarts allowed and reset", "[supervision]") {
  restart_settings s;
  s.max_restarts = 0;
  restart_intensity none(s);
  CHECK_FALSE(none.record_restart(t0));

  restart_settings neg;
  neg.max_restarts = -2;
  restart_intensity clamped(neg);
  CHECK(clamped.settings().max_restarts == 0);

  restart_intensity ri;
  for (int i = 0; i < 3; ++i) ri.record_restart(t0);
  CHECK_FALSE(ri.record_restart(t0));
  ri.reset();
  CHECK(ri.restarts_in_window(t0) == 0);
  CHECK(ri.record_restart(t0));
  CHECK(ri.restart_delay(0.0) == 200ms);
}
