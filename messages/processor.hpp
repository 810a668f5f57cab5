// PROCESSOR stage: transforms a pending raw collection's jobs (pending -> processed, or failed).
#pragma once

#include "messages/atoms.hpp"
#include "messages/stage_work.hpp"
#include "messages/status.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

namespace jobpilot::messages {

/// A pool of detached workers; each request names one collection.
using processor_actor = caf::typed_actor<
  /// Claims the collection, transforms every job, commits the rows and the new status together.
  caf::replies_to<atom::process, stage_request>::with<stage_reply>,
  caf::replies_to<atom::status>::with<stage_status>>;

}  // namespace jobpilot::messages
