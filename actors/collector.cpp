#include "actors/collector.hpp"

#include "supervision/worker_pool.hpp"

namespace jobpilot::actors {

namespace {

using worker_actor = supervision::pool_worker<atom::collect, messages::collect_request, messages::collect_result>;

struct worker_state {
  std::unique_ptr<collection_runner> runner;
  static inline const char* name = "collector-worker";
};

worker_actor::behavior_type worker(worker_actor::stateful_pointer<worker_state> self,
                                   std::shared_ptr<const collector_context> ctx) {
  self->state.runner = std::make_unique<collection_runner>(std::move(ctx));
  return {
    [=](atom::collect, const messages::collect_request& req) { return self->state.runner->run(req); },
  };
}

}  // namespace

messages::collector_actor spawn_collector(caf::actor_system& sys, std::shared_ptr<const collector_context> ctx) {
  supervision::pool_settings ps;
  ps.stage = "collector";
  ps.workers = ctx->collector.workers;
  auto pool = supervision::spawn_pool<atom::collect, messages::collect_request, messages::collect_result>(
      sys, ps, [ctx](caf::local_actor* router) {
        return router->spawn<caf::detached + caf::monitored>(worker, ctx);
      });
  return caf::actor_cast<messages::collector_actor>(pool);
}

}  // namespace jobpilot::actors
