#include "actors/recovery_work.hpp"

#include "core/jsearch_query.hpp"
#include "storage/database_guard.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/raw_file_store.hpp"
#include "storage/raw_import.hpp"
#include "storage/stage_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <set>

namespace jobpilot::actors {

using core::collection_status;

struct recovery_work::impl {
  stage_deps deps;
  storage::raw_file_store files;
  storage::raw_file_store spool;
  storage::stage_repository stages;
  storage::failed_operation_repository letters;

  impl(stage_deps d, const std::string& data_dir, const std::string& spool_dir)
      : deps(std::move(d)),
        files(data_dir),
        spool(storage::raw_file_store::spool(spool_dir)),
        stages(deps.db, deps.owner, deps.claim_lease),
        letters(deps.db) {}

  spdlog::logger& log() { return deps.log ? *deps.log : *spdlog::default_logger(); }
  storage::database_guard& guard() { return *deps.guard; }

  void import(messages::sweep_report& out) {
    auto r = guard().run("import file-only replies",
                         [&] { return storage::import_file_only_collections(deps.db, files, &spool); });
    out.imported = r.imported;
    out.from_spool = r.from_spool;
    out.without_meta = r.without_meta;
    out.import_errors = r.errors;
    if (r.imported > 0)
      log().warn("imported {} raw collection(s) that were only on disk ({} from the spool, {} without meta file)",
                 r.imported, r.from_spool, r.without_meta);
    for (const auto& e : r.errors) log().error("not imported: {}", e);
  }

  void reprocess(const messages::sweep_request& req, messages::sweep_report& out) {
    std::vector<std::string> ids = req.reprocess_ids;
    if (!req.reprocess_status.empty()) {
      std::vector<collection_status> statuses;
      if (req.reprocess_status == "all")
        statuses = {collection_status::loaded, collection_status::partial, collection_status::failed};
      else if (auto s = core::parse_collection_status(req.reprocess_status))
        statuses = {*s};
      auto more = guard().run("select collections to reprocess", [&] { return stages.ids_with_status(statuses); });
      ids.insert(ids.end(), more.begin(), more.end());
    }
    if (ids.empty()) return;
    auto reset = guard().run("reset collections for reprocessing", [&] { return stages.reset_to_pending(ids); });
    out.reset = static_cast<std::int32_t>(reset.size());
    if (!reset.empty()) deps.resets->fetch_add(1);
    std::set<std::string> done(reset.begin(), reset.end());
    for (const auto& id : ids) {
      if (done.count(id)) continue;
      auto state = guard().run("read a collection", [&] { return stages.state(id); });
      out.not_reset.push_back(state ? id + ": held by " + state->claimed_by : "no raw collection " + id);
    }
  }

  void replay_dead_letters(const messages::sweep_request& req, messages::sweep_report& out) {
    auto pending = guard().run("read dead letters", [&] { return letters.list("pending", 1'000'000); });
    for (const auto& d : pending) {
      boost::json::error_code ec;
      auto payload = boost::json::parse(d.payload_json, ec);
      if (ec || !payload.is_object()) continue;
      const auto& p = payload.as_object();
      if (d.stage == "loader") {
        auto* c = p.if_contains("collection_id");
        auto* pid = p.if_contains("processing_id");
        auto* idx = p.if_contains("job_index");
        if (!c || !c->is_string() || !pid || !pid->is_string() || !idx || !idx->is_int64()) continue;
        bool ok = guard().run("queue a dead letter again", [&] {
          return stages.requeue_load(std::string(c->as_string()), std::string(pid->as_string()),
                                     static_cast<int>(idx->as_int64()));
        });
        guard().run("mark a dead letter", [&] { letters.set_status(d.id, ok ? "retrying" : "abandoned", d.attempts, ""); });
        if (ok) ++out.dead_letters_queued;
      } else if (d.stage == "collector" && req.include_paid) {
        auto* params = p.if_contains("query_params");
        auto q = params ? core::query_from_params_json(boost::json::serialize(*params)) : std::nullopt;
        if (!q) continue;
        messages::collect_request r;
        r.query = *q;
        r.strategy = "replay";
        r.use_cache = false;
        r.replay_of = d.id;
        out.replays.push_back(std::move(r));
        guard().run("mark a dead letter", [&] { letters.set_status(d.id, "retrying", d.attempts, ""); });
        ++out.dead_letters_queued;
      }
    }
  }

  messages::sweep_report sweep(const messages::sweep_request& req) {
    messages::sweep_report out;
    import(out);
    auto rec = guard().run("free the claims of stopped processes", [&] { return stages.recover_dead_owners(); });
    out.claims_released = rec.claims_released;
    out.requests_interrupted = rec.requests_interrupted;
    if (rec.claims_released + rec.requests_interrupted > 0)
      log().warn("recovered the work of stopped processes: {} claim(s) freed, {} running request(s) marked failed",
                 rec.claims_released, rec.requests_interrupted);
    reprocess(req, out);
    if (req.dead_letters) replay_dead_letters(req, out);
    if (req.list_unfinished) {
      for (const auto& c : guard().run("list unfinished collections", [&] { return stages.unfinished(); })) {
        messages::collection_progress p;
        p.collection_id = c.collection_id;
        p.status = c.status;
        p.reason = c.reason;
        out.unfinished.push_back(std::move(p));
      }
    }
    return out;
  }
};

recovery_work::recovery_work(stage_deps deps, std::string data_dir, std::string spool_dir)
    : impl_(std::make_unique<impl>(std::move(deps), data_dir, spool_dir)) {}

recovery_work::~recovery_work() = default;

messages::sweep_report recovery_work::sweep(const messages::sweep_request& request) { return impl_->sweep(request); }

}  // namespace jobpilot::actors
