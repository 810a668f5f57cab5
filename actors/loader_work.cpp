#include "actors/loader_work.hpp"

#include "actors/stage_progress.hpp"
#include "core/enhanced_job.hpp"
#include "core/ids.hpp"
#include "storage/database_guard.hpp"
#include "storage/load_store.hpp"
#include "storage/stage_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

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

using item_range = std::pair<const load_item*, const load_item*>;

storage::load_batch to_batch(const std::string& processing_id, item_range items) {
  storage::load_batch b;
  b.processing_id = processing_id;
  for (const load_item* i = items.first; i != items.second; ++i) {
    if (i->canonical_write) b.jobs.push_back(i->job);
    b.sources.push_back(i->source);
    if (i->embedding) b.embeddings.push_back(*i->embedding);
    b.job_indexes.push_back(i->job_index);
  }
  return b;
}

std::vector<load_item> items_of(const std::string& collection_id, const std::string& processing_id,
                                std::vector<storage::processed_job_row>& rows) {
  std::vector<load_item> items;
  for (auto& row : rows) {
    // Loaded already, or a dead letter waiting for a replay.
    if (row.load_status == "loaded" || row.load_status == "failed" || row.duplicate_of.empty()) continue;
    auto data = boost::json::parse(row.processed_data_json).as_object();
    std::string().swap(row.processed_data_json);  // parsed: a large reply's rows are not kept twice
    load_item it;
    it.job_index = row.job_index;
    it.job.id = row.duplicate_of;
    it.job.job = core::enhanced_job_from_json(data);
    if (auto* raw = data.if_contains("raw_data")) it.job.raw_data_json = boost::json::serialize(*raw);
    it.job.collection_id = collection_id;
    it.job.processing_id = processing_id;
    it.job.embedded = !row.embedding.empty();
    // A new job, or the same JSearch posting seen again (an update of its own job).
    it.canonical_write = row.dedupe_reason == "canonical" ||
                         (row.dedupe_reason == "job_id" && core::job_uuid_for(row.jsearch_job_id) == row.duplicate_of);
    it.source.jsearch_job_id = row.jsearch_job_id;
    it.source.publisher = it.job.job.publisher;
    it.source.job_id = row.duplicate_of;
    it.source.reason = row.dedupe_reason;
    it.source.similarity = row.similarity.value_or(0);
    it.source.apply_url = it.job.job.apply_url_canonical;
    it.source.collection_id = collection_id;
    it.source.processing_id = processing_id;
    it.source.job_index = row.job_index;
    if (it.canonical_write && !row.embedding.empty())
      it.embedding = storage::job_embedding{row.duplicate_of, row.embedding_model, std::move(row.embedding)};
    items.push_back(std::move(it));
  }
  // Canonical jobs first: a duplicate's job_sources row refers to its job.
  std::stable_sort(items.begin(), items.end(),
                   [](const load_item& a, const load_item& b) { return a.canonical_write && !b.canonical_write; });
  return items;
}

}  // namespace

struct loader_work::impl {
  stage_deps deps;
  std::size_t batch_size;
  storage::load_store store;
  storage::stage_repository stages;

  impl(stage_deps d, int bs)
      : deps(std::move(d)), batch_size(static_cast<std::size_t>(std::max(1, bs))), store(deps.db),
        stages(deps.db, deps.owner, deps.claim_lease) {}

  spdlog::logger& log() { return deps.log ? *deps.log : *spdlog::default_logger(); }

  // Writes `items`; a refused batch is retried in halves down to single rows, which become dead letters.
  void write_split(storage::load_round& r, const std::string& collection_id, const std::string& processing_id,
                   item_range items, messages::collection_progress& p) {
    const auto n = static_cast<std::size_t>(items.second - items.first);
    if (n == 0) return;
    storage::load_counts counts;
    std::string error;
    const auto started = std::chrono::steady_clock::now();
    if (r.try_write(to_batch(processing_id, items), counts, error)) {
      deps.observer->batch_loaded(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                                  counts.jobs_new, counts.jobs_updated);
      p.jobs_new += counts.jobs_new;
      p.jobs_updated += counts.jobs_updated;
      p.postings_new += counts.postings_new;
      return;
    }
    if (n == 1) {
      ++p.dead_letters;
      log().error("collection {} job {}: load failed: {}", collection_id, items.first->job_index, error);
      r.dead_letter(collection_id, processing_id, items.first->job_index, error);
      deps.observer->dead_letter("loader");
      return;
    }
    log().warn("collection {}: a batch of {} rows was refused ({}); retrying in halves", collection_id, n, error);
    const load_item* mid = items.first + n / 2;
    write_split(r, collection_id, processing_id, {items.first, mid}, p);
    write_split(r, collection_id, processing_id, {mid, items.second}, p);
  }

  messages::collection_progress load_one(storage::load_round& r, const std::string& id) {
    messages::collection_progress p;
    p.collection_id = id;
    const auto processing_id = core::processing_id_for(id);
    auto rows = r.rows(processing_id);
    int earlier_failures = 0;
    for (const auto& row : rows)
      if (row.load_status == "failed") ++earlier_failures;
    auto items = items_of(id, processing_id, rows);
    for (std::size_t begin = 0; begin < items.size(); begin += batch_size) {
      auto end = std::min(items.size(), begin + batch_size);
      write_split(r, id, processing_id, {items.data() + begin, items.data() + end}, p);
    }
    r.resolve_dead_letters(processing_id);
    const int transform_failures = r.transform_failures(processing_id);
    const int load_failures = p.dead_letters + earlier_failures;
    std::string reason;
    if (transform_failures > 0) reason = std::to_string(transform_failures) + " job(s) could not be transformed";
    if (load_failures > 0)
      reason += (reason.empty() ? "" : "; ") + std::to_string(load_failures) +
                " job(s) could not be loaded (dead letters: reprocess --dead-letters)";
    p.status = reason.empty() ? core::collection_status::loaded : core::collection_status::partial;
    p.reason = reason;
    p.advanced = true;
    r.finish(id, p.status, reason);
    if (p.dead_letters > 0) log().error("collection {}: {} rows could not be loaded (dead letters)", id, p.dead_letters);
    return p;
  }

  messages::stage_reply load(const std::vector<std::string>& ids) {
    std::map<std::string, messages::collection_progress> done;
    for (;;) {
      std::optional<messages::collection_progress> loaded;
      deps.guard->run("load round", [&] {
        loaded.reset();
        store.in_round([&](storage::load_round& r) {
          if (auto next = r.next_collection()) loaded = load_one(r, *next);
        });
      });
      if (!loaded) break;
      deps.observer->collection_loaded(loaded->collection_id, core::to_string(loaded->status), loaded->jobs_new,
                                        loaded->jobs_updated, loaded->postings_new);
      done[loaded->collection_id] = std::move(*loaded);
      // As many as asked about, so that the answer (and the progress it carries) comes in time; an
      // asked-about collection not reached yet is asked about again.
      if (done.size() >= std::max<std::size_t>(1, ids.size())) break;
    }
    return reply_with_states(*deps.guard, stages, ids, std::move(done));
  }
};

loader_work::loader_work(stage_deps deps, int batch_size)
    : impl_(std::make_unique<impl>(std::move(deps), batch_size)) {}

loader_work::~loader_work() = default;

messages::stage_reply loader_work::load(const std::vector<std::string>& ids) { return impl_->load(ids); }

}  // namespace jobpilot::actors
