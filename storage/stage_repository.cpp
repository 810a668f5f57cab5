#include "storage/stage_repository.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/process_identity.hpp"
#include "storage/row_access.hpp"

#include <boost/json.hpp>
#include <soci/soci.h>

#include <set>

namespace jobpilot::storage {

namespace {

std::string now_iso() { return core::iso8601_utc(std::chrono::system_clock::now()); }

collection_state read_state(const soci::row& row) {
  collection_state c;
  c.collection_id = col_text(row, 0);
  c.status = core::parse_collection_status(col_text(row, 1)).value_or(core::collection_status::pending);
  c.reason = col_text(row, 2);
  c.claimed_by = col_text(row, 3);
  return c;
}

constexpr const char* state_columns = "CAST(collection_id AS TEXT), processing_status, status_reason, claimed_by";

// UPDATE ... and the number of rows it changed.
template <class... Uses>
long long execute_counted(soci::session& s, const std::string& sql, Uses&&... uses) {
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  (st.exchange(std::forward<Uses>(uses)), ...);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows();
}

void advance(database& db, soci::session& s, const std::string* owner, const std::string& id,
             core::collection_status expected, core::collection_status next, const std::string& reason) {
  std::string exp = core::to_string(expected), nxt = core::to_string(next), now = now_iso();
  soci::indicator reason_ind = reason.empty() ? soci::i_null : soci::i_ok;
  const std::string set = "UPDATE raw_job_collections SET processing_status = :n, status_reason = :r, claimed_by = NULL, "
                          "claimed_at = NULL, updated_at = " + db.ts_in(":now") +
                          " WHERE collection_id = :id AND processing_status = :e";
  long long n = owner ? execute_counted(s, set + " AND claimed_by = :o", soci::use(nxt), soci::use(reason, reason_ind),
                                        soci::use(now), soci::use(id), soci::use(exp), soci::use(*owner))
                      : execute_counted(s, set, soci::use(nxt), soci::use(reason, reason_ind), soci::use(now),
                                        soci::use(id), soci::use(exp));
  if (n != 1)
    throw storage_error("collection " + id + " is no longer " + (owner ? "claimed by this process in status " : "in status ") +
                        exp + ": another process took it over; this stage's work on it is dropped");
}

}  // namespace

stage_repository::stage_repository(std::shared_ptr<database> db, std::string owner, std::chrono::milliseconds lease)
    : db_(std::move(db)), owner_(std::move(owner)), lease_(lease) {}

claim_result stage_repository::claim(const std::string& id, core::collection_status expected) {
  return db_->with_session([&](soci::session& s) {
    const std::string exp = core::to_string(expected), now = now_iso();
    const std::string stale = core::iso8601_utc(std::chrono::system_clock::now() - lease_);
    const bool pg = db_->kind() == dialect::postgresql;
    // PostgreSQL: a row another transaction is claiming right now is skipped, not waited for.
    const std::string free_row = "collection_id = :id AND processing_status = :e AND (claimed_by IS NULL OR claimed_by = :me "
                                 "OR claimed_at < " + db_->ts_in(":stale") + ")";
    const std::string sql =
        "UPDATE raw_job_collections SET claimed_by = :me2, claimed_at = " + db_->ts_in(":now") + " WHERE " +
        (pg ? "collection_id IN (SELECT collection_id FROM raw_job_collections WHERE " + free_row +
                  " FOR UPDATE SKIP LOCKED)"
            : free_row);
    long long n = execute_counted(s, sql, soci::use(owner_), soci::use(now), soci::use(id), soci::use(exp),
                                  soci::use(owner_), soci::use(stale));
    claim_result out;
    soci::rowset<soci::row> rs = (s.prepare << std::string("SELECT ") + state_columns +
                                                   " FROM raw_job_collections WHERE collection_id = :id",
                                  soci::use(id));
    for (const auto& row : rs) out.state = read_state(row);
    if (n == 1) {
      out.claimed = true;
      return out;
    }
    // Held by a process of this host that is gone: take it over (compare-and-set on that holder).
    if (out.state && out.state->status == expected && !out.state->claimed_by.empty() &&
        owner_is_gone(out.state->claimed_by)) {
      std::string holder = out.state->claimed_by;
      n = execute_counted(s,
                          "UPDATE raw_job_collections SET claimed_by = :me, claimed_at = " + db_->ts_in(":now") +
                              " WHERE collection_id = :id AND processing_status = :e AND claimed_by = :h",
                          soci::use(owner_), soci::use(now), soci::use(id), soci::use(exp), soci::use(holder));
      if (n == 1) {
        out.claimed = true;
        out.state->claimed_by = owner_;
      }
    }
    return out;
  });
}

std::vector<collection_state> stage_repository::unfinished() {
  return db_->with_session([&](soci::session& s) {
    std::vector<collection_state> out;
    soci::rowset<soci::row> rs =
        (s.prepare << std::string("SELECT ") + state_columns +
                          " FROM raw_job_collections WHERE processing_status IN ('pending', 'processed', 'embedded', "
                          "'deduped') ORDER BY timestamp, collection_id");
    for (const auto& row : rs) out.push_back(read_state(row));
    return out;
  });
}

std::optional<collection_state> stage_repository::state(const std::string& id) {
  auto all = states({id});
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<collection_state> stage_repository::states(const std::vector<std::string>& ids) {
  return db_->with_session([&](soci::session& s) {
    std::vector<collection_state> out;
    for (const auto& id : ids) {
      soci::rowset<soci::row> rs = (s.prepare << std::string("SELECT ") + state_columns +
                                                     " FROM raw_job_collections WHERE collection_id = :id",
                                    soci::use(id));
      for (const auto& row : rs) out.push_back(read_state(row));
    }
    return out;
  });
}

recovery_report stage_repository::recover_dead_owners() {
  recovery_report report;
  struct interrupted {
    std::string request_id, params;
  };
  std::vector<interrupted> requests;
  db_->with_session([&](soci::session& s) {
    std::set<std::string> owners;
    soci::rowset<std::string> a = (s.prepare << "SELECT DISTINCT claimed_by FROM raw_job_collections WHERE claimed_by IS NOT NULL");
    for (const auto& o : a) owners.insert(o);
    soci::rowset<soci::row> b = (s.prepare << "SELECT claimed_by FROM collection_requests WHERE status = 'running'");
    for (const auto& row : b) owners.insert(col_text(row, 0));  // "" = a run of an older version
    for (const auto& o : owners) {
      if (o == owner_ || (!o.empty() && !owner_is_gone(o))) continue;
      const std::string now = now_iso();
      if (!o.empty())
        report.claims_released += static_cast<int>(execute_counted(
            s, "UPDATE raw_job_collections SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = :o", soci::use(o)));
      const std::string select = "SELECT CAST(request_id AS TEXT), " + db_->json_out("query_params") +
                                 " FROM collection_requests WHERE status = 'running' AND ";
      if (o.empty()) {
        soci::rowset<soci::row> rs = (s.prepare << select + "claimed_by IS NULL");
        for (const auto& row : rs) requests.push_back({col_text(row, 0), col_text(row, 1)});
      } else {
        soci::rowset<soci::row> rs = (s.prepare << select + "claimed_by = :o", soci::use(o));
        for (const auto& row : rs) requests.push_back({col_text(row, 0), col_text(row, 1)});
      }
    }
    for (const auto& r : requests) {
      const std::string now = now_iso();
      const std::string error = "interrupted: the process that ran this request stopped before it finished";
      execute_counted(s,
                      "UPDATE collection_requests SET status = 'failed', last_error = :e, updated_at = " +
                          db_->ts_in(":now") + " WHERE request_id = :id AND status = 'running'",
                      soci::use(error), soci::use(now), soci::use(r.request_id));
    }
  });
  failed_operation_repository dead_letters(db_);
  core::uuid_generator ids;
  for (const auto& r : requests) {
    failed_operation_row d;
    d.id = ids.next();
    d.stage = "collector";
    d.operation = "collect";
    boost::json::error_code ec;
    d.payload_json = boost::json::serialize(
        boost::json::object{{"request_id", r.request_id}, {"query_params", boost::json::parse(r.params, ec)}});
    d.error = "interrupted: the process that ran this request stopped before it finished";
    d.error_kind = "interrupted";
    d.attempts = 0;
    dead_letters.record(d);
    ++report.requests_interrupted;
  }
  return report;
}

std::vector<std::string> stage_repository::reset_to_pending(const std::vector<std::string>& ids) {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::string> out;
    const std::string stale = core::iso8601_utc(std::chrono::system_clock::now() - lease_);
    for (const auto& id : ids) {
      write_transaction tr(*db_, s);
      std::string holder;
      soci::indicator ind = soci::i_null;
      s << "SELECT claimed_by FROM raw_job_collections WHERE collection_id = :id", soci::use(id), soci::into(holder, ind);
      const std::string now = now_iso();
      long long n = execute_counted(
          s,
          "UPDATE raw_job_collections SET processing_status = 'pending', status_reason = NULL, dedupe_seq = NULL, "
          "claimed_by = NULL, claimed_at = NULL, updated_at = " + db_->ts_in(":now") +
              " WHERE collection_id = :id AND (claimed_by IS NULL OR claimed_by = :me OR claimed_at < " +
              db_->ts_in(":stale") + " OR claimed_by = :gone)",
          soci::use(now), soci::use(id), soci::use(owner_), soci::use(stale),
          soci::use(ind == soci::i_ok && owner_is_gone(holder) ? holder : owner_));
      if (n == 1) {
        // Its dedupe decisions go too: they are about to be made again, and a deduper rebuilding its index
        // must not replay them (it took 8 s per 30,000 postings and turned every posting into an update
        // of its own old self).
        const std::string processing_id = core::processing_id_for(id);
        s << "UPDATE processed_job_data SET duplicate_of = NULL, dedupe_reason = NULL, similarity = NULL, "
             "dedupe_seq = NULL WHERE processing_id = :p",
            soci::use(processing_id);
      }
      tr.commit();
      if (n == 1) out.push_back(id);
    }
    return out;
  });
}

