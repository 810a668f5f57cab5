// A stage spread over the cluster: one router with the stage's own interface in front of this node's
// pool and the pools workers lend it (they join and leave through the registry). Each request goes to
// the member with the most free room; a request held by a member whose node is lost (its connection
// broke, or it went silent) goes to another member, which takes the collection over once the lost
// node's claim is free (its lease ran out, or its process is known to be gone). The collections are
// named by id, so any member can do any request.
#pragma once

#include "messages/atoms.hpp"
#include "messages/embedder.hpp"
#include "messages/processor.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

/// The stage interface plus the membership messages the registry sends.
template <class Front>
using cluster_pool_actor = typename Front::template extend<
    /// A node's pool joins (a node of the same name is replaced): node, its pool, how many requests it takes.
    caf::reacts_to<atom::join, std::string, Front, std::int32_t>,
    /// The node is gone: what it held goes to the others.
    caf::reacts_to<atom::leave, std::string>>;

using processor_cluster_pool = cluster_pool_actor<messages::processor_actor>;
using embedder_cluster_pool = cluster_pool_actor<messages::embedder_actor>;

/// `local`: this node's pool (never leaves), named `node`, taking `slots` requests at once.
/// `timeout`: how long one request may take at a member.
processor_cluster_pool spawn_processor_cluster_pool(caf::actor_system& sys, std::string node,
                                                    messages::processor_actor local, std::int32_t slots,
                                                    std::chrono::milliseconds timeout);
embedder_cluster_pool spawn_embedder_cluster_pool(caf::actor_system& sys, std::string node,
                                                  messages::embedder_actor local, std::int32_t slots,
                                                  std::chrono::milliseconds timeout);

}  // namespace jobpilot::actors
