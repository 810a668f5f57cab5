#include "actors/cluster_registry.hpp"

#include "core/schedule_plan.hpp"
#include "messages/error.hpp"
#include "storage/cluster_node_repository.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <map>

namespace jobpilot::actors {

namespace {

using steady = std::chrono::steady_clock;

struct known_node {
  messages::node_hello hello;
  std::int64_t joined_at = 0;
  steady::time_point last_heard;
  std::vector<messages::stage_status> pools;
};

struct registry_state {
  registry_parts parts;
  std::map<std::string, known_node> nodes;
  std::int64_t started_at = 0;
  static inline const char* name = "cluster-registry";
};

// The registry's own type: its interface plus the internal tick.
using registry_impl = messages::registry_actor::extend<caf::reacts_to<atom::tick>>;
using registry_self = registry_impl::stateful_pointer<registry_state>;

std::int64_t now_ms() { return core::to_epoch_ms(std::chrono::system_clock::now()); }

std::vector<storage::node_pool> to_rows(const std::vector<messages::stage_status>& pools) {
  std::vector<storage::node_pool> out;
  for (const auto& p : pools) out.push_back({p.stage, p.workers, p.busy, p.queued, p.completed, p.failed});
  return out;
}

// The status pages are best effort: a database hiccup must not take the registry down.
template <class F>
void record(registry_self self, F&& write) {
  try {
    storage::cluster_node_repository repo(self->state.parts.db);
    write(repo);
  } catch (const std::exception& e) {
    self->state.parts.log->warn("cluster: cannot record the nodes' state: {}", e.what());
  }
}

void write_node(registry_self self, const known_node& n) {
  record(self, [&](storage::cluster_node_repository& repo) {
    repo.upsert({n.hello.node, "worker", n.hello.address, "up", to_rows(n.pools), n.joined_at, now_ms(), ""});
  });
}

// The node's pools leave the cluster pools (what they held goes to the others). `state`: lost, or left
// when the node said it stops.
void drop(registry_self self, const std::string& node, const std::string& state, const std::string& why) {
  auto& st = self->state;
  auto it = st.nodes.find(node);
  if (it == st.nodes.end()) return;
  self->demonitor(it->second.hello.processor.address());
  st.nodes.erase(it);
  st.parts.workers->store(static_cast<int>(st.nodes.size()));
  self->send(st.parts.processor, atom::leave::value, node);
  self->send(st.parts.embedder, atom::leave::value, node);
  if (state == "left")
    st.parts.log->info("cluster: worker {} left ({}); its work goes to the other nodes", node, why);
  else
    st.parts.log->warn("cluster: worker {} lost ({}); its work goes to the other nodes", node, why);
  record(self, [&](storage::cluster_node_repository& repo) { repo.set_state(node, state, why); });
}

void lose(registry_self self, const std::string& node, const std::string& why) { drop(self, node, "lost", why); }

// The coordinator's own row: its pools as the cluster pools see them (every member's room).
void write_self(registry_self self) {
  auto& st = self->state;
  auto pools = std::make_shared<std::vector<messages::stage_status>>();
  auto write = [self, pools] {
    auto& s = self->state;
    record(self, [&](storage::cluster_node_repository& repo) {
      repo.upsert({s.parts.node, "coordinator", s.parts.address, "up", to_rows(*pools), s.started_at, now_ms(), ""});
    });
  };
  auto timeout = st.parts.heartbeat_interval;
  self->request(st.parts.processor, timeout, atom::status::value)
      .then(
          [self, pools, write, timeout](messages::stage_status& p) {
            pools->push_back(std::move(p));
            self->request(self->state.parts.embedder, timeout, atom::status::value)
                .then(
                    [pools, write](messages::stage_status& e) {
                      pools->push_back(std::move(e));
                      write();
                    },
                    [write](caf::error&) { write(); });
          },
          [write](caf::error&) { write(); });
}

registry_impl::behavior_type registry(registry_self self, registry_parts parts) {
  auto& st = self->state;
  st.parts = std::move(parts);
  st.started_at = now_ms();
  self->set_down_handler([self](caf::down_msg& dm) {
    for (const auto& [name, n] : self->state.nodes)
      if (n.hello.processor.address() == dm.source) {
        lose(self, std::string(name), "connection lost: " + self->system().render(dm.reason));
        return;
      }
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    auto& s = self->state;
    record(self, [&](storage::cluster_node_repository& repo) { repo.set_state(s.parts.node, "left", "stopped"); });
    self->quit(em.reason);
  });
  write_self(self);
  self->send(self, atom::tick::value);
  return {
      [self](atom::join, messages::node_hello& hello) -> caf::result<std::string> {
        auto& s = self->state;
        if (hello.node.empty() || !hello.processor || !hello.embedder)
          return caf::make_error(messages::errc::invalid_request, "a node joins with a name and both pools");
        if (hello.node == s.parts.node)
          return caf::make_error(messages::errc::invalid_request, "node name " + hello.node + " is the coordinator's");
        if (s.nodes.count(hello.node)) lose(self, hello.node, "it joined again");
        self->monitor(hello.processor);
        self->send(s.parts.processor, atom::join::value, hello.node, hello.processor, hello.processor_slots);
        self->send(s.parts.embedder, atom::join::value, hello.node, hello.embedder, hello.embedder_slots);
        s.parts.log->info("cluster: worker {} joined from {} (processor {}, embedder {} at once)", hello.node,
                          hello.address, hello.processor_slots, hello.embedder_slots);
        known_node n{hello, now_ms(), steady::now(), {}};
        write_node(self, n);
        s.nodes[hello.node] = std::move(n);
        s.parts.workers->store(static_cast<int>(s.nodes.size()));
        return s.parts.node;
      },
      [self](atom::heartbeat, messages::node_load& load) -> bool {
        auto it = self->state.nodes.find(load.node);
        if (it == self->state.nodes.end()) return false;  // lost meanwhile: it joins again
        it->second.last_heard = steady::now();
        it->second.pools = std::move(load.pools);
        write_node(self, it->second);
        return true;
      },
      [self](atom::leave, const std::string& node) {
        drop(self, node, "left", "stopped");
        return true;
      },
      [self](atom::tick) {
        auto& s = self->state;
        const auto now = steady::now();
        std::vector<std::string> silent;
        for (const auto& [name, n] : s.nodes)
          if (now - n.last_heard > s.parts.node_timeout) silent.push_back(name);
        for (const auto& name : silent)
          lose(self, name,
               "no heartbeat for " + std::to_string(s.parts.node_timeout.count()) + " ms");
        write_self(self);
        self->delayed_send(self, s.parts.heartbeat_interval, atom::tick::value);
      },
  };
}

}  // namespace

messages::registry_actor spawn_cluster_registry(caf::actor_system& sys, registry_parts parts) {
  return caf::actor_cast<messages::registry_actor>(sys.spawn<caf::detached>(registry, std::move(parts)));
}

}  // namespace jobpilot::actors
