#include "storage/failed_operation_repository.hpp"

#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"

namespace jobpilot::storage {

failed_operation_repository::failed_operation_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

void insert_failed_operation(database& db, soci::session& s, const failed_operation_row& r) {
  std::string now = core::iso8601_utc(std::chrono::system_clock::now());
  soci::indicator pi = r.payload_json.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO failed_operations (id, stage, operation, payload, error, error_kind, attempts, status, "
       "created_at, updated_at) VALUES (:id, :st, :op, " +
           db.json_in(":p") + ", :e, :k, :a, :s, " + db.ts_in(":c") + ", " + db.ts_in(":u") + ")",
      soci::use(r.id), soci::use(r.stage), soci::use(r.operation), soci::use(r.payload_json, pi), soci::use(r.error),
      soci::use(r.error_kind), soci::use(r.attempts), soci::use(r.status), soci::use(now), soci::use(now);
}

void failed_operation_repository::record(const failed_operation_row& r) {
  db_->with_session([&](soci::session& s) { insert_failed_operation(*db_, s, r); });
}

std::vector<failed_operation_row> failed_operation_repository::list(const std::string& status, int limit) {
  return db_->with_session([&](soci::session& s) {
    std::vector<failed_operation_row> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT CAST(id AS TEXT), stage, operation, " + db_->json_out("payload") +
                          ", error, error_kind, attempts, status FROM failed_operations WHERE status = :s "
                          "ORDER BY created_at LIMIT :n",
         soci::use(status), soci::use(limit));
    for (const auto& row : rs) {
      failed_operation_row r;
      r.id = col_text(row, 0);
      r.stage = col_text(row, 1);
      r.operation = col_text(row, 2);
      r.payload_json = col_text(row, 3);
      r.error = col_text(row, 4);
      r.error_kind = col_text(row, 5);
      r.attempts = static_cast<int>(col_int(row, 6));
      r.status = col_text(row, 7);
      out.push_back(std::move(r));
    }
    return out;
  });
}

void failed_operation_repository::set_status(const std::string& id, const std::string& status, int attempts,
                                             const std::string& error) {
  db_->with_session([&](soci::session& s) {
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    if (error.empty())
      s << "UPDATE failed_operations SET status = :s, attempts = :a, updated_at = " + db_->ts_in(":u") +
               " WHERE id = :id",
          soci::use(status), soci::use(attempts), soci::use(now), soci::use(id);
    else
      s << "UPDATE failed_operations SET status = :s, attempts = :a, error = :e, updated_at = " + db_->ts_in(":u") +
               " WHERE id = :id",
          soci::use(status), soci::use(attempts), soci::use(error), soci::use(now), soci::use(id);
  });
}

std::int64_t failed_operation_repository::count(const std::string& status) {
  return db_->with_session([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM failed_operations WHERE status = :s", soci::use(status), soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::vector<std::pair<std::string, std::int64_t>> failed_operation_repository::count_by_stage(const std::string& status) {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT stage, COUNT(*) FROM failed_operations WHERE status = :s GROUP BY stage ORDER BY stage",
         soci::use(status));
    for (const auto& row : rs) out.emplace_back(col_text(row, 0), col_int(row, 1));
    return out;
  });
}

}  // namespace jobpilot::storage
