// What the nodes of a cluster say to each other (DESIGN.md section 12). A worker joins the
// coordinator's registry with handles to its own processor and embedder pools; the coordinator then
// sends those pools work by collection id, exactly as it sends its local ones. Both sides hear from
// each other every heartbeat interval: the worker's load report and the coordinator's answer.
#pragma once

#include "messages/atoms.hpp"
#include "messages/embedder.hpp"
#include "messages/processor.hpp"
#include "messages/stage_tally.hpp"
#include "messages/status.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::messages {

/// A worker offering its pools.
struct node_hello {
  std::string node;     ///< unique name in the cluster
  std::string address;  ///< where it runs (host name), for status pages
  processor_actor processor;
  embedder_actor embedder;
  std::int32_t processor_slots = 0;  ///< requests it takes at once
  std::int32_t embedder_slots = 0;
};

/// A worker's heartbeat (and its last word when it leaves): its pools now and what they did.
struct node_load {
  std::string node;
  std::vector<stage_status> pools;
  stage_tally tally;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_hello& x) {
  return f(caf::meta::type_name("jobpilot::node_hello"), x.node, x.address, x.processor, x.embedder,
           x.processor_slots, x.embedder_slots);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_load& x) {
  return f(caf::meta::type_name("jobpilot::node_load"), x.node, x.pools, x.tally);
}

bool operator==(const node_hello& a, const node_hello& b);
bool operator==(const node_load& a, const node_load& b);

/// The coordinator's registry, published for workers.
using registry_actor = caf::typed_actor<
  /// Accepts a worker's pools; answers the coordinator's node name.
  caf::replies_to<atom::join, node_hello>::with<std::string>,
  /// Records the load; answers true, or false when the node is not (or no longer) known: join again.
  caf::replies_to<atom::heartbeat, node_load>::with<bool>,
  /// The node stops (SIGTERM), with its last report: what its pools hold goes to the others at once.
  /// Answers true.
  caf::replies_to<atom::leave, node_load>::with<bool>>;

}  // namespace jobpilot::messages
