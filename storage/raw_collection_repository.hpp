// raw_job_collections: one row per JSearch call that reached the server, with the
// exact reply body, its query and the seed's metadata.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jobpilot::storage {

class database;

struct raw_collection_row {
  std::string collection_id;
  std::string request_id;          ///< collection_requests row, may be empty
  std::string timestamp;           ///< ISO-8601 UTC, when the call was made
  std::string api_provider = "jsearch";
  std::string endpoint;
  std::string query_params_json;
  std::string query_hash;
  std::string body;                ///< exact bytes as received (possibly partial on failure)
  bool body_is_json = false;       ///< also store it as raw_response (JSON column)
  int http_status = 0;
  std::string metadata_json;       ///< response_time_ms, job_count, api_calls_used, collection_strategy, ...
  std::string processing_status = "pending";
  std::string error_info_json;     ///< empty = NULL
  std::string file_path;
  int attempt = 1;
  std::string body_sha256;         ///< of the exact bytes; computed on insert when empty
  bool body_intact = true;         ///< get(): the stored body decodes and matches body_sha256
};

/// The list view: everything but the body.
struct raw_collection_summary {
  std::string collection_id;
  std::string timestamp;
  std::string endpoint;
  std::string query_params_json;
  std::string processing_status;
  int http_status = 0;
  std::int64_t body_bytes = 0;
  std::string metadata_json;
  std::string error_info_json;
  std::string file_path;
};

class raw_collection_repository {
public:
  explicit raw_collection_repository(std::shared_ptr<database> db);

  void insert(const raw_collection_row& row);
  /// Every collection id (the import sweep's "already known" set).
  std::vector<std::string> all_ids();
  bool exists(const std::string& collection_id);
  /// Full row with the body decoded back to its exact bytes. A body that does not decode or does not
  /// match its SHA-256 comes back with body_intact = false (the file copy may still be good).
  std::optional<raw_collection_row> get(const std::string& collection_id);
  std::vector<std::pair<std::string, std::int64_t>> count_by_status();
  /// Most recent successful collection of the same request made at or after `since_iso`.
  std::optional<std::string> find_cached(const std::string& query_hash, const std::string& since_iso);
  std::vector<raw_collection_summary> list_recent(int limit);
  /// Collections not yet through the pipeline (pending ... deduped): the collector's backlog.
  std::int64_t count_unfinished();
  /// Seconds since the oldest collection not yet through the pipeline was stored; nullopt when none.
  std::optional<double> oldest_unfinished_age_seconds();

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
