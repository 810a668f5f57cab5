// The LOADER's work, as plain C++: in rounds that hold the global load lock, the deduped collection
// first in dedupe order is loaded in one transaction: canonical jobs, one job_sources row per
// posting, the embeddings, and the collection's move to loaded (partial when jobs failed). A batch
// the database refuses is split in halves down to single rows; a row that still fails becomes a
// dead letter, not the end of the collection.
#pragma once

#include "actors/stage_deps.hpp"
#include "messages/stage_work.hpp"

#include <memory>
#include <string>
#include <vector>

namespace jobpilot::actors {

class loader_work {
public:
  loader_work(stage_deps deps, int batch_size);
  ~loader_work();

  /// Loads deduped collections (oldest decision first) until as many as asked about are loaded or none
  /// is left, then reports on `collection_ids`.
  messages::stage_reply load(const std::vector<std::string>& collection_ids);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
