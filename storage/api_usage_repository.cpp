#include "storage/api_usage_repository.hpp"

#include "storage/database.hpp"
#include "storage/row_access.hpp"

namespace jobpilot::storage {

namespace {

std::string select_columns(const database& db) {
  return "SELECT " + db.ts_out("recorded_at") +
         ", endpoint, collection_id, http_status, outcome, calls_used, requests_limit, requests_remaining, "
         "requests_reset_seconds, response_ms FROM api_usage";
}

api_usage_row read_row(const soci::row& row) {
  api_usage_row r;
  r.recorded_at = col_text(row, 0);
  r.endpoint = col_text(row, 1);
  r.collection_id = col_text(row, 2);
  r.http_status = static_cast<int>(col_int(row, 3));
  r.outcome = col_text(row, 4);
  r.calls_used = static_cast<int>(col_int(row, 5));
  r.requests_limit = col_opt_int(row, 6);
  r.requests_remaining = col_opt_int(row, 7);
  r.requests_reset_seconds = col_opt_int(row, 8);
  r.response_ms = col_int(row, 9);
  return r;
}

}  // namespace

api_usage_repository::api_usage_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

void api_usage_repository::record(const api_usage_row& r) {
  db_->with_session([&](soci::session& s) {
    long long limit = r.requests_limit.value_or(0), remaining = r.requests_remaining.value_or(0),
              reset = r.requests_reset_seconds.value_or(0), ms = r.response_ms;
    soci::indicator li = r.requests_limit ? soci::i_ok : soci::i_null;
    soci::indicator ri = r.requests_remaining ? soci::i_ok : soci::i_null;
    soci::indicator si = r.requests_reset_seconds ? soci::i_ok : soci::i_null;
    soci::indicator ci = r.collection_id.empty() ? soci::i_null : soci::i_ok;
    s << "INSERT INTO api_usage (recorded_at, endpoint, collection_id, http_status, outcome, calls_used, "
         "requests_limit, requests_remaining, requests_reset_seconds, response_ms) VALUES (" +
             db_->ts_in(":t") + ", :ep, :cid, :hs, :oc, :cu, :l, :r, :s, :ms)",
        soci::use(r.recorded_at), soci::use(r.endpoint), soci::use(r.collection_id, ci), soci::use(r.http_status),
        soci::use(r.outcome), soci::use(r.calls_used), soci::use(limit, li), soci::use(remaining, ri),
        soci::use(reset, si), soci::use(ms);
  });
}

quota_ledger api_usage_repository::ledger() {
  return db_->with_session([&](soci::session& s) {
    quota_ledger l;
    long long total = 0;
    soci::indicator ind = soci::i_null;
    s << "SELECT SUM(calls_used) FROM api_usage", soci::into(total, ind);
    l.calls_recorded = ind == soci::i_ok ? total : 0;
    soci::rowset<soci::row> rs = (s.prepare << select_columns(*db_) +
                                                   " WHERE requests_remaining IS NOT NULL ORDER BY id DESC LIMIT 1");
    for (const auto& row : rs) l.latest_with_headers = read_row(row);
    soci::rowset<soci::row> q = (s.prepare << select_columns(*db_) +
                                                  " WHERE outcome = 'quota_exhausted' ORDER BY id DESC LIMIT 1");
    for (const auto& row : q) l.latest_quota_exhausted = read_row(row);
    return l;
  });
}

std::vector<std::pair<std::string, std::int64_t>> api_usage_repository::calls_by_outcome() {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT outcome, SUM(calls_used) FROM api_usage GROUP BY outcome ORDER BY outcome");
    for (const auto& row : rs) out.emplace_back(col_text(row, 0), col_int(row, 1));
    return out;
  });
}

std::vector<api_usage_row> api_usage_repository::all() {
  return db_->with_session([&](soci::session& s) {
    std::vector<api_usage_row> out;
    soci::rowset<soci::row> rs = (s.prepare << select_columns(*db_) + " ORDER BY id");
    for (const auto& row : rs) out.push_back(read_row(row));
    return out;
  });
}

}  // namespace jobpilot::storage
