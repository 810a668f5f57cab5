// Spawn functions of the processing stages (one pool of detached workers each: they
// block on the database). The deduper has one worker: it is the single owner of the
// dedupe index. The loader has one: batches commit in the order they were deduped.
#pragma once

#include "actors/stage_context.hpp"
#include "messages/pipeline.hpp"

#include <memory>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

messages::processor_actor spawn_processor(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx);
messages::embedder_actor spawn_embedder(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx);
messages::deduper_actor spawn_deduper(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx);
messages::loader_actor spawn_loader(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx);

}  // namespace jobpilot::actors
