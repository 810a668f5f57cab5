// The DEDUPER stage: one worker, the single owner of this process's dedupe index.
#pragma once

#include "actors/stage_deps.hpp"
#include "config/settings.hpp"
#include "messages/deduper.hpp"

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

messages::deduper_actor spawn_deduper(caf::actor_system& sys, stage_deps deps, const config::dedupe_settings& settings,
                                      int dimensions);

}  // namespace jobpilot::actors
