#include "actors/batch_embedder.hpp"

#include "core/enhanced_job.hpp"
#include "storage/database.hpp"
#include "storage/job_repository.hpp"
#include "storage/processing_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace jobpilot::actors {

struct batch_embedder::impl {
  std::shared_ptr<storage::database> db;
  std::unique_ptr<core::embedding_provider> provider;
  std::shared_ptr<spdlog::logger> log;
  storage::processing_repository processing;
  storage::job_repository jobs;

  impl(std::shared_ptr<storage::database> d, std::unique_ptr<core::embedding_provider> p,
       std::shared_ptr<spdlog::logger> l)
      : db(std::move(d)),
        provider(std::move(p)),
        log(l ? std::move(l) : spdlog::default_logger()),
        processing(db),
        jobs(db) {}

  // Embeds `texts` batch by batch; a failed batch gives empty vectors and the error.
  std::vector<std::vector<float>> embed_all(const std::vector<std::string>& texts, std::string& error) {
    std::vector<std::vector<float>> out(texts.size());
    std::size_t step = std::max<std::size_t>(1, provider->max_batch());
    for (std::size_t begin = 0; begin < texts.size(); begin += step) {
      std::vector<std::string> batch(texts.begin() + static_cast<long>(begin),
                                     texts.begin() + static_cast<long>(std::min(texts.size(), begin + step)));
      auto r = provider->embed(batch);
      if (!r.ok() || r.vectors.size() != batch.size()) {
        error = r.ok() ? "provider returned " + std::to_string(r.vectors.size()) + " vectors for " +
                             std::to_string(batch.size()) + " texts"
                       : r.error;
        continue;
      }
      for (std::size_t i = 0; i < batch.size(); ++i) out[begin + i] = std::move(r.vectors[i]);
    }
    return out;
  }
};

batch_embedder::batch_embedder(std::shared_ptr<storage::database> db,
                               std::unique_ptr<core::embedding_provider> provider,
                               std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<impl>(std::move(db), std::move(provider), std::move(log))) {}

batch_embedder::~batch_embedder() = default;

core::embedding_provider& batch_embedder::provider() { return *impl_->provider; }

messages::embedded batch_embedder::embed(const messages::processed& in) {
  messages::embedded out;
  out.processing_id = in.processing_id;
  auto rows = impl_->processing.jobs(in.processing_id);
  std::vector<std::string> texts;
  std::vector<int> indexes;
  for (const auto& r : rows) {
    if (r.embed_status == "embedded" && !r.embedding.empty()) continue;
    auto job = core::enhanced_job_from_json(boost::json::parse(r.processed_data_json).as_object());
    texts.push_back(core::embedding_text(job));
    indexes.push_back(r.job_index);
  }
  std::string error;
  auto vectors = impl_->embed_all(texts, error);
  std::vector<storage::embedding_update> updates;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    storage::embedding_update u;
    u.job_index = indexes[i];
    u.model = impl_->provider->model();
    if (vectors[i].empty()) {
      u.status = "failed";
      ++out.not_embedded;
    } else {
      u.embedding = std::move(vectors[i]);
      u.status = "embedded";
      ++out.embedded_count;
    }
    updates.push_back(std::move(u));
  }
  if (!updates.empty()) impl_->processing.set_embeddings(in.processing_id, updates);
  if (out.not_embedded > 0)
    impl_->log->warn("processing {}: {} jobs not embedded ({}); they are loaded flagged and embedded later",
                     in.processing_id, out.not_embedded, error);
  return out;
}

int batch_embedder::embed_missing(int limit) {
  auto missing = impl_->jobs.unembedded(limit);
  if (missing.empty()) return 0;
  std::vector<std::string> texts;
  for (auto& [id, text] : missing) texts.push_back(text);
  std::string error;
  auto vectors = impl_->embed_all(texts, error);
  std::vector<storage::job_embedding> done;
  for (std::size_t i = 0; i < missing.size(); ++i)
    if (!vectors[i].empty()) done.push_back({missing[i].first, impl_->provider->model(), std::move(vectors[i])});
  if (!done.empty()) impl_->jobs.store_embeddings(done);
  if (!error.empty()) impl_->log->warn("{} jobs still without embedding: {}", missing.size() - done.size(), error);
  return static_cast<int>(done.size());
}

}  // namespace jobpilot::actors
