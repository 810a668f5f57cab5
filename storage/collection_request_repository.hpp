// collection_requests: the durable queue of requested JSearch calls (pending, running, done, failed).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jobpilot::storage {

class database;

struct collection_request_row {
  std::string request_id;
  std::string strategy = "on_demand";
  std::string endpoint = "search";
  std::string query_params_json;
  std::string query_hash;
  int priority = 0;
  std::string status = "pending";
  int attempts = 0;
  int max_attempts = 3;
  std::string last_error;
  std::string claimed_by;  ///< the process running it (storage::this_process_owner())
};

class collection_request_repository {
public:
  explicit collection_request_repository(std::shared_ptr<database> db);
  void insert(const collection_request_row& row);
  void update(const std::string& request_id, const std::string& status, int attempts, const std::string& last_error);
  std::optional<collection_request_row> get(const std::string& request_id);
  std::vector<std::pair<std::string, std::int64_t>> count_by_status();

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
