#include "supervision/backoff.hpp"

#include <catch2/catch.hpp>

#include <climits>
#include <random>

using jobpilot::supervision::exponential_backoff;
using jobpilot::supervision::full_jitter;
using jobpilot::supervision::make_uniform_source;
using ms = std::chrono::milliseconds;

TEST_CASE("supervision exponential_backoff grows, caps and jitters like Akka", "[supervision]") {
  struct row { int n; double rf; double u; long long expected; };
  // min 100 ms, max 10 s
  const row rows[] = {
      {0, 0.2, 0.0, 100},     {1, 0.2, 0.0, 200},      {2, 0.2, 0.0, 400},
      {6, 0.2, 0.0, 6400},    {7, 0.2, 0.0, 10000},    {30, 0.2, 0.0, 10000},
      {62, 0.2, 0.0, 10000},  {1000, 0.2, 0.0, 10000}, {INT_MAX, 0.2, 0.0, 10000},
      {-3, 0.2, 0.0, 100},    // negative n counts as 0
      {0, 0.2, 0.5, 110},     {3, 0.2, 0.5, 880},      {7, 0.2, 0.5, 11000},  // jitter may exceed max
      {0, 0.2, 0.999, 119},   {0, 0.0, 0.9, 100},      {0, 2.0, 0.5, 150},    // rf clamped to 1
      {0, -1.0, 0.5, 100},    {0, 0.2, -0.5, 100},     {0, 0.2, 1.5, 120},    // u clamped below 1
  };
  for (const auto& r : rows) {
    INFO("n=" << r.n << " rf=" << r.rf << " u=" << r.u);
    CHECK(exponential_backoff(r.n, ms{100}, ms{10000}, r.rf, r.u).count() == r.expected);
  }
}

TEST_CASE("supervision exponential_backoff degenerate bounds", "[supervision]") {
  CHECK(exponential_backoff(5, ms{0}, ms{1000}, 0.2, 0.5) == ms{0});
  CHECK(exponential_backoff(5, ms{-10}, ms{1000}, 0.2, 0.5) == ms{0});
  CHECK(exponential_backoff(0, ms{500}, ms{100}, 0.0, 0.0) == ms{100});  // max below min wins
  CHECK(exponential_backoff(100, ms{1}, ms::max(), 0.2, 0.5) == ms::max());  // saturates, no overflow
  CHECK(exponential_backoff(61, ms{1}, ms::max(), 0.0, 0.0) == ms{1LL << 61});
}

TEST_CASE("supervision exponential_backoff stays within jitter bounds for random draws", "[supervision]") {
  std::mt19937_64 engine(42);
  auto uniform = make_uniform_source(engine);
  for (int i = 0; i < 1000; ++i) {
    const double u = uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const ms d = exponential_backoff(3, ms{100}, ms{10000}, 0.2, u);
    REQUIRE(d >= ms{800});
    REQUIRE(d <= ms{960});
  }
}

TEST_CASE("supervision full_jitter is u times the capped exponential", "[supervision]") {
  struct row { int attempt; double u; long long expected; };
  // base 1 s, cap 30 s
  const row rows[] = {
      {0, 0.0, 0},        {0, 0.5, 500},       {1, 0.5, 1000},      {4, 0.5, 8000},
      {5, 0.5, 15000},    {100, 0.5, 15000},   {INT_MAX, 0.25, 7500}, {-1, 0.5, 500},
      {0, 0.999999999999, 999}, {0, 1.0, 999},  {0, -1.0, 0},        {3, 0.1, 800},
  };
  for (const auto& r : rows) {
    INFO("attempt=" << r.attempt << " u=" << r.u);
    CHECK(full_jitter(r.attempt, ms{1000}, ms{30000}, r.u).count() == r.expected);
  }
  CHECK(full_jitter(3, ms{0}, ms{30000}, 0.5) == ms{0});
}

TEST_CASE("supervision full_jitter stays in [0, ceiling) for random draws", "[supervision]") {
  std::mt19937_64 engine(7);
  auto uniform = make_uniform_source(engine);
  for (int attempt = 0; attempt < 8; ++attempt) {
    const ms ceiling = std::min(ms{30000}, ms{1000LL << attempt});
    for (int i = 0; i < 200; ++i) {
      const ms d = full_jitter(attempt, ms{1000}, ms{30000}, uniform());
      REQUIRE(d >= ms{0});
      REQUIRE(d < ceiling);
    }
  }
}

TEST_CASE("supervision uniform sources are reproducible per seed", "[supervision]") {
  std::mt19937_64 a(123), b(123);
  auto ua = make_uniform_source(a);
  auto ub = make_uniform_source(b);
  for (int i = 0; i < 10; ++i) CHECK(ua() == ub());
  auto r = jobpilot::supervision::make_random_uniform_source();
  const double v = r();
  CHECK(v >= 0.0);
  CHECK(v < 1.0);
}
