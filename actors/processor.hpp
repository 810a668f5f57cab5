// The PROCESSOR stage: a pool of detached workers, each with its own processor_work.
#pragma once

#include "actors/stage_deps.hpp"
#include "config/settings.hpp"
#include "messages/processor.hpp"

#include <string>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

messages::processor_actor spawn_processor(caf::actor_system& sys, stage_deps deps,
                                          const config::processor_settings& settings, std::string data_dir);

}  // namespace jobpilot::actors
