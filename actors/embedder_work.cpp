#include "actors/embedder_work.hpp"

#include "actors/stage_progress.hpp"
#include "core/enhanced_job.hpp"
#include "core/ids.hpp"
#include "storage/database.hpp"
#include "storage/database_guard.hpp"
#include "storage/job_repository.hpp"
#include "storage/processing_repository.hpp"
#include "storage/stage_repository.hpp"
#include "supervision/circuit_breaker.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace jobpilot::actors {

using core::collection_status;

struct embedder_work::impl {
  stage_deps deps;
  std::unique_ptr<core::embedding_provider> provider;
  std::shared_ptr<supervision::shared_circuit_breaker> breaker;
  storage::processing_repository processing;
  storage::job_repository jobs;
  storage::stage_repository stages;

  impl(stage_deps d, std::unique_ptr<core::embedding_provider> p, std::shared_ptr<supervision::shared_circuit_breaker> b)
      : deps(std::move(d)),
        provider(std::move(p)),
        breaker(std::move(b)),
        processing(deps.db),
        jobs(deps.db),
        stages(deps.db, deps.owner, deps.claim_lease) {}

  spdlog::logger& log() { return deps.log ? *deps.log : *spdlog::default_logger(); }

  // Embeds `texts` batch by batch through the endpoint's breaker; a failed or refused batch gives
  // empty vectors and the error.
  std::vector<std::vector<float>> embed_all(const std::vector<std::string>& texts, std::string& error) {
    using clock = std::chrono::steady_clock;
    std::vector<std::vector<float>> out(texts.size());
    std::size_t step = std::max<std::size_t>(1, provider->max_batch());
    for (std::size_t begin = 0; begin < texts.size(); begin += step) {
      auto permit = breaker->try_acquire(clock::now());
      if (!permit) {
        error = "the embedding endpoint's circuit breaker is open";
        continue;
      }
      std::vector<std::string> batch(texts.begin() + static_cast<long>(begin),
                                     texts.begin() + static_cast<long>(std::min(texts.size(), begin + step)));
      auto started = clock::now();
      auto r = provider->embed(batch);
      bool ok = r.ok() && r.vectors.size() == batch.size();
      breaker->record(*permit, ok, std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started),
                      clock::now());
      if (!ok) {
        error = r.ok() ? "provider returned " + std::to_string(r.vectors.size()) + " vectors for " +
                             std::to_string(batch.size()) + " texts"
                       : r.error;
        continue;
      }
      for (std::size_t i = 0; i < batch.size(); ++i) out[begin + i] = std::move(r.vectors[i]);
    }
    return out;
  }

  messages::collection_progress embed(const std::string& id) {
    messages::collection_progress out;
    out.collection_id = id;
    if (auto answer = claim_or_answer(*deps.guard, stages, id, collection_status::processed, "embedded")) return *answer;
    out.status = collection_status::processed;
    const auto processing_id = core::processing_id_for(id);
    auto rows = deps.guard->run("read processed jobs", [&] { return processing.jobs(processing_id); });
    std::vector<std::string> texts;
    std::vector<int> indexes;
    for (auto& r : rows) {
      if (r.embed_status == "embedded" && !r.embedding.empty()) continue;
      auto job = core::enhanced_job_from_json(boost::json::parse(r.processed_data_json).as_object());
      std::string().swap(r.processed_data_json);
      texts.push_back(core::embedding_text(job));
      indexes.push_back(r.job_index);
    }
    std::string error;
    const auto started = std::chrono::steady_clock::now();
    auto vectors = embed_all(texts, error);
    deps.observer->collection_embedded(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    std::vector<storage::embedding_update> updates;
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      storage::embedding_update u;
      u.job_index = indexes[i];
      u.model = provider->model();
      if (vectors[i].empty()) {
        u.status = "failed";
        ++out.not_embedded;
      } else {
        u.embedding = std::move(vectors[i]);
        u.status = "embedded";
      }
      updates.push_back(std::move(u));
    }
    deps.guard->run("save embeddings", [&] { processing.set_embeddings(id, processing_id, updates, deps.owner); });
    if (out.not_embedded > 0)
      log().warn("collection {}: {} jobs not embedded ({}); they are loaded flagged and embedded later", id,
                 out.not_embedded, error);
    out.status = collection_status::embedded;
    out.advanced = true;
    return out;
  }

  int backfill(int limit) {
    auto missing = deps.guard->run("read jobs without vectors", [&] { return jobs.unembedded(limit); });
    if (missing.empty()) return 0;
    std::vector<std::string> texts;
    for (auto& [id, text] : missing) texts.push_back(text);
    std::string error;
    const auto started = std::chrono::steady_clock::now();
    auto vectors = embed_all(texts, error);
    deps.observer->collection_embedded(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    std::vector<storage::job_embedding> done;
    for (std::size_t i = 0; i < missing.size(); ++i)
      if (!vectors[i].empty()) done.push_back({missing[i].first, provider->model(), std::move(vectors[i])});
    if (!done.empty()) deps.guard->run("store late embeddings", [&] { jobs.store_embeddings(done); });
    if (!error.empty()) log().warn("{} jobs still without embedding: {}", missing.size() - done.size(), error);
    return static_cast<int>(done.size());
  }
};

embedder_work::embedder_work(stage_deps deps, std::unique_ptr<core::embedding_provider> provider,
                             std::shared_ptr<supervision::shared_circuit_breaker> breaker)
    : impl_(std::make_unique<impl>(std::move(deps), std::move(provider), std::move(breaker))) {}

embedder_work::~embedder_work() = default;

core::embedding_provider& embedder_work::provider() { return *impl_->provider; }

messages::collection_progress embedder_work::embed(const std::string& collection_id) {
  return impl_->embed(collection_id);
}

int embedder_work::backfill(int limit) { return impl_->backfill(limit); }

}  // namespace jobpilot::actors
