#include "app/cluster.hpp"

#include "actors/cluster_member.hpp"
#include "actors/cluster_pool.hpp"
#include "actors/cluster_registry.hpp"
#include "actors/stage_tally_observer.hpp"
#include "app/actor_runtime.hpp"
#include "app/commands.hpp"
#include "app/pipeline_wiring.hpp"
#include "app/stop_signals.hpp"
#include "storage/cluster_node_repository.hpp"
#include "storage/database.hpp"
#include "storage/process_identity.hpp"

#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <iostream>
#include <thread>

namespace jobpilot::app {

namespace {

// A coordinator lends the pipeline more room than one node has: the cluster pools spread what the
// pipeline hands them over every member's free slots and queue the rest.
constexpr int cluster_window = 32;

}  // namespace

std::string cluster_node_name(const config::cluster_settings& c) {
  return c.node_name.empty() ? storage::this_host() + "/" + std::to_string(getpid()) : c.node_name;
}

struct cluster_coordinator::impl {
  actors::processor_cluster_pool processor;
  actors::embedder_cluster_pool embedder;
  messages::registry_actor registry;
  std::shared_ptr<std::atomic<int>> workers;
};

cluster_coordinator::cluster_coordinator(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

cluster_coordinator::~cluster_coordinator() {
  // A published actor keeps the actor system from ending: the registry goes first (closing its port).
  caf::anon_send_exit(impl_->registry, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->processor, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->embedder, caf::exit_reason::user_shutdown);
}

std::unique_ptr<cluster_coordinator> cluster_coordinator::start(caf::actor_system& sys, const runtime& rt,
                                                                actors::pipeline_parts& parts,
                                                                std::shared_ptr<actors::stage_observer> observer,
                                                                std::string* error) {
  const auto& s = rt.settings;
  const auto& c = s.cluster;
  const auto name = cluster_node_name(c);
  auto p = std::make_unique<impl>();
  p->processor = actors::spawn_processor_cluster_pool(sys, name, parts.processor(), s.processor.workers,
                                                      parts.stage_timeout);
  p->embedder = actors::spawn_embedder_cluster_pool(sys, name, parts.embedder(), 1, parts.stage_timeout);
  parts.processor = [h = p->processor] { return caf::actor_cast<messages::processor_actor>(h); };
  parts.embedder = [h = p->embedder] { return caf::actor_cast<messages::embedder_actor>(h); };
  parts.processor_window = std::max(parts.processor_window, cluster_window);
  parts.embedder_window = std::max(parts.embedder_window, cluster_window);

  actors::registry_parts rp;
  rp.node = name;
  rp.address = c.listen + ":" + std::to_string(c.port);
  rp.db = rt.db;
  rp.log = rt.logs.main;
  rp.processor = p->processor;
  rp.embedder = p->embedder;
  rp.observer = std::move(observer);
  rp.heartbeat_interval = c.heartbeat_interval;
  rp.node_timeout = c.node_timeout;
  p->workers = rp.workers;
  p->registry = actors::spawn_cluster_registry(sys, std::move(rp));
  const bool tls = !c.tls.certificate.empty();
  const auto port = static_cast<std::uint16_t>(c.port);
  auto published = tls ? caf::openssl::publish(p->registry, port, c.listen.c_str(), true)
                       : sys.middleman().publish(p->registry, port, c.listen.c_str(), true);
  if (!published) {
    *error = "cluster: cannot listen for workers on " + c.listen + ":" + std::to_string(c.port) + ": " +
             sys.render(published.error());
    cluster_coordinator stop_it(std::move(p));  // its destructor stops what was spawned
    return nullptr;
  }
  rt.logs.main->info("cluster: coordinator {} listening for workers on {}:{} ({})", name, c.listen, *published,
                     tls ? "TLS, certificates checked both ways" : "plain TCP");
  return std::unique_ptr<cluster_coordinator>(new cluster_coordinator(std::move(p)));
}

bool cluster_coordinator::wait_for_workers(int n, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (impl_->workers->load() < n) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

int run_worker(const global_options& g, const run_options& o) {
  stop_signals signals;  // first: every thread started below inherits the mask
  if (!o.base_url.empty()) std::cerr << "note: a worker makes no JSearch call: --base-url is ignored\n";
  // The database may still be starting (a whole cluster booting): wait for it.
  int code = exit_ok;
  auto rt = open_runtime_waiting(g, code,
                                 [&signals](std::chrono::milliseconds wait) { return signals.wait_for(wait) != 0; });
  if (!rt) return code;
  const auto& c = rt->settings.cluster;  // validated: a worker has its coordinator's address

  actor_runtime actors(2, &c);
  auto tally = std::make_shared<actors::stage_tally_observer>();  // the coordinator's metrics count it
  pipeline_observers watch;
  watch.stages = tally;
  auto parts = wire_pipeline(actors.sys, *rt, std::string{}, &watch);  // workers make no JSearch call: no key
  actors::member_parts mp;
  mp.hello.node = cluster_node_name(c);
  mp.hello.address = storage::this_host();
  mp.hello.processor = parts.processor();
  mp.hello.embedder = parts.embedder();
  mp.hello.processor_slots = rt->settings.processor.workers;
  mp.hello.embedder_slots = 1;
  mp.coordinator_host = c.coordinator;
  mp.coordinator_port = static_cast<std::uint16_t>(c.port);
  mp.tls = !c.tls.certificate.empty();
  mp.heartbeat_interval = c.heartbeat_interval;
  mp.node_timeout = c.node_timeout;
  mp.connect_timeout = c.connect_timeout;
  mp.reconnect_max = c.reconnect_max;
  mp.log = rt->logs.main;
  mp.tally = tally;
  auto processor = mp.hello.processor;
  auto embedder = mp.hello.embedder;
  auto member = actors::spawn_cluster_member(actors.sys, mp);
  // One line a script can wait for.
  std::cout << "worker " << mp.hello.node << " started; coordinator " << c.coordinator << ":" << c.port << "\n"
            << std::flush;

  // A pool that gives up (restart intensity exceeded) ends the worker: a supervisor restarts it.
  caf::scoped_actor self{actors.sys};
  self->monitor(processor);
  self->monitor(embedder);
  std::string pool_down;
  int signal = 0;
  while (signal == 0 && pool_down.empty()) {
    signal = signals.wait_for(std::chrono::milliseconds(200));
    self->receive([&](caf::down_msg& dm) { pool_down = actors.sys.render(dm.reason); },
                  caf::after(std::chrono::milliseconds(0)) >> [] {});
  }
  if (!pool_down.empty()) {
    rt->logs.main->error("a stage pool of this worker gave up ({}); the worker ends", pool_down);
    parts.on_stop();
    caf::anon_send_exit(member, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(processor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(embedder, caf::exit_reason::user_shutdown);
    return exit_failure;
  }
  rt->logs.main->info("{} received: the worker leaves the cluster (the coordinator gives what it held to other nodes)",
                      signal == SIGTERM ? "SIGTERM" : "SIGINT");
  self->request(member, c.connect_timeout, atom::leave::value)
      .receive([&](bool heard) { if (!heard) rt->logs.main->warn("cluster: the coordinator did not hear that this node leaves"); },
               [&](caf::error&) { rt->logs.main->warn("cluster: the coordinator did not hear that this node leaves"); });
  parts.on_stop();
  caf::anon_send_exit(member, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(processor, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(embedder, caf::exit_reason::user_shutdown);
  return exit_ok;
}

}  // namespace jobpilot::app
