// A worker's link to the coordinator (cluster mode): connects (asynchronously, with a timeout, over
// TLS when the cluster has certificates), joins the registry with this node's processor and embedder
// pools, reports their load and what they did every heartbeat interval and expects an answer. When the coordinator is
// lost (the connection breaks, or heartbeats go unanswered) the pools finish what they hold (their
// results are in the database) and the member connects again, with backoff, for ever: a worker may
// also start before its coordinator.
#pragma once

#include "messages/cluster.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace caf {
class actor_system;
class actor;
}  // namespace caf
namespace spdlog {
class logger;
}

namespace jobpilot::actors {

class stage_tally_observer;

struct member_parts {
  messages::node_hello hello;  ///< this node and its pools
  std::string coordinator_host;
  std::uint16_t coordinator_port = 0;
  bool tls = false;  ///< connect through CAF's openssl module
  std::chrono::milliseconds heartbeat_interval{1'000};
  std::chrono::milliseconds node_timeout{5'000};
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds reconnect_max{5'000};
  std::shared_ptr<spdlog::logger> log;
  /// What this node's stages did: each heartbeat takes it to the coordinator.
  std::shared_ptr<stage_tally_observer> tally;
};

/// The member also answers (atom::leave) with a bool: it tells the coordinator this node stops.
caf::actor spawn_cluster_member(caf::actor_system& sys, member_parts parts);

}  // namespace jobpilot::actors
