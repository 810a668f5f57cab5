#include "actors/stages.hpp"

#include "actors/batch_embedder.hpp"
#include "actors/batch_loader.hpp"
#include "actors/collection_processor.hpp"
#include "actors/dedupe_runner.hpp"
#include "actors/embedding_providers.hpp"
#include "supervision/worker_pool.hpp"

#include <stdexcept>

namespace jobpilot::actors {

namespace {

// A worker holds one runner (built in the worker, so a restart builds a fresh one) and
// forwards its single request type to it. Exceptions crash the worker: the pool restarts
// it and hands the request to the next one.
template <class Atom, class In, class Out, class Runner, class Make, class Call>
typename supervision::pool_worker<Atom, In, Out>::behavior_type
runner_worker(typename supervision::pool_worker<Atom, In, Out>::pointer, Make make, Call call) {
  auto runner = std::shared_ptr<Runner>(make());
  return {
    [runner, call](Atom, const In& in) -> Out { return call(*runner, in); },
  };
}

template <class Atom, class In, class Out, class Runner, class Make, class Call>
auto spawn_stage(caf::actor_system& sys, const char* name, int workers, Make make, Call call) {
  supervision::pool_settings ps;
  ps.stage = name;
  ps.workers = workers;
  return supervision::spawn_pool<Atom, In, Out>(sys, ps, [make, call](caf::local_actor* router) {
    return router->spawn<caf::detached + caf::monitored>(runner_worker<Atom, In, Out, Runner, Make, Call>, make, call);
  });
}

}  // namespace

messages::processor_actor spawn_processor(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx) {
  auto pool = spawn_stage<atom::process, messages::raw_stored, messages::processed, collection_processor>(
      sys, "processor", ctx->settings.processor.workers,
      [ctx] { return new collection_processor(ctx->db, ctx->settings.data_dir, ctx->processor_log); },
      [](collection_processor& r, const messages::raw_stored& in) { return r.process(in); });
  return caf::actor_cast<messages::processor_actor>(pool);
}

messages::embedder_actor spawn_embedder(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx) {
  auto pool = spawn_stage<atom::embed, messages::processed, messages::embedded, batch_embedder>(
      sys, "embedder", 1,
      [ctx] {
        std::string error;
        auto provider = make_embedding_provider(ctx->settings.embedder, &error);
        if (!provider) throw std::runtime_error(error);
        return new batch_embedder(ctx->db, std::move(provider), ctx->processor_log);
      },
      [](batch_embedder& r, const messages::processed& in) { return r.embed(in); });
  return caf::actor_cast<messages::embedder_actor>(pool);
}

messages::deduper_actor spawn_deduper(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx) {
  auto pool = spawn_stage<atom::dedupe, messages::embedded, messages::deduped, dedupe_runner>(
      sys, "deduper", 1, [ctx] {
        return new dedupe_runner(ctx->db, ctx->settings.dedupe, ctx->settings.embedder.dimensions, ctx->loader_log);
      },
      [](dedupe_runner& r, const messages::embedded& in) { return r.dedupe(in); });
  return caf::actor_cast<messages::deduper_actor>(pool);
}

messages::loader_actor spawn_loader(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx) {
  auto pool = spawn_stage<atom::load, messages::deduped, messages::loaded, batch_loader>(
      sys, "loader", 1, [ctx] { return new batch_loader(ctx->db, ctx->settings.loader.batch_size, ctx->loader_log); },
      [](batch_loader& r, const messages::deduped& in) { return r.load(in); });
  return caf::actor_cast<messages::loader_actor>(pool);
}

}  // namespace jobpilot::actors
