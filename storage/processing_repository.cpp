#include "storage/processing_repository.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"
#include "storage/stage_repository.hpp"
#include "storage/vector_codec.hpp"

namespace jobpilot::storage {

processing_repository::processing_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

std::string vector_param(const database& db, const std::vector<float>& v) {
  return db.kind() == dialect::sqlite ? floats_to_blob(v) : floats_to_pg_array(v);
}

std::string vector_in(const database& db, const std::string& placeholder) {
  // SOCI binds a std::string as TEXT: the cast stores the float32 bytes as a BLOB.
  return db.kind() == dialect::sqlite ? "CAST(" + placeholder + " AS BLOB)" : "CAST(" + placeholder + " AS REAL[])";
}

std::string vector_out(const database& db, const std::string& column) {
  return db.kind() == dialect::sqlite ? column : "CAST(" + column + " AS TEXT)";
}

std::vector<float> vector_value(const database& db, const std::string& text) {
  if (text.empty()) return {};
  return db.kind() == dialect::sqlite ? blob_to_floats(text) : pg_array_to_floats(text);
}

void processing_repository::save(const processing_log_row& log, const std::vector<processed_job_row>& jobs,
                                 const std::string& owner, core::collection_status next, const std::string& reason) {
  db_->with_session([&](soci::session& s) {
    write_transaction tr(*db_, s);
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    s << "DELETE FROM processed_job_data WHERE processing_id = :p", soci::use(log.processing_id);
    s << "DELETE FROM job_processing_log WHERE processing_id = :p", soci::use(log.processing_id);
    soci::indicator done_ind = log.completed_at.empty() ? soci::i_null : soci::i_ok;
    soci::indicator err_ind = log.errors_json.empty() ? soci::i_null : soci::i_ok;
    soci::indicator met_ind = log.metrics_json.empty() ? soci::i_null : soci::i_ok;
    s << "INSERT INTO job_processing_log (processing_id, collection_id, started_at, completed_at, status, "
         "jobs_processed, jobs_failed, errors, metrics, created_at) VALUES (:p, :c, " +
             db_->ts_in(":s") + ", " + db_->ts_in(":d") + ", :st, :jp, :jf, " + db_->json_in(":e") + ", " +
             db_->json_in(":m") + ", " + db_->ts_in(":n") + ")",
        soci::use(log.processing_id), soci::use(log.collection_id), soci::use(log.started_at),
        soci::use(log.completed_at, done_ind), soci::use(log.status), soci::use(log.jobs_processed),
        soci::use(log.jobs_failed), soci::use(log.errors_json, err_ind), soci::use(log.metrics_json, met_ind),
        soci::use(now);
    // The audit trail: every run, not only the latest (job_processing_runs, migration 0005).
    std::string run_id = core::uuid_generator().next();
    s << "INSERT INTO job_processing_runs (run_id, processing_id, collection_id, started_at, completed_at, status, "
         "jobs_processed, jobs_failed, errors, metrics, recorded_at) SELECT " +
             std::string(db_->kind() == dialect::postgresql ? "CAST(:r AS UUID)" : ":r") +
             ", processing_id, collection_id, started_at, completed_at, status, jobs_processed, jobs_failed, errors, "
             "metrics, " + db_->ts_in(":n") + " FROM job_processing_log WHERE processing_id = :p",
        soci::use(run_id), soci::use(now), soci::use(log.processing_id);
    // One multi-row INSERT per collection: a round trip per job was half the PostgreSQL processor's time.
    // The values go in as literals (sql_literal): SOCI 4.0.3 cannot re-execute a PostgreSQL statement
    // with vector binds (notes/build-stack.md pitfall 1).
    // Statements of about 1 MB, so a large reply is never built into one huge statement.
    const std::string insert = "INSERT INTO processed_job_data (processing_id, job_index, jsearch_job_id, "
                               "processed_data, embed_status, load_status, created_at) VALUES ";
    std::string values;
    auto flush = [&] {
      if (values.empty()) return;
      s << insert + values;
      values.clear();
    };
    for (const auto& j : jobs) {
      if (j.processed_data_json.size() > (256u << 10)) {
        // A huge job is bound, not copied into the statement text (a 20 MB reply stays within its memory).
        flush();
        s << insert + "(:p, :i, :j, " + db_->json_in(":d") + ", 'pending', 'pending', " + db_->ts_in(":n") + ")",
            soci::use(j.processing_id), soci::use(j.job_index), soci::use(j.jsearch_job_id),
            soci::use(j.processed_data_json), soci::use(now);
        continue;
      }
      values += (values.empty() ? "(" : ", (") + sql_literal(j.processing_id) + ", " + std::to_string(j.job_index) +
                ", " + sql_literal(j.jsearch_job_id) + ", " + db_->json_in(sql_literal(j.processed_data_json)) +
                ", 'pending', 'pending', " + db_->ts_in(sql_literal(now)) + ")";
      if (values.size() > (1u << 20)) flush();
    }
    flush();
    advance_claimed(*db_, s, owner, log.collection_id, core::collection_status::pending, next, reason);
    tr.commit();
  });
}

std::vector<processed_job_row> read_processed_rows(database& db, soci::session& s, const std::string& processing_id) {
  std::vector<processed_job_row> out;
  soci::rowset<soci::row> rs =
      (s.prepare << "SELECT processing_id, job_index, jsearch_job_id, " + db.json_out("processed_data") + ", " +
                        vector_out(db, "embedding") +
                        ", embedding_model, embed_status, duplicate_of, dedupe_reason, similarity, load_status "
                        "FROM processed_job_data WHERE processing_id = :p ORDER BY job_index",
       soci::use(processing_id));
  for (const auto& row : rs) {
    processed_job_row j;
    j.processing_id = col_text(row, 0);
    j.job_index = static_cast<int>(col_int(row, 1));
    j.jsearch_job_id = col_text(row, 2);
    j.processed_data_json = col_text(row, 3);
    j.embedding = vector_value(db, col_text(row, 4));
    j.embedding_model = col_text(row, 5);
    j.embed_status = col_text(row, 6);
    j.duplicate_of = col_text(row, 7);
    j.dedupe_reason = col_text(row, 8);
    j.similarity = col_opt_real(row, 9);
    j.load_status = col_text(row, 10);
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<processed_job_row> processing_repository::jobs(const std::string& processing_id) {
  return db_->with_session([&](soci::session& s) { return read_processed_rows(*db_, s, processing_id); });
}

std::optional<processing_log_row> processing_repository::log(const std::string& processing_id) {
  return db_->with_session([&](soci::session& s) -> std::optional<processing_log_row> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT processing_id, collection_id, " + db_->ts_out("started_at") + ", " +
                          db_->ts_out("completed_at") + ", status, jobs_processed, jobs_failed, " +
                          db_->json_out("errors") + ", " + db_->json_out("metrics") +
                          " FROM job_processing_log WHERE processing_id = :p",
         soci::use(processing_id));
    for (const auto& row : rs) {
      processing_log_row l;
      l.processing_id = col_text(row, 0);
      l.collection_id = col_text(row, 1);
      l.started_at = col_text(row, 2);
      l.completed_at = col_text(row, 3);
      l.status = col_text(row, 4);
      l.jobs_processed = static_cast<int>(col_int(row, 5));
      l.jobs_failed = static_cast<int>(col_int(row, 6));
      l.errors_json = col_text(row, 7);
      l.metrics_json = col_text(row, 8);
      return l;
    }
    return std::nullopt;
  });
}

void processing_repository::set_embeddings(const std::string& collection_id, const std::string& processing_id,
                                           const std::vector<embedding_update>& updates, const std::string& owner) {
  db_->with_session([&](soci::session& s) {
    write_transaction tr(*db_, s);
    if (!updates.empty()) {  // prepared once, executed per job
      std::string vec, model, status;
      soci::indicator vec_ind = soci::i_null;
      int index = 0;
      soci::statement st = (s.prepare << "UPDATE processed_job_data SET embedding = " + vector_in(*db_, ":v") +
                                             ", embedding_model = :m, embed_status = :st WHERE processing_id = :p AND "
                                             "job_index = :i",
                            soci::use(vec, vec_ind), soci::use(model), soci::use(status), soci::use(processing_id),
                            soci::use(index));
      for (const auto& u : updates) {
        vec = vector_param(*db_, u.embedding);
        vec_ind = u.embedding.empty() ? soci::i_null : soci::i_ok;
        model = u.model;
        status = u.status;
        index = u.job_index;
        st.execute(true);
      }
    }
    advance_claimed(*db_, s, owner, collection_id, core::collection_status::processed,
                    core::collection_status::embedded, "");
    tr.commit();
  });
}

std::pair<std::int64_t, std::int64_t> processing_repository::job_totals() {
  return db_->with_session([&](soci::session& s) {
    long long ok = 0, failed = 0;
    soci::indicator i1 = soci::i_null, i2 = soci::i_null;
    s << "SELECT SUM(jobs_processed), SUM(jobs_failed) FROM job_processing_log", soci::into(ok, i1),
        soci::into(failed, i2);
    return std::make_pair<std::int64_t, std::int64_t>(i1 == soci::i_ok ? ok : 0, i2 == soci::i_ok ? failed : 0);
  });
}

std::vector<std::pair<std::string, std::int64_t>> processing_repository::count_by_status() {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT status, COUNT(*) FROM job_processing_log GROUP BY status ORDER BY status");
    for (const auto& row : rs) out.emplace_back(col_text(row, 0), col_int(row, 1));
    return out;
  });
}

}  // namespace jobpilot::storage
