// Backoff delay formulas (Akka BackoffSupervisor, AWS "full jitter") and the injectable randomness they use.
#pragma once

#include <chrono>
#include <functional>
#include <random>

namespace jobpilot::supervision {

using ms = std::chrono::milliseconds;

/// Returns a value in [0, 1). Injected so tests can fix the jitter.
using uniform_source = std::function<double()>;

/// U[0,1) drawn from `engine`; the engine is captured by reference and must outlive the source.
uniform_source make_uniform_source(std::mt19937_64& engine);

/// A source that owns its own engine seeded from std::random_device (production default).
uniform_source make_random_uniform_source();

/// Akka: min(max, min * 2^n) * (1 + u * random_factor), truncated to whole ms.
/// n < 0 counts as 0, u is clamped to [0, 1), random_factor to [0, 1]. Large n saturates at `max`
/// (no overflow); the jitter may take the result up to max * (1 + random_factor), as in Akka.
ms exponential_backoff(int n, ms min, ms max, double random_factor, double u);

/// Full jitter: u * min(cap, base * 2^attempt), truncated to whole ms, so the result is in [0, ceiling).
ms full_jitter(int attempt, ms base, ms cap, double u);

}  // namespace jobpilot::supervision
