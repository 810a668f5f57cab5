// The CAF actor system of one command run, configured from the settings.
// Included only by command .cpp files that run actors.
#pragma once

#include "messages/type_ids.hpp"

#include <caf/all.hpp>

namespace jobpilot::config {
struct cluster_settings;
}

namespace jobpilot::app {

struct actor_config : caf::actor_system_config {
  /// `cluster` (cluster mode): the middleman is loaded, with heartbeats both ways, and the openssl
  /// module when the cluster has certificates.
  explicit actor_config(int threads, const config::cluster_settings* cluster = nullptr);
};

struct actor_runtime {
  actor_config cfg;
  caf::actor_system sys;
  explicit actor_runtime(int threads = 2, const config::cluster_settings* cluster = nullptr)
      : cfg(threads, cluster), sys(cfg) {}
};

}  // namespace jobpilot::app
