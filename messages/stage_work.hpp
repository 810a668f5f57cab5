// What the pipeline and the four processing stages say to each other. Messages name collections by
// id: a stage loads what it needs from storage, so any stage (after a restart, on another node) can
// take up any collection from the status it reached.
#pragma once

#include "core/stage_machine.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::messages {

/// The collections a stage is asked to move on (the processor and embedder take one at a time; the
/// deduper and loader work in the global order and report on every collection they were asked about).
struct stage_request {
  std::vector<std::string> collection_ids;
};

/// One collection after a stage looked at it.
struct collection_progress {
  std::string collection_id;
  core::collection_status status = core::collection_status::pending;  ///< what it is now
  bool advanced = false;  ///< this stage committed work on it (else: claimed elsewhere, waiting, moved on)
  std::string reason;     ///< why partial or failed; or why it did not move (claimed by ..., waiting for ...)
  std::int32_t jobs_processed = 0;
  std::int32_t jobs_failed = 0;
  std::int32_t not_embedded = 0;  ///< jobs the embedding provider could not embed (embedded later)
  std::int32_t duplicates = 0;
  std::int64_t jobs_new = 0;
  std::int64_t jobs_updated = 0;
  std::int64_t postings_new = 0;
  std::int32_t dead_letters = 0;  ///< jobs the loader could not load
};

struct stage_reply {
  std::vector<collection_progress> collections;
  std::string blocked_by;       ///< deduper: the earlier collection that must be deduped first ("" = none)
  std::int32_t backfilled = 0;  ///< embedder, asked without ids: loaded jobs that got their vector now
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stage_request& x) {
  return f(caf::meta::type_name("jobpilot::stage_request"), x.collection_ids);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, collection_progress& x) {
  return f(caf::meta::type_name("jobpilot::collection_progress"), x.collection_id, x.status, x.advanced, x.reason,
           x.jobs_processed, x.jobs_failed, x.not_embedded, x.duplicates, x.jobs_new, x.jobs_updated, x.postings_new,
           x.dead_letters);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stage_reply& x) {
  return f(caf::meta::type_name("jobpilot::stage_reply"), x.collections, x.blocked_by, x.backfilled);
}

bool operator==(const stage_request& a, const stage_request& b);
bool operator==(const collection_progress& a, const collection_progress& b);
bool operator==(const stage_reply& a, const stage_reply& b);

}  // namespace jobpilot::messages
