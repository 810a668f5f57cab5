// The EMBEDDER stage: a pool of detached workers, each with its own embedding provider (local, or
// an OpenAI-compatible endpoint behind one shared circuit breaker).
#pragma once

#include "actors/stage_deps.hpp"
#include "config/settings.hpp"
#include "messages/embedder.hpp"

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

/// One worker: embeddings of one collection are stored in one transaction, and their order does
/// not matter, but a remote endpoint's rate limits do.
messages::embedder_actor spawn_embedder(caf::actor_system& sys, stage_deps deps,
                                        const config::embedder_settings& settings);

}  // namespace jobpilot::actors
