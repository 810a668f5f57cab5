// The LOADER stage: one worker; batches commit in dedupe order.
#pragma once

#include "actors/stage_deps.hpp"
#include "config/settings.hpp"
#include "messages/loader.hpp"

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

messages::loader_actor spawn_loader(caf::actor_system& sys, stage_deps deps, const config::loader_settings& settings);

}  // namespace jobpilot::actors
