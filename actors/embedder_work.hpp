// The EMBEDDER's work on one processed collection, as plain C++: claim it, embed every job that has
// no vector yet, and commit the vectors with the collection's move to embedded. A provider that
// fails (or whose breaker is open) does not hold the jobs back: they are flagged, loaded without a
// vector, and embedded later by backfill().
#pragma once

#include "actors/stage_deps.hpp"
#include "core/embedding_provider.hpp"
#include "messages/stage_work.hpp"

#include <memory>
#include <string>

namespace jobpilot::supervision {
class shared_circuit_breaker;
}

namespace jobpilot::actors {

class embedder_work {
public:
  /// `breaker`: the embedding endpoint's (shared by the embedder's workers).
  embedder_work(stage_deps deps, std::unique_ptr<core::embedding_provider> provider,
                std::shared_ptr<supervision::shared_circuit_breaker> breaker);
  ~embedder_work();

  messages::collection_progress embed(const std::string& collection_id);

  /// Embeds loaded jobs that were loaded without a vector; returns how many got one.
  int backfill(int limit);

  core::embedding_provider& provider();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
