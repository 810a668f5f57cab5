#include "storage/raw_import.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/atomic_file.hpp"
#include "storage/database.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/raw_file_store.hpp"

#include <boost/json.hpp>

#include <unordered_set>

namespace jobpilot::storage {

namespace {

namespace json = boost::json;

std::string text(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string json_text(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && !v->is_null() ? json::serialize(*v) : std::string();
}

// The row a meta file describes.
std::optional<raw_collection_row> row_from_meta(const json::object& m, std::string& why) {
  raw_collection_row row;
  row.timestamp = text(m, "timestamp");
  row.api_provider = text(m, "api_provider").empty() ? "jsearch" : text(m, "api_provider");
  row.endpoint = text(m, "endpoint");
  row.query_params_json = json_text(m, "query_params");
  row.query_hash = text(m, "query_hash");
  row.processing_status = text(m, "processing_status") == "failed" ? "failed" : "pending";
  row.body_is_json = row.processing_status != "failed";
  row.metadata_json = json_text(m, "metadata");
  if (auto* md = m.if_contains("metadata"); md && md->is_object()) {
    if (auto* hs = md->as_object().if_contains("http_status"); hs && hs->is_int64())
      row.http_status = static_cast<int>(hs->as_int64());
    if (auto* at = md->as_object().if_contains("attempt"); at && at->is_int64())
      row.attempt = static_cast<int>(at->as_int64());
  }
  row.error_info_json = json_text(m, "error_info");
  if (row.timestamp.empty() || row.query_params_json.empty()) {
    why = "metadata lacks timestamp or query_params";
    return std::nullopt;
  }
  return row;
}

// The row of a body whose meta file is gone: what the reply itself says.
raw_collection_row row_from_body(const std::string& id, const std::filesystem::path& path, const std::string& body) {
  raw_collection_row row;
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(path, ec);
  auto when = ec ? std::chrono::system_clock::now()
                 : std::chrono::system_clock::now() +
                       std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           mtime - std::filesystem::file_time_type::clock::now());
  row.timestamp = core::iso8601_utc(std::chrono::time_point_cast<std::chrono::milliseconds>(when));
  row.endpoint = "search";
  json::object params{{"unknown_request", true}};
  json::error_code jec;
  auto parsed = json::parse(body, jec);
  if (!jec && parsed.is_object())
    if (auto* p = parsed.as_object().if_contains("parameters"); p && p->is_object())
      for (const auto& [k, v] : p->as_object()) params[k] = v;
  row.query_params_json = json::serialize(params);
  row.query_hash = core::sha256_hex("no-cache:" + id);  // matches no request
  row.processing_status = "pending";
  row.body_is_json = !jec;
  row.metadata_json = json::serialize(json::object{{"imported_without_meta", true}, {"body_bytes", body.size()}});
  return row;
}

}  // namespace

import_report import_file_only_collections(const std::shared_ptr<database>& db, const raw_file_store& files,
                                           const raw_file_store* spool) {
  import_report report;
  raw_collection_repository raws(db);
  std::unordered_set<std::string> known;
  for (auto& id : raws.all_ids()) known.insert(std::move(id));

  auto import_one = [&](const std::filesystem::path& body_path, bool spooled) {
    const auto id = raw_file_store::collection_id_of(body_path);
    if (id.empty() || known.count(id)) return;
    if (!core::is_uuid(id)) {
      report.errors.push_back(body_path.string() + ": the name holds no collection id (a UUID)");
      return;
    }
    auto body = read_whole_file(body_path);
    if (!body) {
      report.errors.push_back(body_path.string() + ": cannot read the body");
      return;
    }
    const auto meta_path = raw_file_store::meta_path_for(body_path);
    auto meta_text = read_whole_file(meta_path);
    std::optional<raw_collection_row> row;
    std::string why;
    if (meta_text) {
      json::error_code ec;
      auto meta = json::parse(*meta_text, ec);
      if (ec || !meta.is_object())
        why = "metadata is not a JSON object";
      else
        row = row_from_meta(meta.as_object(), why);
    }
    if (!row) {
      row = row_from_body(id, body_path, *body);
      ++report.without_meta;
    }
    row->collection_id = id;
    row->request_id.clear();  // its collection_requests row may be lost with the database
    row->body = std::move(*body);
    row->file_path = body_path.string();
    if (spooled) {
      // Back into the data dir when it has room again; else the row points into the spool.
      try {
        auto when = core::parse_iso8601_utc(row->timestamp).value_or(std::chrono::system_clock::now());
        auto moved = files.write(id, when, row->body, meta_text.value_or("{}"));
        row->file_path = moved.string();
        std::error_code ec;
        std::filesystem::remove(body_path, ec);
        std::filesystem::remove(meta_path, ec);
      } catch (const storage_error&) {
      }
    }
    try {
      raws.insert(*row);
      known.insert(id);
      ++report.imported;
      if (spooled) ++report.from_spool;
    } catch (const storage_error& e) {
      report.errors.push_back(body_path.string() + ": " + e.what());
    }
  };
  if (spool)
    for (const auto& p : spool->list_bodies()) import_one(p, true);
  for (const auto& p : files.list_bodies()) import_one(p, false);
  return report;
}

}  // namespace jobpilot::storage
