#include "storage/raw_collection_repository.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"

#include <soci/soci.h>

namespace jobpilot::storage {

namespace {

// Bodies go into a text column: verbatim when they are valid UTF-8 without NUL
// (the normal case), base64 otherwise, so invalid bytes from a broken reply survive.
bool storable_verbatim(const std::string& body) {
  return body.find('\0') == std::string::npos && core::is_valid_utf8(body);
}

// PostgreSQL's jsonb refuses \u0000; such a body stays only in raw_body.
bool storable_as_json(const raw_collection_row& r) {
  return r.body_is_json && storable_verbatim(r.body) && r.body.find("\\u0000") == std::string::npos;
}

}  // namespace

raw_collection_repository::raw_collection_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

void raw_collection_repository::insert(const raw_collection_row& r) {
  db_->with_session([&](soci::session& s) {
    // The body is bound as it is (a reply can be tens of MB): only a base64 form is a new string.
    const bool verbatim = storable_verbatim(r.body);
    const std::string encoded = verbatim ? std::string() : core::base64_encode(r.body);
    const std::string& raw_body = verbatim ? r.body : encoded;
    std::string encoding = verbatim ? "identity" : "base64";
    std::string sha = r.body_sha256.empty() ? core::sha256_hex(r.body) : r.body_sha256;
    long long bytes = static_cast<long long>(r.body.size());
    // PostgreSQL also keeps the seed's JSONB copy; SQLite would only store the same text twice.
    const bool as_json = storable_as_json(r) && db_->kind() == dialect::postgresql;
    const std::string& raw_response = as_json ? r.body : encoding;  // any string: NULL when !as_json
    soci::indicator resp_ind = as_json ? soci::i_ok : soci::i_null;
    int is_json = r.body_is_json ? 1 : 0;
    soci::indicator req_ind = r.request_id.empty() ? soci::i_null : soci::i_ok;
    soci::indicator err_ind = r.error_info_json.empty() ? soci::i_null : soci::i_ok;
    soci::indicator meta_ind = r.metadata_json.empty() ? soci::i_null : soci::i_ok;
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    write_transaction tr(*db_, s);
    s << "INSERT INTO raw_job_collections (collection_id, request_id, timestamp, api_provider, endpoint, "
         "query_params, query_hash, raw_response, body_is_json, body_sha256, body_bytes, "
         "http_status, metadata, processing_status, error_info, file_path, attempt, created_at, updated_at) VALUES "
         "(:id, :req, " + db_->ts_in(":ts") + ", :prov, :ep, " + db_->json_in(":qp") + ", :qh, " +
             db_->json_in(":resp") + ", " + (db_->kind() == dialect::postgresql ? "CAST(:isjson AS BOOLEAN)" : ":isjson") +
             ", :sha, :bytes, :status, " + db_->json_in(":meta") + ", :pstatus, " + db_->json_in(":err") +
             ", :path, :attempt, " + db_->ts_in(":c") + ", " + db_->ts_in(":u") + ")",
        soci::use(r.collection_id), soci::use(r.request_id, req_ind), soci::use(r.timestamp),
        soci::use(r.api_provider), soci::use(r.endpoint), soci::use(r.query_params_json), soci::use(r.query_hash),
        soci::use(raw_response, resp_ind), soci::use(is_json), soci::use(sha), soci::use(bytes),
        soci::use(r.http_status), soci::use(r.metadata_json, meta_ind), soci::use(r.processing_status),
        soci::use(r.error_info_json, err_ind), soci::use(r.file_path), soci::use(r.attempt), soci::use(now),
        soci::use(now);
    s << "INSERT INTO raw_collection_bodies (collection_id, raw_body, raw_body_encoding) VALUES (:id, :body, :enc)",
        soci::use(r.collection_id), soci::use(raw_body), soci::use(encoding);
    tr.commit();
  });
}

bool raw_collection_repository::exists(const std::string& id) {
  return db_->with_session([&](soci::session& s) {
    int n = 0;
    s << "SELECT COUNT(*) FROM raw_job_collections WHERE collection_id = :id", soci::use(id), soci::into(n);
    return n > 0;
  });
}

std::optional<raw_collection_row> raw_collection_repository::get(const std::string& id) {
  return db_->with_session([&](soci::session& s) -> std::optional<raw_collection_row> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT r.collection_id, r.request_id, " + db_->ts_out("r.timestamp") +
                          ", r.api_provider, r.endpoint, " + db_->json_out("r.query_params") +
                          ", r.query_hash, b.raw_body, b.raw_body_encoding, r.http_status, " +
                          db_->json_out("r.metadata") + ", r.processing_status, " + db_->json_out("r.error_info") +
                          ", r.file_path, r.attempt, CASE WHEN r.body_is_json THEN 1 ELSE 0 END, r.body_sha256 "
                          "FROM raw_job_collections r LEFT JOIN raw_collection_bodies b ON b.collection_id = "
                          "r.collection_id WHERE r.collection_id = :id",
         soci::use(id));
    for (const auto& row : rs) {
      auto text = [&](std::size_t i) { return col_text(row, i); };
      raw_collection_row r;
      r.collection_id = text(0);
      r.request_id = text(1);
      r.timestamp = text(2);
      r.api_provider = text(3);
      r.endpoint = text(4);
      r.query_params_json = text(5);
      r.query_hash = text(6);
      std::string body = text(7);
      r.body_sha256 = text(16);
      if (text(8) == "base64") {
        r.body_intact = core::base64_decode(body, r.body);
      } else {
        r.body = std::move(body);
      }
      if (r.body_intact && !r.body_sha256.empty()) r.body_intact = core::sha256_hex(r.body) == r.body_sha256;
      r.http_status = static_cast<int>(col_int(row, 9));
      r.metadata_json = text(10);
      r.processing_status = text(11);
      r.error_info_json = text(12);
      r.file_path = text(13);
      r.attempt = static_cast<int>(col_int(row, 14));
      r.body_is_json = col_int(row, 15) != 0;
      return r;
    }
    return std::nullopt;
  });
}

