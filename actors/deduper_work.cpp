#include "actors/deduper_work.hpp"

#include "actors/stage_progress.hpp"
#include "core/dedupe.hpp"
#include "core/enhanced_job.hpp"
#include "core/ids.hpp"
#include "core/text_clean.hpp"
#include "storage/database_guard.hpp"
#include "storage/dedupe_store.hpp"
#include "storage/stage_repository.hpp"
#include "storage/vector_index.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <map>
#include <unordered_map>

namespace jobpilot::actors {

namespace {

// Collections decided per round: the round holds the global dedupe lock (on SQLite, the one writer
// lock), so it is kept short.
constexpr std::size_t collections_per_round = 20;

// The dedupe index's candidate search on hnswlib (exact below a few hundred vectors). Inserted in
// dedupe order, so a rebuilt index is the same graph as the live one.
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
  c.exact_min_overlap = static_cast<float>(s.exact_min_overlap);
  for (const auto& name : s.staffing_companies) c.employers.staffing.push_back(core::normalize_company(name));
  for (const auto& name : s.marketplace_companies) c.employers.marketplaces.push_back(core::normalize_company(name));
  return c;
}

}  // namespace

struct deduper_work::impl {
  stage_deps deps;
  core::dedupe_settings settings;
  int dimensions;
  storage::dedupe_store store;
  storage::stage_repository stages;
  std::unique_ptr<hnsw_neighbours> neighbours;  // outlives `index`, which points at it
  std::unique_ptr<core::dedupe_index> index;
  std::unordered_map<std::string, std::uint64_t> number_of;  // enhanced_jobs.id -> index id
  std::unordered_map<std::uint64_t, std::string> uuid_of;
  std::int64_t last_seq = 0;
  bool stale = true;  // the index may not match the database: rebuild it in the next round
  std::uint64_t resets_seen = 0;  // deps.resets when the index was last rebuilt

  impl(stage_deps d, const config::dedupe_settings& s, int dims)
      : deps(std::move(d)), settings(to_core(s)), dimensions(dims), store(deps.db), stages(deps.db, deps.owner, deps.claim_lease) {}

  spdlog::logger& log() { return deps.log ? *deps.log : *spdlog::default_logger(); }

  void reset() {
    index.reset();
    neighbours = std::make_unique<hnsw_neighbours>(dimensions);
    index = std::make_unique<core::dedupe_index>(settings, neighbours.get());
    number_of.clear();
    uuid_of.clear();
    last_seq = 0;
  }

  // The index's id of a canonical job; a job not seen yet gets the id a new job would get here.
  std::uint64_t number_for(const std::string& uuid) {
    if (auto it = number_of.find(uuid); it != number_of.end()) return it->second;
    auto n = index->next_canonical_id();
    number_of.emplace(uuid, n);
    uuid_of.emplace(n, uuid);
    return n;
  }

  void replay(const storage::decided_posting& d) {
    auto job = core::enhanced_job_from_json(boost::json::parse(d.processed_data_json).as_object());
    core::dedupe_decision decision;
    decision.reason = core::parse_dedupe_reason(d.reason).value_or(core::dedupe_reason::canonical);
    decision.canonical = number_for(d.duplicate_of);
    index->replay(core::dedupe_record_of(job, d.embedding), decision);
    last_seq = std::max(last_seq, d.seq);
  }

  // One collection's decisions, in job order.
  messages::collection_progress decide(storage::dedupe_round& r, const std::string& id, std::int64_t seq) {
    messages::collection_progress p;
    p.collection_id = id;
    const auto processing_id = core::processing_id_for(id);
    std::vector<storage::dedupe_update> updates;
    const auto started = std::chrono::steady_clock::now();
    for (auto& row : r.rows(processing_id)) {
      auto job = core::enhanced_job_from_json(boost::json::parse(row.processed_data_json).as_object());
      std::string().swap(row.processed_data_json);
      auto decision = index->decide_and_add(core::dedupe_record_of(job, std::move(row.embedding)));
      std::string uuid;
      if (decision.reason == core::dedupe_reason::canonical) {
        uuid = core::job_uuid_for(job.jsearch_job_id);
        number_of.emplace(uuid, decision.canonical);
        uuid_of.emplace(decision.canonical, uuid);
      } else {
        uuid = uuid_of.at(decision.canonical);
        ++p.duplicates;
      }
      updates.push_back({row.job_index, uuid, core::to_string(decision.reason), decision.similarity});
    }
    r.record(id, processing_id, seq, updates);
    std::vector<std::string> reasons;
    for (const auto& u : updates) reasons.push_back(u.reason);
    deps.observer->dedupe_round(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                                reasons);
    p.status = core::collection_status::deduped;
    p.advanced = true;
    return p;
  }

  messages::stage_reply dedupe(const std::vector<std::string>& ids) {
    std::string blocked_by;  // the collection first in the global order, not embedded yet
    std::map<std::string, messages::collection_progress> done;
    for (;;) {
      std::vector<messages::collection_progress> decided;
      deps.guard->run("dedupe round", [&] {
        decided.clear();
        blocked_by.clear();
        try {
          store.in_round([&](storage::dedupe_round& r) {
            if (const auto resets = deps.resets->load(); resets != resets_seen) {
              resets_seen = resets;  // collections were reset: their old decisions leave the index
              stale = true;
            }
            if (stale) {
              reset();
              auto all = r.decided_after(0);
              for (const auto& d : all) replay(d);
              stale = false;
              if (!all.empty())
                log().info("dedupe index rebuilt from the database: {} postings, {} canonical jobs", all.size(),
                           index->canonical_count());
            } else {
              for (const auto& d : r.decided_after(last_seq)) replay(d);  // other processes' decisions
            }
            stale = true;  // until this round's decisions are committed
            auto ready = r.ready(collections_per_round);
            if (ready.blocked_by) blocked_by = *ready.blocked_by;
            auto seq = std::max(r.last_seq(), last_seq);
            for (const auto& id : ready.ids) decided.push_back(decide(r, id, ++seq));
            last_seq = seq;
          });
          stale = false;
        } catch (...) {
          stale = true;
          throw;
        }
      });
      for (auto& p : decided) done[p.collection_id] = std::move(p);
      // Done when nothing more is ready, or when this call has advanced as many as it was asked
      // about: an asked-about collection not reached yet is asked about again.
      if (decided.size() < collections_per_round || done.size() >= ids.size()) break;
    }
    auto reply = reply_with_states(*deps.guard, stages, ids, std::move(done));
    reply.blocked_by = blocked_by;
    if (!blocked_by.empty())
      for (auto& p : reply.collections)
        if (p.status == core::collection_status::embedded)
          p.reason = "waiting for collection " + blocked_by + " to be deduped first";
    return reply;
  }
};

deduper_work::deduper_work(stage_deps deps, const config::dedupe_settings& settings, int dimensions)
    : impl_(std::make_unique<impl>(std::move(deps), settings, dimensions)) {}

deduper_work::~deduper_work() = default;

messages::stage_reply deduper_work::dedupe(const std::vector<std::string>& ids) { return impl_->dedupe(ids); }

std::size_t deduper_work::canonical_count() const { return impl_->index ? impl_->index->canonical_count() : 0; }

}  // namespace jobpilot::actors
