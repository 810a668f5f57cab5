#include "storage/dedupe_store.hpp"

#include "core/stage_machine.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"
#include "storage/stage_repository.hpp"

#include <soci/soci.h>

#include <cmath>
#include <cstdio>

namespace jobpilot::storage {

namespace {

constexpr long long dedupe_lock_key = 72610002;

std::vector<decided_posting> read_decided(database& db, soci::session& s, std::int64_t after) {
  std::vector<decided_posting> out;
  long long seq = after;
  soci::rowset<soci::row> rs =
      (s.prepare << "SELECT dedupe_seq, job_index, " + db.json_out("processed_data") + ", " +
                        vector_out(db, "embedding") +
                        ", CAST(duplicate_of AS TEXT), dedupe_reason FROM processed_job_data "
                        "WHERE dedupe_seq > :s AND duplicate_of IS NOT NULL ORDER BY dedupe_seq, job_index",
       soci::use(seq));
  for (const auto& row : rs) {
    decided_posting d;
    d.seq = col_int(row, 0);
    d.job_index = static_cast<int>(col_int(row, 1));
    d.processed_data_json = col_text(row, 2);
    d.embedding = vector_value(db, col_text(row, 3));
    d.duplicate_of = col_text(row, 4);
    d.reason = col_text(row, 5);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

std::vector<decided_posting> dedupe_round::decided_after(std::int64_t seq) { return read_decided(db_, s_, seq); }

std::int64_t dedupe_round::last_seq() {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  s_ << "SELECT MAX(dedupe_seq) FROM raw_job_collections", soci::into(n, ind);
  return ind == soci::i_ok ? n : 0;
}

ready_collections dedupe_round::ready(std::size_t limit) {
  ready_collections out;
  long long n = static_cast<long long>(limit) + 1;
  soci::rowset<soci::row> rs =
      (s_.prepare << "SELECT CAST(collection_id AS TEXT), processing_status FROM raw_job_collections "
                     "WHERE processing_status IN ('pending', 'processed', 'embedded') "
                     "ORDER BY timestamp, collection_id LIMIT :n",
       soci::use(n));
  for (const auto& row : rs) {
    if (col_text(row, 1) != "embedded") {
      out.blocked_by = col_text(row, 0);
      break;
    }
    if (out.ids.size() == limit) break;
    out.ids.push_back(col_text(row, 0));
  }
  return out;
}

std::vector<processed_job_row> dedupe_round::rows(const std::string& processing_id) {
  return read_processed_rows(db_, s_, processing_id);
}

void dedupe_round::record(const std::string& collection_id, const std::string& processing_id, std::int64_t seq,
                          const std::vector<dedupe_update>& updates) {
  long long sq = seq;
  if (!updates.empty()) {
    // One statement for the collection (a round trip per job was most of the PostgreSQL dedupe time).
    // The values are the deduper's own (uuids, reason names, numbers), quoted all the same.
    std::string values;
    for (const auto& u : updates) {
      char similarity[32];
      std::snprintf(similarity, sizeof similarity, "%.9g", std::isfinite(u.similarity) ? u.similarity : 0.0);
      values += (values.empty() ? "(" : ", (") + std::to_string(u.job_index) + ", " + sql_literal(u.duplicate_of) + ", " +
                sql_literal(u.reason) + ", " + similarity + ")";
    }
    const bool pg = db_.kind() == dialect::postgresql;
    s_ << "UPDATE processed_job_data AS p SET duplicate_of = " +
              std::string(pg ? "CAST(v.column2 AS UUID)" : "v.column2") +
              ", dedupe_reason = v.column3, similarity = v.column4, dedupe_seq = :q FROM (VALUES " + values +
              ") AS v WHERE p.processing_id = :p AND p.job_index = v.column1",
        soci::use(sq), soci::use(processing_id);
  }
  s_ << "UPDATE raw_job_collections SET dedupe_seq = :q WHERE collection_id = :c", soci::use(sq),
      soci::use(collection_id);
  advance_locked(db_, s_, collection_id, core::collection_status::embedded, core::collection_status::deduped, "");
}

dedupe_store::dedupe_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

void dedupe_store::in_round(const std::function<void(dedupe_round&)>& fn) {
  db_->with_session([&](soci::session& s) {
    write_transaction tr(*db_, s);
    if (db_->kind() == dialect::postgresql) {
      long long key = dedupe_lock_key;
      s << "SELECT pg_advisory_xact_lock(:k)", soci::use(key);
    }
    dedupe_round round(*db_, s);
    fn(round);
    tr.commit();
  });
}

std::vector<decided_posting> dedupe_store::all_decided() {
  return db_->with_session([&](soci::session& s) { return read_decided(*db_, s, 0); });
}

}  // namespace jobpilot::storage
