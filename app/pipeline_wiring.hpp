// The pipeline wired in one place (see actors/pipeline.hpp for the message flow): each stage from
// its own config slice, all sharing the database behind one breaker and retry guard, claims under
// this process's name. The stages are spawned when the pipeline first needs them.
#pragma once

#include "actors/pipeline.hpp"
#include "app/runtime.hpp"

#include <string>

namespace caf {
class actor_system;
}

namespace jobpilot::app {

/// `api_key`: JSearch's (only the collector uses it; empty for commands that buy nothing).
actors::pipeline_parts wire_pipeline(caf::actor_system& sys, const runtime& rt, const std::string& api_key);

}  // namespace jobpilot::app
