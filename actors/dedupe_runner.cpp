#include "actors/dedupe_runner.hpp"

#include "core/dedupe.hpp"
#include "core/enhanced_job.hpp"
#include "core/ids.hpp"
#include "storage/database.hpp"
#include "storage/processing_repository.hpp"
#include "storage/row_access.hpp"
#include "storage/vector_codec.hpp"
#include "storage/vector_index.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <unordered_map>

namespace jobpilot::actors {

namespace {

core::dedupe_record record_of(const core::enhanced_job& j, std::vector<float> embedding) {
  core::dedupe_record r;
  r.jsearch_job_id = j.jsearch_job_id;
  r.title_key = j.title_key;
  r.company_key = j.company_key;
  r.location = j.location;
  if (!j.apply_url_canonical.empty()) r.url_keys.push_back(j.apply_url_canonical);
  r.url_keys.insert(r.url_keys.end(), j.other_apply_urls.begin(), j.other_apply_urls.end());
  if (j.posted_at) r.posted_at = core::to_epoch_seconds(*j.posted_at);
  r.embedding = std::move(embedding);
  r.sentences = core::text_fingerprint(j.description);
  return r;
}

// The dedupe index's candidate search on hnswlib (exact below a few hundred vectors).
// Rebuilt from the database at every start through the index's own labels.
class hnsw_neighbours final : public core::nearest_neighbours {
public:
  explicit hnsw_neighbours(int dimensions) : index_(dimensions) {}
  void add(std::uint64_t label, const std::vector<float>& v) override { index_.add(label, v); }
  std::vector<std::pair<std::uint64_t, float>> search(const std::vector<float>& q, std::size_t k) const override {
    return index_.search(q, k);
  }

private:
  storage::vector_index index_;
};

core::dedupe_settings to_core(const config::dedupe_settings& s) {
  core::dedupe_settings c;
  c.near_duplicate_threshold = static_cast<float>(s.near_duplicate_threshold);
  c.overlap_threshold = static_cast<float>(s.overlap_threshold);
  c.other_company_overlap_threshold = static_cast<float>(s.other_company_overlap_threshold);
  c.exact_window_seconds = s.exact_window.count() / 1000;
  c.url_window_seconds = s.url_window.count() / 1000;
  c.text_window_seconds = s.text_window.count() / 1000;
  return c;
}

}  // namespace

struct dedupe_runner::impl {
  std::shared_ptr<storage::database> db;
  std::shared_ptr<spdlog::logger> log;
  storage::processing_repository processing;
  hnsw_neighbours neighbours;  // declared before `index`, which keeps a pointer to it
  core::dedupe_index index;
  std::unordered_map<std::string, std::uint64_t> number_of;  // enhanced_jobs.id -> index id
  std::unordered_map<std::uint64_t, std::string> uuid_of;

  impl(std::shared_ptr<storage::database> d, const config::dedupe_settings& s, int dimensions,
       std::shared_ptr<spdlog::logger> l)
      : db(std::move(d)),
        log(l ? std::move(l) : spdlog::default_logger()),
        processing(db),
        neighbours(dimensions),
        index(to_core(s), &neighbours) {
    rebuild();
  }

  std::uint64_t number_for(const std::string& uuid) {
    auto it = number_of.find(uuid);
    if (it != number_of.end()) return it->second;
    std::uint64_t n = number_of.size() + 1;
    number_of.emplace(uuid, n);
    uuid_of.emplace(n, uuid);
    return n;
  }

  // Every decided posting, canonical jobs first, so aliases always find their job.
  void rebuild() {
    struct stored {
      core::dedupe_record record;
      std::string duplicate_of;
      bool canonical;
    };
    std::vector<stored> rows;
    db->with_session([&](soci::session& s) {
      std::string vec = db->kind() == storage::dialect::sqlite ? "embedding" : "CAST(embedding AS TEXT)";
      soci::rowset<soci::row> rs =
          (s.prepare << "SELECT " + db->json_out("processed_data") + ", " + vec +
                            ", CAST(duplicate_of AS TEXT), dedupe_reason FROM processed_job_data "
                            "WHERE duplicate_of IS NOT NULL ORDER BY created_at, processing_id, job_index");
      for (const auto& row : rs) {
        auto job = core::enhanced_job_from_json(boost::json::parse(storage::col_text(row, 0)).as_object());
        auto text = storage::col_text(row, 1);
        std::vector<float> v;
        if (!text.empty())
          v = db->kind() == storage::dialect::sqlite ? storage::blob_to_floats(text) : storage::pg_array_to_floats(text);
        rows.push_back({record_of(job, std::move(v)), storage::col_text(row, 2), storage::col_text(row, 3) == "canonical"});
      }
    });
    for (auto& r : rows)
      if (r.canonical) index.add_canonical(number_for(r.duplicate_of), r.record);
    for (auto& r : rows)
      if (!r.canonical) index.add_alias(number_for(r.duplicate_of), r.record);
    if (!rows.empty())
      log->info("dedupe index rebuilt from the database: {} postings, {} canonical jobs", rows.size(),
                index.canonical_count());
  }

  messages::deduped dedupe(const messages::embedded& in) {
    messages::deduped out;
    out.processing_id = in.processing_id;
    auto rows = processing.jobs(in.processing_id);
    std::vector<storage::dedupe_update> updates;
    for (auto& row : rows) {
      auto job = core::enhanced_job_from_json(boost::json::parse(row.processed_data_json).as_object());
      auto record = record_of(job, std::move(row.embedding));
      auto decision = index.decide_and_add(record);
      std::string uuid;
      if (decision.reason == core::dedupe_reason::canonical) {
        uuid = job_uuid_for(job.jsearch_job_id);
        number_of.emplace(uuid, decision.canonical);
        uuid_of.emplace(decision.canonical, uuid);
        ++out.canonical;
      } else {
        uuid = uuid_of.at(decision.canonical);
        ++out.duplicates;
      }
      updates.push_back({row.job_index, uuid, core::to_string(decision.reason), decision.similarity});
    }
    if (!updates.empty()) processing.set_dedupe(in.processing_id, updates);
    return out;
  }
};

dedupe_runner::dedupe_runner(std::shared_ptr<storage::database> db, const config::dedupe_settings& settings,
                             int dimensions, std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<impl>(std::move(db), settings, dimensions, std::move(log))) {}

dedupe_runner::~dedupe_runner() = default;

messages::deduped dedupe_runner::dedupe(const messages::embedded& input) { return impl_->dedupe(input); }

std::size_t dedupe_runner::canonical_count() const { return impl_->index.canonical_count(); }

std::string dedupe_runner::job_uuid_for(const std::string& jsearch_job_id) {
  return core::uuid_from_name("job:" + jsearch_job_id);
}

}  // namespace jobpilot::actors
