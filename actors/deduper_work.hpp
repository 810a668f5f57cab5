// The DEDUPER's state and work, as plain C++: the one dedupe index of the process (job ids, exact
// keys, URLs, sentences, vectors on hnswlib). Every round holds the global dedupe lock, first
// replays the decisions other processes stored since the last round, then decides the embedded
// collections that are next in the global order, so every process's index, and every run's result,
// is the same whatever crashed or ran at the same time.
#pragma once

#include "actors/stage_deps.hpp"
#include "config/settings.hpp"
#include "messages/stage_work.hpp"

#include <memory>
#include <string>
#include <vector>

namespace jobpilot::actors {

class deduper_work {
public:
  /// `dimensions`: of the configured embedding (vectors of another size are not compared).
  deduper_work(stage_deps deps, const config::dedupe_settings& settings, int dimensions);
  ~deduper_work();

  /// Decides the collections next in the global order (in rounds) until as many as asked about are
  /// decided or none is ready, then reports on `collection_ids`.
  messages::stage_reply dedupe(const std::vector<std::string>& collection_ids);

  std::size_t canonical_count() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
