#include "supervision/retry_policy.hpp"

#include <catch2/catch.hpp>

#include <optional>

using jobpilot::supervision::retry_policy;
using jobpilot::supervision::retry_settings;
using ms = std::chrono::milliseconds;

TEST_CASE("supervision retry_policy table with defaults (3 attempts, 1 s, 30 s)", "[supervision]") {
  const retry_policy policy;
  struct row { int attempts; bool transient; std::optional<ms> retry_after; double u; std::optional<ms> expected; };
  const row rows[] = {
      {1, true, std::nullopt, 0.5, ms{500}},
      {2, true, std::nullopt, 0.5, ms{1000}},
      {3, true, std::nullopt, 0.5, std::nullopt},      // exhausted: 3 attempts made
      {7, true, std::nullopt, 0.5, std::nullopt},
      {0, true, std::nullopt, 0.5, ms{500}},           // nonsense count treated as the first
      {1, false, std::nullopt, 0.5, std::nullopt},     // permanent: never retried
      {1, false, ms{1000}, 0.5, std::nullopt},
      {1, true, ms{5000}, 0.5, ms{5000}},              // Retry-After above the jitter wins
      {1, true, ms{200}, 0.5, ms{500}},                // jitter above Retry-After wins
      {1, true, ms{45000}, 0.5, ms{45000}},            // Retry-After may exceed the backoff cap
      {1, true, ms{3'600'000}, 0.5, ms{600'000}},      // but is capped at 10 min
      {1, true, ms{-5}, 0.5, ms{500}},                 // negative Retry-After ignored
      {2, true, ms{0}, 0.0, ms{0}},
      {3, true, ms{5000}, 0.5, std::nullopt},          // Retry-After does not add attempts
  };
  for (const auto& r : rows) {
    INFO("attempts=" << r.attempts << " transient=" << r.transient << " u=" << r.u);
    CHECK(policy.next_delay(r.attempts, r.transient, r.retry_after, r.u) == r.expected);
  }
  CHECK(policy.may_retry(2, true));
  CHECK_FALSE(policy.may_retry(3, true));
  CHECK_FALSE(policy.may_retry(1, false));
}

TEST_CASE("supervision retry_policy grows to its cap and stops at max_attempts", "[supervision]") {
  retry_settings s;
  s.max_attempts = 5;
  s.initial = ms{1000};
  s.max = ms{4000};
  const retry_policy policy(s);
  const std::optional<ms> expected[] = {ms{999}, ms{1999}, ms{3999}, ms{3999}, std::nullopt};
  for (int attempts = 1; attempts <= 5; ++attempts) {
    INFO("attempts=" << attempts);
    CHECK(policy.next_delay(attempts, true, std::nullopt, 0.9999999) == expected[attempts - 1]);
  }
  CHECK(policy.max_attempts() == 5);
}

TEST_CASE("supervision retry_policy with a single attempt never retries", "[supervision]") {
  for (int max_attempts : {1, 0, -4}) {
    retry_settings s;
    s.max_attempts = max_attempts;
    const retry_policy policy(s);
    INFO("max_attempts=" << max_attempts);
    CHECK(policy.max_attempts() == 1);
    CHECK(policy.next_delay(1, true, std::nullopt, 0.5) == std::nullopt);
  }
}