std::vector<std::pair<std::string, std::int64_t>> raw_collection_repository::count_by_status() {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT processing_status, COUNT(*) FROM raw_job_collections "
                                               "GROUP BY processing_status ORDER BY processing_status");
    for (const auto& row : rs) {
      out.emplace_back(col_text(row, 0), col_int(row, 1));
    }
    return out;
  });
}

std::optional<std::string> raw_collection_repository::find_cached(const std::string& query_hash,
                                                                   const std::string& since_iso) {
  return db_->with_session([&](soci::session& s) -> std::optional<std::string> {
    std::string id;
    soci::indicator ind = soci::i_null;
    s << "SELECT collection_id FROM raw_job_collections WHERE query_hash = :h AND timestamp >= " +
             db_->ts_in(":since") + " AND processing_status <> 'failed' ORDER BY timestamp DESC LIMIT 1",
        soci::use(query_hash), soci::use(since_iso), soci::into(id, ind);
    if (ind != soci::i_ok || !s.got_data()) return std::nullopt;
    return id;
  });
}

std::vector<raw_collection_summary> raw_collection_repository::list_recent(int limit) {
  return db_->with_session([&](soci::session& s) {
    std::vector<raw_collection_summary> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT collection_id, " + db_->ts_out("timestamp") + ", endpoint, " +
                          db_->json_out("query_params") + ", processing_status, http_status, body_bytes, " +
                          db_->json_out("metadata") + ", " + db_->json_out("error_info") +
                          ", file_path FROM raw_job_collections ORDER BY timestamp DESC, collection_id LIMIT :n",
         soci::use(limit));
    for (const auto& row : rs) {
      auto text = [&](std::size_t i) { return col_text(row, i); };
      raw_collection_summary r;
      r.collection_id = text(0);
      r.timestamp = text(1);
      r.endpoint = text(2);
      r.query_params_json = text(3);
      r.processing_status = text(4);
      r.http_status = static_cast<int>(col_int(row, 5));
      r.body_bytes = col_int(row, 6);
      r.metadata_json = text(7);
      r.error_info_json = text(8);
      r.file_path = text(9);
      out.push_back(std::move(r));
    }
    return out;
  });
}

std::int64_t raw_collection_repository::count_unfinished() {
  return db_->with_session([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status IN "
         "('pending', 'processed', 'embedded', 'deduped')",
        soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::optional<double> raw_collection_repository::oldest_unfinished_age_seconds() {
  auto oldest = db_->with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT " + db_->ts_out("MIN(timestamp)") +
                                                   " FROM raw_job_collections WHERE processing_status IN "
                                                   "('pending', 'processed', 'embedded', 'deduped')");
    for (const auto& r : rs) return col_text(r, 0);
    return std::string();
  });
  if (oldest.empty()) return std::nullopt;
  auto t = core::parse_iso8601_utc(oldest);
  if (!t) return std::nullopt;
  return std::max(0.0, std::chrono::duration<double>(std::chrono::system_clock::now() - *t).count());
}

std::vector<std::string> raw_collection_repository::all_ids() {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::string> out;
    soci::rowset<std::string> rs = (s.prepare << "SELECT CAST(collection_id AS TEXT) FROM raw_job_collections");
    for (const auto& id : rs) out.push_back(id);
    return out;
  });
}

}  // namespace jobpilot::storage
