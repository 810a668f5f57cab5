#include "supervision/quota_guard.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <limits>
#include <thread>
#include <vector>

using namespace jobpilot::supervision;
using namespace std::chrono_literals;

namespace {
const time_point t0 = time_point{} + 1h;
}

TEST_CASE("supervision quota_guard allows everything before the first reply", "[supervision]") {
  quota_guard q;
  CHECK(q.may_call(1, t0));
  CHECK(q.may_call(1000, t0));
  CHECK_FALSE(q.exhausted(t0));
  CHECK(q.remaining() == std::nullopt);
  CHECK(q.limit() == std::nullopt);
  CHECK(q.used_ratio() == 0.0);
  CHECK_FALSE(q.alert());
}

TEST_CASE("supervision quota_guard keeps the reserve until the reset", "[supervision]") {
  quota_settings s;
  s.reserve = 10;
  quota_guard q(s);
  struct row { long long remaining; int cost; bool allowed; };
  const row rows[] = {{50, 1, true}, {11, 1, true}, {11, 2, false}, {10, 1, false},
                      {10, 0, true}, {10, -3, true}, {0, 1, false}, {12, 2, true}};
  for (const auto& r : rows) {
    q.update(200, r.remaining, 86400, t0);
    INFO("remaining=" << r.remaining << " cost=" << r.cost);
    CHECK(q.may_call(r.cost, t0) == r.allowed);
  }
  q.update(200, 10, 86400, t0);
  CHECK(q.exhausted(t0));
  CHECK(q.exhausted(t0 + 86399s));
  CHECK_FALSE(q.exhausted(t0 + 86400s));  // the new period has begun
  CHECK(q.may_call(1, t0 + 86400s));
  CHECK(q.reset_at() == t0 + 86400s);
}

TEST_CASE("supervision quota_guard alert at 80 percent used", "[supervision]") {
  quota_guard q;
  struct row { long long limit; long long remaining; double ratio; bool alert; };
  const row rows[] = {{200, 200, 0.0, false},  {200, 41, 0.795, false}, {200, 40, 0.8, true},
                      {200, 0, 1.0, true},     {200, 250, 0.0, false},  {200, -5, 1.0, true},
                      {0, 0, 0.0, false},      {10000, 1999, 0.8001, true}};
  for (const auto& r : rows) {
    q.update(r.limit, r.remaining, std::nullopt, t0);
    INFO("limit=" << r.limit << " remaining=" << r.remaining);
    CHECK(q.used_ratio() == Approx(r.ratio));
    CHECK(q.alert() == r.alert);
  }
  q.update(200, -5, std::nullopt, t0);
  CHECK(q.remaining() == 0);  // negative header clamped
}

TEST_CASE("supervision quota_guard partial headers keep earlier values", "[supervision]") {
  quota_guard q;
  q.update(200, 150, 3600, t0);
  q.update(std::nullopt, 149, std::nullopt, t0 + 1s);
  CHECK(q.limit() == 200);
  CHECK(q.remaining() == 149);
  CHECK(q.reset_at() == t0 + 3600s);
  q.update(std::nullopt, std::nullopt, 60, t0 + 2s);
  CHECK(q.reset_at() == t0 + 62s);
  CHECK(q.remaining() == 149);
}

