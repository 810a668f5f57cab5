// The pipeline wired in one place (see actors/pipeline.hpp for the message flow): each stage from
// its own config slice, all sharing the database behind one breaker and retry guard, claims under
// this process's name. The stages are spawned when the pipeline first needs them.
#pragma once

#include "actors/pipeline.hpp"
#include "app/runtime.hpp"

#include <functional>
#include <memory>
#include <string>

namespace jobpilot::storage {
struct api_usage_row;
}
namespace jobpilot::supervision {
class shared_circuit_breaker;
}
namespace jobpilot::actors {
class stage_observer;
}

namespace caf {
class actor_system;
}

namespace jobpilot::app {

/// What the service watches in a wired pipeline (its metrics and health).
struct pipeline_observers {
  /// In: told of every call that reached JSearch.
  std::function<void(const storage::api_usage_row&)> on_api_call;
  /// In: told what every stage does.
  std::shared_ptr<actors::stage_observer> stages;
  // Out: the breakers of the pipeline, to read their state.
  std::shared_ptr<supervision::shared_circuit_breaker> jsearch_breaker;
  std::shared_ptr<supervision::shared_circuit_breaker> database_breaker;
};

/// `api_key`: JSearch's (only the collector uses it; empty for commands that buy nothing).
/// `observers` (the service): the collector is set up at once, so its breaker can be watched.
actors::pipeline_parts wire_pipeline(caf::actor_system& sys, const runtime& rt, const std::string& api_key,
                                     pipeline_observers* observers = nullptr);

}  // namespace jobpilot::app
