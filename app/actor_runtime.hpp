// The CAF actor system of one command run, configured from the settings.
// Included only by command .cpp files that run actors.
#pragma once

#include "messages/type_ids.hpp"

#include <caf/all.hpp>

namespace jobpilot::app {

struct actor_config : caf::actor_system_config {
  explicit actor_config(int threads) {
    messages::register_message_types(*this);
    // Work-stealing polls when idle; sharing does not (CAF #1251). Our blocking work
    // runs in detached actors, so two scheduler threads are plenty.
    set("scheduler.policy", caf::atom("sharing"));
    set("scheduler.max-threads", threads);
  }
};

struct actor_runtime {
  actor_config cfg;
  caf::actor_system sys;
  explicit actor_runtime(int threads = 2) : cfg(threads), sys(cfg) {}
};

}  // namespace jobpilot::app