bool stage_repository::requeue_load(const std::string& collection_id, const std::string& processing_id,
                                    int job_index) {
  return db_->with_session([&](soci::session& s) {
    write_transaction tr(*db_, s);
    const std::string now = now_iso();
    long long rows = execute_counted(
        s, "UPDATE processed_job_data SET load_status = 'pending' WHERE processing_id = :p AND job_index = :i",
        soci::use(processing_id), soci::use(job_index));
    execute_counted(s,
                    "UPDATE raw_job_collections SET processing_status = 'deduped', status_reason = NULL, updated_at = " +
                        db_->ts_in(":now") +
                        " WHERE collection_id = :id AND processing_status IN ('partial', 'loaded') AND dedupe_seq IS NOT NULL",
                    soci::use(now), soci::use(collection_id));
    tr.commit();
    return rows == 1;
  });
}

std::vector<std::string> stage_repository::ids_with_status(const std::vector<core::collection_status>& statuses) {
  return db_->with_session([&](soci::session& s) {
    std::string list;
    for (auto st : statuses) list += std::string(list.empty() ? "" : ", ") + "'" + core::to_string(st) + "'";
    std::vector<std::string> out;
    if (list.empty()) return out;
    soci::rowset<std::string> rs = (s.prepare << "SELECT CAST(collection_id AS TEXT) FROM raw_job_collections WHERE "
                                                 "processing_status IN (" + list + ") ORDER BY timestamp, collection_id");
    for (const auto& id : rs) out.push_back(id);
    return out;
  });
}

void advance_claimed(database& db, soci::session& s, const std::string& owner, const std::string& id,
                     core::collection_status expected, core::collection_status next, const std::string& reason) {
  advance(db, s, &owner, id, expected, next, reason);
}

void advance_locked(database& db, soci::session& s, const std::string& id, core::collection_status expected,
                    core::collection_status next, const std::string& reason) {
  advance(db, s, nullptr, id, expected, next, reason);
}

}  // namespace jobpilot::storage
