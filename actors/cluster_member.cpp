#include "actors/cluster_member.hpp"

#include "actors/pools_status.hpp"
#include "actors/stage_tally_observer.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/middleman_actor.hpp>
#include <caf/openssl/manager.hpp>
#include <spdlog/spdlog.h>

namespace jobpilot::actors {

namespace {

using reconnect_atom = caf::atom_constant<caf::atom("reconnect")>;

struct member_state {
  member_parts parts;
  messages::registry_actor registry;
  std::string coordinator;  ///< its node name, once joined
  std::chrono::milliseconds backoff{200};
  std::uint64_t epoch = 0;  ///< one per connection: timers of an earlier connection are ignored
  bool reconnect_pending = false;
  static inline const char* name = "cluster-member";
};

using member_self = caf::stateful_actor<member_state>*;

void schedule_reconnect(member_self self) {
  auto& st = self->state;
  if (st.reconnect_pending) return;
  st.reconnect_pending = true;
  self->delayed_send(self, st.backoff, reconnect_atom::value);
  st.backoff = std::min(st.backoff * 2, st.parts.reconnect_max);
}

void drop_coordinator(member_self self, const std::string& why) {
  auto& st = self->state;
  if (st.registry) {
    self->demonitor(st.registry.address());
    st.parts.log->warn("cluster: lost the coordinator {} ({}); the pools finish what they hold, reconnecting",
                       st.coordinator, why);
  }
  st.registry = nullptr;
  ++st.epoch;
  schedule_reconnect(self);
}

void send_heartbeat(member_self self);

void join(member_self self, messages::registry_actor registry) {
  auto& st = self->state;
  self->request(registry, st.parts.connect_timeout, atom::join::value, st.parts.hello)
      .then(
          [self, registry](std::string& coordinator) {
            auto& s = self->state;
            if (s.registry && s.registry != registry) self->demonitor(s.registry.address());
            s.registry = registry;
            s.coordinator = coordinator;
            s.backoff = std::chrono::milliseconds(200);
            ++s.epoch;
            self->monitor(registry);
            s.parts.log->info("cluster: joined coordinator {} at {}:{} as {}", coordinator, s.parts.coordinator_host,
                              s.parts.coordinator_port, s.parts.hello.node);
            send_heartbeat(self);
          },
          [self](caf::error& err) {
            self->state.parts.log->warn("cluster: the coordinator refused to take this node: {}",
                                        self->system().render(err));
            schedule_reconnect(self);
          });
}

void connect(member_self self) {
  auto& st = self->state;
  auto& sys = self->system();
  // The openssl module has its own middleman actor: the same messages, over TLS.
  caf::io::middleman_actor mm = st.parts.tls ? sys.openssl_manager().actor_handle() : sys.middleman().actor_handle();
  self->request(mm, st.parts.connect_timeout, caf::connect_atom::value, st.parts.coordinator_host,
                st.parts.coordinator_port)
      .then(
          [self](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>& ifs) {
            auto& s = self->state;
            if (!ptr || ifs != self->system().message_types<messages::registry_actor>()) {
              s.parts.log->warn("cluster: {}:{} is not a jobpilot-etl coordinator of this version",
                                s.parts.coordinator_host, s.parts.coordinator_port);
              schedule_reconnect(self);
              return;
            }
            join(self, caf::actor_cast<messages::registry_actor>(ptr));
          },
          [self](caf::error& err) {
            auto& s = self->state;
            s.parts.log->warn("cluster: cannot reach the coordinator at {}:{}{}: {}; retrying in {} ms",
                              s.parts.coordinator_host, s.parts.coordinator_port, s.parts.tls ? " (TLS)" : "",
                              self->system().render(err), s.backoff.count());
            schedule_reconnect(self);
          });
}

messages::stage_tally take_tally(member_self self) {
  return self->state.parts.tally ? self->state.parts.tally->take() : messages::stage_tally{};
}

// A tally the coordinator did not take (or did not answer for) goes with the next report.
void give_back(member_self self, const messages::stage_tally& t) {
  if (self->state.parts.tally && !t.empty()) self->state.parts.tally->give_back(t);
}

// The load report; an unanswered one means the coordinator is lost.
void beat(member_self self, std::uint64_t epoch, std::vector<messages::stage_status> pools) {
  auto& st = self->state;
  if (!st.registry || st.epoch != epoch) return;
  auto tally = take_tally(self);
  self->request(st.registry, st.parts.node_timeout, atom::heartbeat::value,
                messages::node_load{st.parts.hello.node, std::move(pools), tally})
      .then(
          [self, epoch, tally](bool known) {
            auto& s = self->state;
            if (!known) give_back(self, tally);
            if (s.epoch != epoch) return;
            if (!known) {
              s.parts.log->warn("cluster: the coordinator no longer knows this node; joining again");
              join(self, s.registry);
              return;
            }
            self->delayed_send(self, s.parts.heartbeat_interval, atom::heartbeat::value, epoch);
          },
          [self, epoch, tally](caf::error& err) {
            give_back(self, tally);
            if (self->state.epoch != epoch) return;
            drop_coordinator(self, "heartbeat unanswered: " + self->system().render(err));
          });
}

void send_heartbeat(member_self self) {
  auto& st = self->state;
  if (!st.registry) return;
  const auto epoch = st.epoch;
  ask_pools_status(self, st.parts.hello.processor, st.parts.hello.embedder, st.parts.heartbeat_interval,
                   [self, epoch](std::vector<messages::stage_status> pools) { beat(self, epoch, std::move(pools)); });
}

caf::behavior member(member_self self, member_parts parts) {
  self->state.parts = std::move(parts);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (self->state.registry && dm.source == self->state.registry.address())
      drop_coordinator(self, self->system().render(dm.reason));
  });
  self->state.parts.log->info("cluster: worker {} connecting to the coordinator at {}:{}{}",
                              self->state.parts.hello.node, self->state.parts.coordinator_host,
                              self->state.parts.coordinator_port, self->state.parts.tls ? " over TLS" : "");
  connect(self);
  return {
      [self](reconnect_atom) {
        self->state.reconnect_pending = false;
        if (!self->state.registry) connect(self);
      },
      [self](atom::heartbeat, std::uint64_t epoch) {
        if (epoch == self->state.epoch) send_heartbeat(self);
      },
      // Stopping (SIGTERM): the coordinator hears it at once and gives what this node held to the others.
      // Answers whether the coordinator heard it.
      [self](atom::leave) -> caf::result<bool> {
        auto& s = self->state;
        if (!s.registry) return false;
        auto rp = self->make_response_promise<bool>();
        self->request(s.registry, s.parts.connect_timeout, atom::leave::value,
                      messages::node_load{s.parts.hello.node, {}, take_tally(self)})
            .then([rp](bool heard) mutable { rp.deliver(heard); }, [rp](caf::error&) mutable { rp.deliver(false); });
        ++s.epoch;  // no more heartbeats
        s.registry = nullptr;
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_cluster_member(caf::actor_system& sys, member_parts parts) {
  return sys.spawn(member, std::move(parts));
}

}  // namespace jobpilot::actors
