#include "actors/cluster_registry.hpp"

#include "actors/pools_status.hpp"
#include "actors/stage_observer.hpp"

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

// The registry's hands for cluster_nodes: database writes block, so they run in a detached actor of
// their own. The registry itself is scheduled: it is published and other nodes hold references to
// it, and a detached actor that is still referenced keeps the actor system from ever ending (the
// coordinator hung at exit when a worker had left a moment before).
using put_atom = caf::atom_constant<caf::atom("put")>;
using mark_atom = caf::atom_constant<caf::atom("mark")>;

using recorder_actor = caf::typed_actor<
    caf::reacts_to<put_atom, messages::node_load, std::string, std::string, std::int64_t, std::int64_t>,
    caf::reacts_to<mark_atom, std::string, std::string, std::string>>;

recorder_actor::behavior_type recorder(recorder_actor::pointer, std::shared_ptr<storage::database> db,
                                       std::shared_ptr<spdlog::logger> log) {
  // The status pages are best effort: a database hiccup must not take the registry down.
  auto guarded = [log](const auto& write) {
    try {
      write();
    } catch (const std::exception& e) {
      log->warn("cluster: cannot record the nodes' state: {}", e.what());
    }
  };
  return {
      [db, guarded](put_atom, const messages::node_load& load, const std::string& role, const std::string& address,
                    std::int64_t joined_at, std::int64_t heard_at) {
        std::vector<storage::node_pool> pools;
        for (const auto& p : load.pools) pools.push_back({p.stage, p.workers, p.busy, p.queued, p.completed, p.failed});
        guarded([&] {
          storage::cluster_node_repository(db).upsert({load.node, role, address, "up", pools, joined_at, heard_at, ""});
        });
      },
      [db, guarded](mark_atom, const std::string& node, const std::string& state, const std::string& why) {
        guarded([&] { storage::cluster_node_repository(db).set_state(node, state, why); });
      },
  };
}

struct registry_state {
  registry_parts parts;
  recorder_actor recorder;
  std::map<std::string, known_node> nodes;
  std::int64_t started_at = 0;
  static inline const char* name = "cluster-registry";
};

// The registry's own type: its interface plus the internal tick.
using registry_impl = messages::registry_actor::extend<caf::reacts_to<atom::tick>>;
using registry_self = registry_impl::stateful_pointer<registry_state>;

std::int64_t now_ms() { return core::to_epoch_ms(std::chrono::system_clock::now()); }

void write_node(registry_self self, const known_node& n) {
  self->send(self->state.recorder, put_atom::value, messages::node_load{n.hello.node, n.pools, {}}, std::string("worker"),
             n.hello.address, n.joined_at, now_ms());
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
  self->send(st.recorder, mark_atom::value, node, state, why);
}

void lose(registry_self self, const std::string& node, const std::string& why) { drop(self, node, "lost", why); }

// What the worker's stages did, counted by the coordinator's observer (its metrics) as its own.
void count_tally(registry_self self, const messages::node_load& load) {
  if (self->state.parts.observer && !load.tally.empty()) self->state.parts.observer->node_tally(load.tally);
}

// The coordinator's own row: its pools as the cluster pools see them (every member's room).
void write_self(registry_self self) {
  auto& st = self->state;
  ask_pools_status(self, st.parts.processor, st.parts.embedder, st.parts.heartbeat_interval,
                   [self](std::vector<messages::stage_status> pools) {
                     auto& s = self->state;
                     self->send(s.recorder, put_atom::value, messages::node_load{s.parts.node, std::move(pools), {}},
                                std::string("coordinator"), s.parts.address, s.started_at, now_ms());
                   });
}

registry_impl::behavior_type registry(registry_self self, registry_parts parts) {
  auto& st = self->state;
  st.parts = std::move(parts);
  st.started_at = now_ms();
  st.recorder = self->spawn<caf::detached + caf::linked>(recorder, st.parts.db, st.parts.log);
  self->set_down_handler([self](caf::down_msg& dm) {
    for (const auto& [name, n] : self->state.nodes)
      if (n.hello.processor.address() == dm.source) {
        lose(self, std::string(name), "connection lost: " + self->system().render(dm.reason));
        return;
      }
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    auto& s = self->state;
    self->send(s.recorder, mark_atom::value, s.parts.node, std::string("left"), std::string("stopped"));
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
        if (it == self->state.nodes.end()) return false;  // lost meanwhile: it joins again (the tally with it)
        count_tally(self, load);
        it->second.last_heard = steady::now();
        it->second.pools = std::move(load.pools);
        write_node(self, it->second);
        return true;
      },
      [self](atom::leave, messages::node_load& last) {
        if (self->state.nodes.count(last.node)) count_tally(self, last);
        drop(self, last.node, "left", "stopped");
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
  return caf::actor_cast<messages::registry_actor>(sys.spawn(registry, std::move(parts)));
}

}  // namespace jobpilot::actors
