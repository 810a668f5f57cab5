// LOADER stage: writes deduped collections into enhanced_jobs / job_sources / job_embeddings in
// dedupe order, one transaction per collection (deduped -> loaded or partial).
#pragma once

#include "messages/atoms.hpp"
#include "messages/stage_work.hpp"
#include "messages/status.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

namespace jobpilot::messages {

using loader_actor = caf::typed_actor<
  /// Loads deduped collections, oldest decision first (about as many as asked about), then reports on
  /// the ones asked about.
  caf::replies_to<atom::load, stage_request>::with<stage_reply>,
  caf::replies_to<atom::status>::with<stage_status>>;

}  // namespace jobpilot::messages
