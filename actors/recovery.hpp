// The RECOVERY sweep as an actor: one detached worker under the pipeline's supervision.
#pragma once

#include "actors/stage_deps.hpp"
#include "messages/recovery.hpp"

#include <string>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

messages::recovery_actor spawn_recovery(caf::actor_system& sys, stage_deps deps, std::string data_dir,
                                        std::string spool_dir);

}  // namespace jobpilot::actors
