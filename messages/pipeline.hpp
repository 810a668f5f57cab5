// The stages after collection. Messages name their input by id so a stage can
// always reload it from storage (after a restart, on another node).
#pragma once

#include "messages/atoms.hpp"
#include "messages/status.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::messages {

/// A raw collection is stored and waits for processing (seed topic raw_data_processing).
struct raw_stored {
  std::string collection_id;
};

/// A collection was transformed; its jobs are in processed_job_data (seed topic processed_data_loading).
struct processed {
  std::string processing_id;
  std::string collection_id;
  std::int32_t jobs_processed = 0;
  std::int32_t jobs_failed = 0;
};

/// Embeddings of a processing batch are stored (or the jobs are flagged not embedded).
struct embedded {
  std::string processing_id;
  std::int32_t embedded_count = 0;
  std::int32_t not_embedded = 0;
};

/// Every job of the batch has its dedupe decision (canonical id, reason, similarity).
struct deduped {
  std::string processing_id;
  std::int32_t canonical = 0;
  std::int32_t duplicates = 0;
};

/// The batch is committed to enhanced_jobs / job_sources / job_embeddings.
struct loaded {
  std::string processing_id;
  std::vector<std::string> job_ids;  ///< canonical jobs inserted or updated
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, raw_stored& x) {
  return f(caf::meta::type_name("jobpilot::raw_stored"), x.collection_id);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, processed& x) {
  return f(caf::meta::type_name("jobpilot::processed"), x.processing_id, x.collection_id, x.jobs_processed,
           x.jobs_failed);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, embedded& x) {
  return f(caf::meta::type_name("jobpilot::embedded"), x.processing_id, x.embedded_count, x.not_embedded);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, deduped& x) {
  return f(caf::meta::type_name("jobpilot::deduped"), x.processing_id, x.canonical, x.duplicates);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, loaded& x) {
  return f(caf::meta::type_name("jobpilot::loaded"), x.processing_id, x.job_ids);
}

bool operator==(const raw_stored& a, const raw_stored& b);
bool operator==(const processed& a, const processed& b);
bool operator==(const embedded& a, const embedded& b);
bool operator==(const deduped& a, const deduped& b);
bool operator==(const loaded& a, const loaded& b);

/// The PROCESSOR actor interface: transforms one raw collection.
using processor_actor = caf::typed_actor<caf::replies_to<atom::process, raw_stored>::with<processed>,
                                         caf::replies_to<atom::status>::with<stage_status>>;

/// The EMBEDDER actor interface: embeds the jobs of one processing batch.
using embedder_actor = caf::typed_actor<caf::replies_to<atom::embed, processed>::with<embedded>,
                                        caf::replies_to<atom::status>::with<stage_status>>;

/// The DEDUPER actor interface: the single owner of the dedupe index.
using deduper_actor = caf::typed_actor<caf::replies_to<atom::dedupe, embedded>::with<deduped>,
                                       caf::replies_to<atom::status>::with<stage_status>>;

/// The LOADER actor interface: one transaction per batch, idempotent.
using loader_actor = caf::typed_actor<caf::replies_to<atom::load, deduped>::with<loaded>,
                                      caf::replies_to<atom::status>::with<stage_status>>;

}  // namespace jobpilot::messages

namespace jobpilot::messages {

/// The PIPELINE actor interface: carries one stored collection through processor,
/// embedder, deduper and loader, answering when the batch is committed.
using pipeline_actor = caf::typed_actor<caf::replies_to<atom::process, raw_stored>::with<loaded>>;

}  // namespace jobpilot::messages
