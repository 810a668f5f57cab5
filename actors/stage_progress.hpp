// How a stage answers about the collections it was asked about but did not advance: the claim it
// could not make (gone, moved on, held by another process), or the state of a collection a round
// did not reach. One wording for every stage, so the pipeline and the user read the same reasons.
#pragma once

#include "core/stage_machine.hpp"
#include "messages/stage_work.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jobpilot::storage {
class database_guard;
class stage_repository;
}  // namespace jobpilot::storage

namespace jobpilot::actors {

/// Claims `id` at status `expected` for this process. nullopt: claimed, go on. Otherwise the answer
/// to give now: the collection's state, or "being <doing> by <owner>" while another process holds it.
std::optional<messages::collection_progress> claim_or_answer(storage::database_guard& guard,
                                                             storage::stage_repository& stages,
                                                             const std::string& id,
                                                             core::collection_status expected,
                                                             const std::string& doing);

/// The reply of a stage that works in rounds: everything it advanced (`done`: other processes'
/// collections too, the work is counted where it was done), then the state now of each asked-about
/// collection it did not reach.
messages::stage_reply reply_with_states(storage::database_guard& guard, storage::stage_repository& stages,
                                        const std::vector<std::string>& ids,
                                        std::map<std::string, messages::collection_progress> done);

}  // namespace jobpilot::actors
