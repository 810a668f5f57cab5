// EMBEDDER stage: stores the vectors of a processed collection's jobs (processed -> embedded).
#pragma once

#include "messages/atoms.hpp"
#include "messages/stage_work.hpp"
#include "messages/status.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

namespace jobpilot::messages {

using embedder_actor = caf::typed_actor<
  /// Claims the collection and embeds its jobs; a provider failure flags them, it does not stop them.
  /// A request without collection ids embeds the loaded jobs still without a vector (stage_reply::backfilled).
  caf::replies_to<atom::embed, stage_request>::with<stage_reply>,
  caf::replies_to<atom::status>::with<stage_status>>;

}  // namespace jobpilot::messages
