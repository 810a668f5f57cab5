#include "supervision/rate_limiter.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

using namespace jobpilot::supervision;
using namespace std::chrono_literals;

namespace {
const time_point t0 = time_point{} + 1h;
}

TEST_CASE("supervision rate_limiter 5 rps burst 5: five at once, then 200 ms apart", "[supervision]") {
  rate_limiter limiter({5.0, 5.0});
  const long long expected[] = {0, 0, 0, 0, 0, 200, 400, 600, 800, 1000};
  for (long long e : expected) CHECK(limiter.acquire_delay(t0).count() == e);
}

TEST_CASE("supervision rate_limiter callers that wait as told are spaced by 1/rate", "[supervision]") {
  rate_limiter limiter({5.0, 5.0});
  time_point now = t0;
  std::vector<long long> send_ms;
  for (int i = 0; i < 10; ++i) {
    now += limiter.acquire_delay(now);
    send_ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(now - t0).count());
  }
  CHECK(send_ms == std::vector<long long>{0, 0, 0, 0, 0, 200, 400, 600, 800, 1000});

  // After a long idle time the bucket is full again, but never above the burst.
  now += 1h;
  for (int i = 0; i < 5; ++i) CHECK(limiter.acquire_delay(now) == 0ms);
  CHECK(limiter.acquire_delay(now) == 200ms);
}

TEST_CASE("supervision rate_limiter partial refill and rounding up", "[supervision]") {
  rate_limiter one({5.0, 1.0});
  CHECK(one.acquire_delay(t0) == 0ms);
  CHECK(one.acquire_delay(t0 + 100ms) == 100ms);  // half a token back, half missing

  rate_limiter two_rps({2.0, 1.0});
  CHECK(two_rps.acquire_delay(t0) == 0ms);
  CHECK(two_rps.acquire_delay(t0) == 500ms);
  CHECK(two_rps.acquire_delay(t0) == 1000ms);

  rate_limiter third({3.0, 1.0});
  CHECK(third.acquire_delay(t0) == 0ms);
  CHECK(third.acquire_delay(t0) == 334ms);  // 333.3 rounded up: never early

  rate_limiter tiny_burst({5.0, 0.2});  // burst below 1 counts as 1
  CHECK(tiny_burst.settings().burst == 1.0);
  CHECK(tiny_burst.acquire_delay(t0) == 0ms);
  CHECK(tiny_burst.acquire_delay(t0) == 200ms);
}

TEST_CASE("supervision rate_limiter treats time going backwards as no time passing", "[supervision]") {
  rate_limiter limiter({5.0, 1.0});
  CHECK(limiter.acquire_delay(t0 + 1s) == 0ms);
  CHECK(limiter.acquire_delay(t0) == 200ms);  // a racing thread with an older clock reading
  CHECK(limiter.acquire_delay(t0 + 1s) == 400ms);
}

TEST_CASE("supervision rate_limiter is unlimited at rate 0", "[supervision]") {
  for (double rate : {0.0, -3.0, std::numeric_limits<double>::quiet_NaN()}) {
    rate_limiter limiter({rate, 1.0});
    INFO("rate=" << rate);
    CHECK(limiter.unlimited());
    for (int i = 0; i < 1000; ++i) REQUIRE(limiter.acquire_delay(t0) == 0ms);
  }
}

TEST_CASE("supervision rate_limiter queues concurrent callers fairly", "[supervision]") {
  rate_limiter limiter({10.0, 1.0});
  std::mutex m;
  std::vector<long long> delays;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        const auto d = limiter.acquire_delay(t0).count();
        std::lock_guard<std::mutex> lock(m);
        delays.push_back(d);
      }
    });
  for (auto& th : threads) th.join();
  std::sort(delays.begin(), delays.end());
  std::vector<long long> expected;
  for (int i = 0; i < 100; ++i) expected.push_back(i * 100LL);
  CHECK(delays == expected);
}
