#include "storage/collection_request_repository.hpp"

#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"

namespace jobpilot::storage {

collection_request_repository::collection_request_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

void collection_request_repository::insert(const collection_request_row& r) {
  db_->with_session([&](soci::session& s) {
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    soci::indicator err_ind = r.last_error.empty() ? soci::i_null : soci::i_ok;
    soci::indicator owner_ind = r.claimed_by.empty() ? soci::i_null : soci::i_ok;
    s << "INSERT INTO collection_requests (request_id, strategy, endpoint, query_params, query_hash, priority, "
         "status, attempts, max_attempts, last_error, claimed_by, created_at, updated_at) VALUES (:id, :st, :ep, " +
             db_->json_in(":qp") + ", :qh, :prio, :status, :att, :max, :err, :owner, " + db_->ts_in(":c") + ", " +
             db_->ts_in(":u") + ")",
        soci::use(r.request_id), soci::use(r.strategy), soci::use(r.endpoint), soci::use(r.query_params_json),
        soci::use(r.query_hash), soci::use(r.priority), soci::use(r.status), soci::use(r.attempts),
        soci::use(r.max_attempts), soci::use(r.last_error, err_ind), soci::use(r.claimed_by, owner_ind),
        soci::use(now), soci::use(now);
  });
}

void collection_request_repository::update(const std::string& id, const std::string& status, int attempts,
                                           const std::string& last_error) {
  db_->with_session([&](soci::session& s) {
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    soci::indicator err_ind = last_error.empty() ? soci::i_null : soci::i_ok;
    s << "UPDATE collection_requests SET status = :st, attempts = :a, last_error = :e, updated_at = " +
             db_->ts_in(":u") + " WHERE request_id = :id",
        soci::use(status), soci::use(attempts), soci::use(last_error, err_ind), soci::use(now), soci::use(id);
  });
}

std::optional<collection_request_row> collection_request_repository::get(const std::string& id) {
  return db_->with_session([&](soci::session& s) -> std::optional<collection_request_row> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT request_id, strategy, endpoint, " + db_->json_out("query_params") +
                          ", query_hash, priority, status, attempts, max_attempts, last_error "
                          "FROM collection_requests WHERE request_id = :id",
         soci::use(id));
    for (const auto& row : rs) {
      collection_request_row r;
      r.request_id = col_text(row, 0);
      r.strategy = col_text(row, 1);
      r.endpoint = col_text(row, 2);
      r.query_params_json = col_text(row, 3);
      r.query_hash = col_text(row, 4);
      r.priority = static_cast<int>(col_int(row, 5));
      r.status = col_text(row, 6);
      r.attempts = static_cast<int>(col_int(row, 7));
      r.max_attempts = static_cast<int>(col_int(row, 8));
      r.last_error = col_text(row, 9);
      return r;
    }
    return std::nullopt;
  });
}

std::vector<std::pair<std::string, std::int64_t>> collection_request_repository::count_by_status() {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT status, COUNT(*) FROM collection_requests GROUP BY status ORDER BY status");
    for (const auto& row : rs) out.emplace_back(col_text(row, 0), col_int(row, 1));
    return out;
  });
}

}  // namespace jobpilot::storage
