#include "actors/processor.hpp"

#include "actors/processor_work.hpp"
#include "actors/stage_pool.hpp"

namespace jobpilot::actors {

messages::processor_actor spawn_processor(caf::actor_system& sys, stage_deps deps,
                                          const config::processor_settings& settings, std::string data_dir) {
  auto pool = spawn_stage<atom::process, messages::stage_request, messages::stage_reply, processor_work>(
      sys, pool_settings_of("processor", settings.workers, settings.restart, deps.observer),
      [deps, data_dir] { return new processor_work(deps, data_dir); },
      [](processor_work& w, const messages::stage_request& r) {
        messages::stage_reply reply;
        for (const auto& id : r.collection_ids) reply.collections.push_back(w.process(id));
        return reply;
      });
  return caf::actor_cast<messages::processor_actor>(pool);
}

}  // namespace jobpilot::actors
