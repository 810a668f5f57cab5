// The COLLECTOR stage: a pool of detached workers (HTTP and database calls block), each owning a
// collector_work with its own kept-alive connection; the breaker, rate limiter and quota guard are
// shared through the context.
#pragma once

#include "actors/collector_work.hpp"
#include "messages/collector.hpp"

#include <memory>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

messages::collector_actor spawn_collector(caf::actor_system& sys, std::shared_ptr<const collector_context> ctx);

}  // namespace jobpilot::actors
