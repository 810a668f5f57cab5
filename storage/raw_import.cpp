#include "storage/raw_import.hpp"

#include "storage/atomic_file.hpp"
#include "storage/database.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/raw_file_store.hpp"

#include <boost/json.hpp>

namespace jobpilot::storage {

namespace {

std::string text(const boost::json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string json_text(const boost::json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && !v->is_null() ? boost::json::serialize(*v) : std::string();
}

}  // namespace

import_report import_file_only_collections(const std::shared_ptr<database>& db, const raw_file_store& files) {
  import_report report;
  raw_collection_repository raws(db);
  for (const auto& body_path : files.list_bodies()) {
    auto name = body_path.filename().string();  // jsearch_<id>.json
    auto id = name.substr(8, name.size() - 8 - 5);
    if (raws.exists(id)) continue;
    auto meta_text = read_whole_file(raw_file_store::meta_path_for(body_path));
    auto body = read_whole_file(body_path);
    if (!meta_text || !body) {
      report.errors.push_back(body_path.string() + ": body or metadata file unreadable");
      continue;
    }
    boost::json::error_code ec;
    auto meta = boost::json::parse(*meta_text, ec);
    if (ec || !meta.is_object()) {
      report.errors.push_back(body_path.string() + ": metadata is not a JSON object");
      continue;
    }
    const auto& m = meta.as_object();
    raw_collection_row row;
    row.collection_id = id;
    row.request_id.clear();  // its collection_requests row may be lost with the database
    row.timestamp = text(m, "timestamp");
    row.api_provider = text(m, "api_provider").empty() ? "jsearch" : text(m, "api_provider");
    row.endpoint = text(m, "endpoint");
    row.query_params_json = json_text(m, "query_params");
    row.query_hash = text(m, "query_hash");
    row.body = std::move(*body);
    row.processing_status = text(m, "processing_status").empty() ? "pending" : text(m, "processing_status");
    row.body_is_json = row.processing_status != "failed";
    row.metadata_json = json_text(m, "metadata");
    if (auto* md = m.if_contains("metadata"); md && md->is_object()) {
      if (auto* hs = md->as_object().if_contains("http_status"); hs && hs->is_int64())
        row.http_status = static_cast<int>(hs->as_int64());
      if (auto* at = md->as_object().if_contains("attempt"); at && at->is_int64())
        row.attempt = static_cast<int>(at->as_int64());
    }
    row.error_info_json = json_text(m, "error_info");
    row.file_path = body_path.string();
    if (row.timestamp.empty() || row.query_params_json.empty()) {
      report.errors.push_back(body_path.string() + ": metadata lacks timestamp or query_params");
      continue;
    }
    try {
      raws.insert(row);
      ++report.imported;
    } catch (const storage_error& e) {
      report.errors.push_back(body_path.string() + ": " + e.what());
    }
  }
  return report;
}

}  // namespace jobpilot::storage
