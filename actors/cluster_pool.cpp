#include "actors/cluster_pool.hpp"

#include "messages/error.hpp"
#include "messages/stage_work.hpp"
#include "messages/status.hpp"

#include <caf/all.hpp>

#include <deque>
#include <map>
#include <set>
#include <vector>

namespace jobpilot::actors {

namespace {

template <class Front, class Atom>
struct cluster_pool_state {
  struct member {
    std::string node;
    Front handle;
    std::int32_t slots = 1;
    std::int32_t busy = 0;
  };
  struct job {
    messages::stage_request input;
    caf::typed_response_promise<messages::stage_reply> promise;
    std::string node;  ///< the member holding it
    int moves = 0;     ///< times it went to another member after its node was lost
    std::set<std::string> avoid;  ///< members whose node could not take it (tried again only when all could not)
  };
  std::string stage;
  std::vector<member> members;  ///< [0]: this node's own pool
  std::map<std::uint64_t, job> held;  ///< by ticket: one per dispatch, so a late answer to a moved job is ignored
  std::deque<job> queue;
  std::uint64_t next_ticket = 1;
  std::size_t next_first = 0;  ///< where the search for free room starts: equals share the work in turn
  std::int64_t completed = 0, failed = 0, moved = 0;
  std::chrono::milliseconds timeout{0};
  static inline const char* name = "cluster-pool";
};

template <class Front, class Atom>
using pool_self = typename cluster_pool_actor<Front>::template stateful_pointer<cluster_pool_state<Front, Atom>>;

// A request is moved to another member at most this many times (its node lost, or in trouble); then it fails.
constexpr int max_moves = 10;

// An error from another node's pool that is that node's trouble, not the request's: its connection or
// process is gone (CAF's errors), its pool is shutting down (SIGTERM), its database is away, its
// embedding endpoint's breaker is open. Another node may do the request. Anything else (a request that
// crashed every worker, a bad request) would fail anywhere: it is the answer.
bool node_trouble(const caf::error& err) {
  if (err.category() != caf::atom("jobpilot")) return true;
  const auto code = static_cast<messages::errc>(err.code());
  return code == messages::errc::shutting_down || code == messages::errc::storage_unavailable ||
         code == messages::errc::circuit_open;
}

// `ticket`'s job goes back to the front of the queue, to be offered to the next member in turn.
template <class Front, class Atom>
void move_job(pool_self<Front, Atom> self, std::uint64_t ticket) {
  auto& st = self->state;
  auto it = st.held.find(ticket);
  auto j = std::move(it->second);
  st.held.erase(it);
  ++st.moved;
  if (++j.moves > max_moves) {
    ++st.failed;
    j.promise.deliver(caf::make_error(messages::errc::stage_failed,
                                      st.stage + ": the request was moved " + std::to_string(max_moves) +
                                          " times (its node was lost or could not take it)"));
    return;
  }
  j.avoid.insert(j.node);
  j.node.clear();
  st.queue.push_front(std::move(j));
}

template <class Front, class Atom>
void dispatch(pool_self<Front, Atom> self);

// Everything `node` holds goes back to the front of the queue; its room is gone with it.
template <class Front, class Atom>
void take_back(pool_self<Front, Atom> self, const std::string& node) {
  std::vector<std::uint64_t> tickets;
  for (const auto& [ticket, j] : self->state.held)
    if (j.node == node) tickets.push_back(ticket);
  for (auto ticket : tickets) move_job<Front, Atom>(self, ticket);
}

template <class Front, class Atom>
void remove_member(pool_self<Front, Atom> self, const std::string& node) {
  auto& st = self->state;
  for (std::size_t i = 1; i < st.members.size(); ++i)
    if (st.members[i].node == node) {
      self->demonitor(st.members[i].handle.address());
      st.members.erase(st.members.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  take_back<Front, Atom>(self, node);
}

template <class Front, class Atom>
typename cluster_pool_state<Front, Atom>::member* find_member(pool_self<Front, Atom> self, const std::string& node) {
  for (auto& m : self->state.members)
    if (m.node == node) return &m;
  return nullptr;
}

template <class Front, class Atom>
void dispatch(pool_self<Front, Atom> self) {
  auto& st = self->state;
  while (!st.queue.empty()) {
    auto& avoid = st.queue.front().avoid;
    bool all_avoided = true;
    for (const auto& m : st.members) all_avoided = all_avoided && avoid.count(m.node);
    if (all_avoided) avoid.clear();  // every node failed it once: each may try again (moves are bounded)
    // The member with the most free room; among equals, each in turn. A request waits for a member
    // that did not fail it rather than going straight back to one that did.
    typename cluster_pool_state<Front, Atom>::member* best = nullptr;
    double best_load = 0;
    std::size_t best_index = 0;
    const auto n = st.members.size();
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = (st.next_first + k) % n;
      auto& m = st.members[i];
      if (m.busy >= m.slots || avoid.count(m.node)) continue;
      const double load = static_cast<double>(m.busy) / m.slots;
      if (!best || load < best_load) {
        best = &m;
        best_load = load;
        best_index = i;
      }
    }
    if (!best) return;
    st.next_first = best_index + 1;
    auto j = std::move(st.queue.front());
    st.queue.pop_front();
    j.node = best->node;
    ++best->busy;
    const auto ticket = st.next_ticket++;
    auto input = j.input;
    const bool local = best == &st.members.front();
    st.held.emplace(ticket, std::move(j));
    self->request(best->handle, st.timeout, Atom::value, std::move(input))
        .then(
            [self, ticket](messages::stage_reply& reply) {
              auto& s = self->state;
              auto it = s.held.find(ticket);
              if (it == s.held.end()) return;  // its node was lost and the job moved on
              if (auto* m = find_member<Front, Atom>(self, it->second.node)) --m->busy;
              ++s.completed;
              it->second.promise.deliver(std::move(reply));
              s.held.erase(it);
              dispatch<Front, Atom>(self);
            },
            [self, ticket, local](caf::error& err) {
              auto& s = self->state;
              auto it = s.held.find(ticket);
              if (it == s.held.end()) return;
              const auto node = it->second.node;
              if (auto* m = find_member<Front, Atom>(self, node)) --m->busy;
              if (local || !node_trouble(err)) {
                ++s.failed;
                it->second.promise.deliver(std::move(err));
                s.held.erase(it);
              } else if (err.category() != caf::atom("jobpilot")) {
                remove_member<Front, Atom>(self, node);  // its connection or process is gone
              } else {
                move_job<Front, Atom>(self, ticket);  // the node is still there, only not fit for this now
              }
              dispatch<Front, Atom>(self);
            });
  }
}

template <class Front, class Atom>
typename cluster_pool_actor<Front>::behavior_type cluster_pool(pool_self<Front, Atom> self, std::string node,
                                                                Front local, std::int32_t slots,
                                                                std::chrono::milliseconds timeout) {
  auto& st = self->state;
  st.timeout = timeout;
  st.members.push_back({std::move(node), local, std::max<std::int32_t>(1, slots), 0});
  self->link_to(local);  // this node's pool giving up ends the stage, as without a cluster
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& s = self->state;
    for (std::size_t i = 1; i < s.members.size(); ++i)
      if (s.members[i].handle.address() == dm.source) {
        remove_member<Front, Atom>(self, std::string(s.members[i].node));
        dispatch<Front, Atom>(self);
        return;
      }
  });
  return {
      [self](Atom, messages::stage_request& req) -> caf::result<messages::stage_reply> {
        auto rp = self->template make_response_promise<messages::stage_reply>();
        self->state.queue.push_back({std::move(req), rp, {}, 0, {}});
        dispatch<Front, Atom>(self);
        return rp;
      },
      [self](atom::status) -> messages::stage_status {
        auto& s = self->state;
        messages::stage_status out;
        out.stage = s.stage;
        for (const auto& m : s.members) {
          out.workers += m.slots;
          out.busy += m.busy;
        }
        out.queued = static_cast<std::int32_t>(s.queue.size());
        out.completed = s.completed;
        out.failed = s.failed;
        return out;
      },
      [self](atom::join, std::string& node, Front& handle, std::int32_t slots) {
        auto& s = self->state;
        if (!handle || node == s.members.front().node) return;
        remove_member<Front, Atom>(self, node);  // a node that joins again replaces its old self
        self->monitor(handle);
        s.members.push_back({std::move(node), std::move(handle), std::max<std::int32_t>(1, slots), 0});
        dispatch<Front, Atom>(self);
      },
      [self](atom::leave, const std::string& node) {
        remove_member<Front, Atom>(self, node);
        dispatch<Front, Atom>(self);
      },
  };
}

template <class Front, class Atom>
cluster_pool_actor<Front> spawn_pool(caf::actor_system& sys, const char* stage, std::string node, Front local,
                                     std::int32_t slots, std::chrono::milliseconds timeout) {
  auto pool = sys.spawn(
      [stage](pool_self<Front, Atom> self, std::string n, Front l, std::int32_t s, std::chrono::milliseconds t) {
        self->state.stage = stage;
        return cluster_pool<Front, Atom>(self, std::move(n), std::move(l), s, t);
      },
      std::move(node), std::move(local), slots, timeout);
  return caf::actor_cast<cluster_pool_actor<Front>>(pool);
}

}  // namespace

processor_cluster_pool spawn_processor_cluster_pool(caf::actor_system& sys, std::string node,
                                                    messages::processor_actor local, std::int32_t slots,
                                                    std::chrono::milliseconds timeout) {
  return spawn_pool<messages::processor_actor, atom::process>(sys, "processor", std::move(node), std::move(local),
                                                               slots, timeout);
}

embedder_cluster_pool spawn_embedder_cluster_pool(caf::actor_system& sys, std::string node,
                                                  messages::embedder_actor local, std::int32_t slots,
                                                  std::chrono::milliseconds timeout) {
  return spawn_pool<messages::embedder_actor, atom::embed>(sys, "embedder", std::move(node), std::move(local), slots,
                                                            timeout);
}

}  // namespace jobpilot::actors
