// api_usage: the quota ledger. One row per JSearch call that reached the server,
// with the RapidAPI rate-limit headers of its reply.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jobpilot::storage {

class database;

struct api_usage_row {
  std::string recorded_at;  ///< ISO-8601 UTC
  std::string endpoint;
  std::string collection_id;  ///< empty = NULL
  int http_status = 0;
  std::string outcome;        ///< core::call_outcome as text
  int calls_used = 1;
  std::optional<std::int64_t> requests_limit;
  std::optional<std::int64_t> requests_remaining;
  std::optional<std::int64_t> requests_reset_seconds;
  std::int64_t response_ms = 0;
};

struct quota_ledger {
  std::int64_t calls_recorded = 0;           ///< sum of calls_used over every row
  std::optional<api_usage_row> latest_with_headers;  ///< newest row that carried quota headers
  std::optional<api_usage_row> latest_quota_exhausted;  ///< newest monthly-quota 429
};

class api_usage_repository {
public:
  explicit api_usage_repository(std::shared_ptr<database> db);
  void record(const api_usage_row& row);
  quota_ledger ledger();
  std::vector<std::pair<std::string, std::int64_t>> calls_by_outcome();
  std::vector<api_usage_row> all();  ///< oldest first (tests, audits)

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
