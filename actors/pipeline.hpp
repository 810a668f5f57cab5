// The pipeline wired in one place:
//
//   collector --raw_stored--> processor pool --processed--> embedder --embedded-->
//   deduper (single owner of the index) --deduped--> loader --loaded--> caller
//
// Each stage persists its output before it answers, so any stage may die and the
// message (which names its input by id) can be sent again.
#pragma once

#include "actors/stage_context.hpp"
#include "messages/pipeline.hpp"

#include <memory>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

/// Spawns the four stages and the pipeline actor that chains them. Sending the
/// pipeline an exit stops the stages too.
messages::pipeline_actor spawn_pipeline(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx);

}  // namespace jobpilot::actors
