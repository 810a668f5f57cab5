// DEDUPER stage: the single owner of the process's dedupe index; decides embedded collections in the
// one global order (embedded -> deduped), in rounds that hold the global dedupe lock.
#pragma once

#include "messages/atoms.hpp"
#include "messages/stage_work.hpp"
#include "messages/status.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

namespace jobpilot::messages {

using deduper_actor = caf::typed_actor<
  /// Decides the collections next in the global order (about as many as asked about), then reports on
  /// the ones asked about (and what blocks them).
  caf::replies_to<atom::dedupe, stage_request>::with<stage_reply>,
  caf::replies_to<atom::status>::with<stage_status>>;

}  // namespace jobpilot::messages
