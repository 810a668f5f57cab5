#include "actors/batch_loader.hpp"

#include "actors/dedupe_runner.hpp"
#include "core/enhanced_job.hpp"
#include "core/ids.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/job_repository.hpp"
#include "storage/processing_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace jobpilot::actors {

namespace {

// One processed row, ready to be written.
struct load_item {
  int job_index = 0;
  bool canonical_write = false;  // the row (re)writes its canonical job
  storage::canonical_job job;
  storage::job_source source;
  std::optional<storage::job_embedding> embedding;
};

}  // namespace

struct batch_loader::impl {
  std::shared_ptr<storage::database> db;
  int batch_size;
  std::shared_ptr<spdlog::logger> log;
  storage::processing_repository processing;
  storage::job_repository jobs;
  storage::failed_operation_repository dead_letters;
  core::uuid_generator ids;

  impl(std::shared_ptr<storage::database> d, int bs, std::shared_ptr<spdlog::logger> l)
      : db(std::move(d)),
        batch_size(std::max(1, bs)),
        log(l ? std::move(l) : spdlog::default_logger()),
        processing(db),
        jobs(db),
        dead_letters(db) {}

  storage::load_batch to_batch(const std::string& processing_id, const std::vector<load_item>& items) {
    storage::load_batch b;
    b.processing_id = processing_id;
    for (const auto& it : items) {
      if (it.canonical_write) b.jobs.push_back(it.job);
      b.sources.push_back(it.source);
      if (it.embedding) b.embeddings.push_back(*it.embedding);
      b.job_indexes.push_back(it.job_index);
    }
    return b;
  }

  // Loads `items` in one transaction; on failure retries each half, down to single rows.
  void load_split(const std::string& processing_id, const std::vector<load_item>& items, int& failed) {
    if (items.empty()) return;
    try {
      jobs.load(to_batch(processing_id, items));
      return;
    } catch (const storage::storage_error& e) {
      if (items.size() == 1) {
        ++failed;
        log->error("processing {} job {}: load failed: {}", processing_id, items[0].job_index, e.what());
        storage::failed_operation_row d;
        d.id = ids.next();
        d.stage = "loader";
        d.operation = "load";
        d.payload_json = boost::json::serialize(
            boost::json::object{{"processing_id", processing_id}, {"job_index", items[0].job_index}});
        d.error = e.what();
        d.error_kind = "storage";
        d.attempts = 1;
        try {
          jobs.mark_load_failed(processing_id, {items[0].job_index});
          dead_letters.record(d);
        } catch (const storage::storage_error& e2) {
          log->error("dead letter not recorded: {}", e2.what());
        }
        return;
      }
      log->warn("processing {}: a batch of {} rows failed ({}); retrying in halves", processing_id, items.size(),
                e.what());
    }
    auto mid = items.begin() + static_cast<long>(items.size() / 2);
    load_split(processing_id, std::vector<load_item>(items.begin(), mid), failed);
    load_split(processing_id, std::vector<load_item>(mid, items.end()), failed);
  }

  messages::loaded load(const messages::deduped& in) {
    messages::loaded out;
    out.processing_id = in.processing_id;
    auto rows = processing.jobs(in.processing_id);
    auto log_row = processing.log(in.processing_id);
    std::string collection_id = log_row ? log_row->collection_id : std::string();
    std::vector<load_item> items;
    for (auto& row : rows) {
      if (row.load_status == "loaded" || row.duplicate_of.empty()) continue;
      auto data = boost::json::parse(row.processed_data_json).as_object();
      load_item it;
      it.job_index = row.job_index;
      it.job.id = row.duplicate_of;
      it.job.job = core::enhanced_job_from_json(data);
      if (auto* raw = data.if_contains("raw_data")) it.job.raw_data_json = boost::json::serialize(*raw);
      it.job.collection_id = collection_id;
      it.job.processing_id = in.processing_id;
      it.job.embedded = !row.embedding.empty();
      // A new job, or the same JSearch posting seen again (an update of its own job).
      it.canonical_write = row.dedupe_reason == "canonical" ||
                           (row.dedupe_reason == "job_id" &&
                            dedupe_runner::job_uuid_for(row.jsearch_job_id) == row.duplicate_of);
      it.source.jsearch_job_id = row.jsearch_job_id;
      it.source.publisher = it.job.job.publisher;
      it.source.job_id = row.duplicate_of;
      it.source.reason = row.dedupe_reason;
      it.source.similarity = row.similarity.value_or(0);
      it.source.apply_url = it.job.job.apply_url_canonical;
      it.source.collection_id = collection_id;
      it.source.processing_id = in.processing_id;
      it.source.job_index = row.job_index;
      if (it.canonical_write && !row.embedding.empty())
        it.embedding = storage::job_embedding{row.duplicate_of, row.embedding_model, row.embedding};
      if (it.canonical_write) out.job_ids.push_back(row.duplicate_of);
      items.push_back(std::move(it));
    }
    // Canonical jobs first: a duplicate's job_sources row refers to its job.
    std::stable_sort(items.begin(), items.end(),
                     [](const load_item& a, const load_item& b) { return a.canonical_write && !b.canonical_write; });
    int failed = 0;
    for (std::size_t begin = 0; begin < items.size(); begin += static_cast<std::size_t>(batch_size)) {
      auto end = std::min(items.size(), begin + static_cast<std::size_t>(batch_size));
      load_split(in.processing_id, std::vector<load_item>(items.begin() + static_cast<long>(begin),
                                                          items.begin() + static_cast<long>(end)),
                 failed);
    }
    if (failed > 0) log->error("processing {}: {} rows could not be loaded (dead letters)", in.processing_id, failed);
    return out;
  }
};

batch_loader::batch_loader(std::shared_ptr<storage::database> db, int batch_size, std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<impl>(std::move(db), batch_size, std::move(log))) {}

batch_loader::~batch_loader() = default;

messages::loaded batch_loader::load(const messages::deduped& input) { return impl_->load(input); }

}  // namespace jobpilot::actors
