#include "actors/embedder.hpp"

#include "actors/embedder_work.hpp"
#include "actors/embedding_providers.hpp"
#include "actors/stage_pool.hpp"
#include "supervision/circuit_breaker.hpp"

#include <stdexcept>

namespace jobpilot::actors {

messages::embedder_actor spawn_embedder(caf::actor_system& sys, stage_deps deps,
                                        const config::embedder_settings& settings) {
  const auto& b = settings.breaker;
  auto breaker = std::make_shared<supervision::shared_circuit_breaker>(supervision::breaker_settings{
      b.max_failures, b.call_timeout, b.reset_timeout, b.max_reset_timeout, b.backoff_factor, b.random_factor});
  auto pool = spawn_stage<atom::embed, messages::stage_request, messages::stage_reply, embedder_work>(
      sys, pool_settings_of("embedder", 1, settings.restart, deps.observer),
      [deps, settings, breaker] {
        std::string error;
        auto provider = make_embedding_provider(settings, &error);
        if (!provider) throw std::runtime_error(error);
        return new embedder_work(deps, std::move(provider), breaker);
      },
      [](embedder_work& w, const messages::stage_request& r) {
        messages::stage_reply reply;
        if (r.collection_ids.empty()) reply.backfilled = w.backfill(1'000'000);
        for (const auto& id : r.collection_ids) reply.collections.push_back(w.embed(id));
        return reply;
      });
  return caf::actor_cast<messages::embedder_actor>(pool);
}

}  // namespace jobpilot::actors
