// The error codes that travel between actors (caf::error, category "jobpilot").
#pragma once

#include <caf/error.hpp>
#include <caf/make_message.hpp>

#include <cstdint>
#include <string>

namespace jobpilot::messages {

enum class errc : std::uint8_t {
  /// The stage's workers keep crashing: restart intensity exceeded.
  stage_failed = 1,
  /// The request itself is invalid (bad parameters): do not retry.
  invalid_request,
  /// The database cannot be reached or refused the write.
  storage_unavailable,
  /// The monthly JSearch quota is used up (or only the reserve is left).
  quota_exhausted,
  /// The circuit breaker of a dependency is open.
  circuit_open,
  /// The pool is shutting down.
  shutting_down,
  /// A worker ended with an exception (the context holds its text); the pool restarts it.
  worker_crashed,
};

std::string to_string(errc x);

}  // namespace jobpilot::messages

CAF_ERROR_CODE_ENUM(jobpilot::messages::errc, "jobpilot")