TEST_CASE("supervision quota_guard exhaustion after a quota 429 lasts until the reset", "[supervision]") {
  quota_guard q;
  q.update(200, 5, std::nullopt, t0);
  q.mark_exhausted(3600, t0);
  CHECK(q.remaining() == 0);
  CHECK(q.exhausted(t0));
  CHECK_FALSE(q.may_call(1, t0 + 3599s));
  CHECK(q.may_call(1, t0 + 3600s));

  // No reset in the 429: the reset time from an earlier reply is used.
  quota_guard known;
  known.update(200, 3, 7200, t0);
  known.mark_exhausted(std::nullopt, t0 + 100s);
  CHECK_FALSE(known.may_call(1, t0 + 7199s));
  CHECK(known.may_call(1, t0 + 7200s));

  // Nothing known: blocked for unknown_reset_block (1 h by default).
  quota_guard blind;
  blind.mark_exhausted(std::nullopt, t0);
  CHECK(blind.exhausted(t0 + 3599s));
  CHECK_FALSE(blind.exhausted(t0 + 3600s));

  // A later reply showing quota again lifts the block.
  quota_guard lifted;
  lifted.mark_exhausted(3600, t0);
  lifted.update(10000, 9000, 2'000'000, t0 + 10s);
  CHECK(lifted.may_call(1, t0 + 10s));
  lifted.update(std::nullopt, 0, std::nullopt, t0 + 20s);
  CHECK(lifted.exhausted(t0 + 20s));
}

TEST_CASE("supervision quota_guard tolerates absurd reset values", "[supervision]") {
  quota_guard q;
  q.update(200, 0, -50, t0);  // negative reset: treated as now
  CHECK(q.may_call(1, t0));
  q.update(200, 0, std::numeric_limits<std::int64_t>::max(), t0);  // clamped, no overflow
  CHECK(q.exhausted(t0 + 24h * 365));
}

TEST_CASE("supervision quota_guard reservations: concurrent callers never pass the reserve", "[supervision]") {
  quota_settings s;
  s.reserve = 2;
  quota_guard q(s);
  q.update(10, 5, 3600, t0);
  // 5 left, 2 kept in hand: exactly 3 calls may be reserved before any reply updates the count.
  int reserved = 0;
  for (int i = 0; i < 10; ++i)
    if (q.try_reserve(t0)) ++reserved;
  CHECK(reserved == 3);
  CHECK(q.remaining() == 2);
  // The replies' headers are the truth: a reply saying 4 left allows 2 more.
  q.update(std::nullopt, 4, std::nullopt, t0 + 1s);
  CHECK(q.try_reserve(t0 + 1s));
  CHECK(q.try_reserve(t0 + 1s));
  CHECK_FALSE(q.try_reserve(t0 + 1s));
  // Unknown remaining: every call may go (and nothing is counted down).
  quota_guard blind;
  CHECK(blind.try_reserve(t0));
  CHECK_FALSE(blind.remaining());
  // Threads reserving at once get exactly what is there.
  quota_guard shared;
  shared.update(100, 50, 3600, t0);
  std::atomic<int> got{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 20; ++k)
        if (shared.try_reserve(t0)) ++got;
    });
  for (auto& t : threads) t.join();
  CHECK(got.load() == 50);
}

TEST_CASE("supervision quota_guard restored from the ledger of an earlier run", "[supervision]") {
  // The last reply, 100 s ago, said 0 left with the period ending 1000 s after it.
  quota_guard spent;
  spent.restore(200, 0, 1000, false, 100s, t0);
  CHECK(spent.exhausted(t0));
  CHECK(spent.exhausted(t0 + 899s));
  CHECK_FALSE(spent.exhausted(t0 + 900s));  // the new period

  // A quota 429 whose headers claimed quota left still blocks until the reset.
  quota_guard refused;
  refused.restore(200, 7, 1000, true, 10s, t0);
  CHECK(refused.exhausted(t0 + 989s));
  CHECK_FALSE(refused.exhausted(t0 + 990s));

  // The reserve applies to the restored count.
  quota_settings s;
  s.reserve = 5;
  quota_guard reserve(s);
  reserve.restore(10, 5, 100000, false, 1s, t0);
  CHECK_FALSE(reserve.try_reserve(t0));

  // That period is over: nothing is known about the new one, calls may go.
  quota_guard stale;
  stale.restore(200, 0, 1000, true, 2000s, t0);
  CHECK_FALSE(stale.exhausted(t0));
  CHECK_FALSE(stale.remaining());
}
