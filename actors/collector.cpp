#include "actors/collector.hpp"

#include "actors/stage_pool.hpp"

namespace jobpilot::actors {

messages::collector_actor spawn_collector(caf::actor_system& sys, std::shared_ptr<const collector_context> ctx) {
  auto pool = spawn_stage<atom::collect, messages::collect_request, messages::collect_result, collector_work>(
      sys, pool_settings_of("collector", ctx->collector.workers, ctx->collector.restart, ctx->deps.observer),
      [ctx] { return new collector_work(ctx); },
      [](collector_work& w, const messages::collect_request& r) { return w.run(r); });
  return caf::actor_cast<messages::collector_actor>(pool);
}

}  // namespace jobpilot::actors
