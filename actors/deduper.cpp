#include "actors/deduper.hpp"

#include "actors/deduper_work.hpp"
#include "actors/stage_pool.hpp"

namespace jobpilot::actors {

messages::deduper_actor spawn_deduper(caf::actor_system& sys, stage_deps deps, const config::dedupe_settings& settings,
                                      int dimensions) {
  auto pool = spawn_stage<atom::dedupe, messages::stage_request, messages::stage_reply, deduper_work>(
      sys, pool_settings_of("deduper", 1, settings.restart, deps.observer),
      [deps, settings, dimensions] { return new deduper_work(deps, settings, dimensions); },
      [](deduper_work& w, const messages::stage_request& r) { return w.dedupe(r.collection_ids); });
  return caf::actor_cast<messages::deduper_actor>(pool);
}

}  // namespace jobpilot::actors
