// The coordinator's REGISTRY (cluster mode): workers join it with their pools, which it hands to the
// cluster pools; it hears each worker's heartbeat and answers it; a worker whose connection breaks
// or that stays silent for node_timeout is lost, and its pools leave (what they held goes to others).
// It keeps cluster_nodes up to date for `status`, the API and the dashboard, and hands what the
// workers' stages did (each heartbeat's tally) to the coordinator's stage observer.
#pragma once

#include "actors/cluster_pool.hpp"
#include "messages/cluster.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace caf {
class actor_system;
}
namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

class stage_observer;

struct registry_parts {
  std::string node;     ///< the coordinator's name
  std::string address;  ///< where it listens
  std::shared_ptr<storage::database> db;
  std::shared_ptr<spdlog::logger> log;
  processor_cluster_pool processor;
  embedder_cluster_pool embedder;
  /// Told what the workers' stages did (their heartbeats' tallies): the coordinator's metrics.
  std::shared_ptr<stage_observer> observer;
  std::chrono::milliseconds heartbeat_interval{1'000};
  std::chrono::milliseconds node_timeout{5'000};
  /// Workers up now (the coordinator's `run --once` waits for cluster.wait_for_workers).
  std::shared_ptr<std::atomic<int>> workers = std::make_shared<std::atomic<int>>(0);
};

/// Its database writes (cluster_nodes) run in a detached helper; the registry itself is scheduled.
messages::registry_actor spawn_cluster_registry(caf::actor_system& sys, registry_parts parts);

}  // namespace jobpilot::actors
