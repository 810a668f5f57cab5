#include "actors/recovery.hpp"

#include "actors/recovery_work.hpp"
#include "actors/stage_pool.hpp"

namespace jobpilot::actors {

messages::recovery_actor spawn_recovery(caf::actor_system& sys, stage_deps deps, std::string data_dir,
                                        std::string spool_dir) {
  config::restart_settings restart;
  auto pool = spawn_stage<atom::sweep, messages::sweep_request, messages::sweep_report, recovery_work>(
      sys, pool_settings_of("recovery", 1, restart, deps.observer),
      [deps, data_dir, spool_dir] { return new recovery_work(deps, data_dir, spool_dir); },
      [](recovery_work& w, const messages::sweep_request& r) { return w.sweep(r); });
  return caf::actor_cast<messages::recovery_actor>(pool);
}

}  // namespace jobpilot::actors
