// Cluster mode wired in one place (DESIGN.md section 12, README "Cluster"). The coordinator is the
// ordinary pipeline (scheduler, every JSearch call, deduper, loader, HTTP API) whose processor and
// embedder stages are cluster pools; workers lend those pools their own. All nodes share one
// database and take collections through the stage machine's claims.
#pragma once

#include "actors/pipeline.hpp"
#include "app/options.hpp"
#include "app/runtime.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace caf {
class actor_system;
}
namespace jobpilot::actors {
class stage_observer;
}

namespace jobpilot::app {

/// This node's name in the cluster: cluster.node_name, else <host>/<pid>.
std::string cluster_node_name(const config::cluster_settings& c);

/// The coordinator's part of a process: the published registry and the cluster pools.
class cluster_coordinator {
public:
  /// Spawns this node's processor and embedder pools now, puts cluster pools in front of them in
  /// `parts`, and publishes the registry on cluster.listen:cluster.port (TLS when configured).
  /// `observer`: this process's stage observer, told what the workers' stages did.
  /// nullptr and `error` when the port cannot be opened.
  static std::unique_ptr<cluster_coordinator> start(caf::actor_system& sys, const runtime& rt,
                                                    actors::pipeline_parts& parts,
                                                    std::shared_ptr<actors::stage_observer> observer,
                                                    std::string* error);
  ~cluster_coordinator();  ///< stops the registry (closing the port) and the pools
  cluster_coordinator(const cluster_coordinator&) = delete;
  cluster_coordinator& operator=(const cluster_coordinator&) = delete;

  /// Waits until `n` workers are up; false when `timeout` passed first.
  bool wait_for_workers(int n, std::chrono::milliseconds timeout) const;

  struct impl;

private:
  explicit cluster_coordinator(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

/// `run --role worker`: lends this node's processor and embedder pools to the coordinator until
/// SIGTERM or SIGINT. Returns the exit code.
int run_worker(const global_options& g, const run_options& o);

}  // namespace jobpilot::app
