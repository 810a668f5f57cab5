// The actor system configuration the actor and message tests share: every message type (and the
// error category) registered, and a small scheduler.
#pragma once

#include "messages/type_ids.hpp"

#include <caf/actor_system_config.hpp>

namespace jobpilot::test {

/// Prepares `c` in place and returns it, for a fixture's `sys(configured_for_tests(cfg))`.
inline caf::actor_system_config& configured_for_tests(caf::actor_system_config& c, int threads = 2) {
  messages::register_message_types(c);
  c.set("scheduler.max-threads", threads);
  return c;
}

}  // namespace jobpilot::test
