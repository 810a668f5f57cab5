#include "actors/loader.hpp"

#include "actors/loader_work.hpp"
#include "actors/stage_pool.hpp"

namespace jobpilot::actors {

messages::loader_actor spawn_loader(caf::actor_system& sys, stage_deps deps, const config::loader_settings& settings) {
  auto pool = spawn_stage<atom::load, messages::stage_request, messages::stage_reply, loader_work>(
      sys, pool_settings_of("loader", 1, settings.restart, deps.observer),
      [deps, settings] { return new loader_work(deps, settings.batch_size); },
      [](loader_work& w, const messages::stage_request& r) { return w.load(r.collection_ids); });
  return caf::actor_cast<messages::loader_actor>(pool);
}

}  // namespace jobpilot::actors
