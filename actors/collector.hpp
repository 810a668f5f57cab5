// The COLLECTOR stage: a pool of detached workers (HTTP and database calls block),
// each owning a collection_runner with its own kept-alive connection.
#pragma once

#include "actors/collection_runner.hpp"
#include "messages/collector.hpp"

#include <memory>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {


/// Spawns the router and its workers; the handle answers collect and status.
messages::collector_actor spawn_collector(caf::actor_system& sys, std::shared_ptr<const collector_context> ctx);

}  // namespace jobpilot::actors
