// failed_operations: dead letters (stage, payload, error, attempts) that reprocess can replay.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {

class database;

struct failed_operation_row {
  std::string id;
  std::string stage;       ///< collector, processor, embedder, deduper, loader
  std::string operation;   ///< e.g. "collect"
  std::string payload_json;
  std::string error;
  std::string error_kind;
  int attempts = 0;
  std::string status = "pending";
};

class failed_operation_repository {
public:
  explicit failed_operation_repository(std::shared_ptr<database> db);
  void record(const failed_operation_row& row);
  std::vector<failed_operation_row> list(const std::string& status, int limit);
  std::int64_t count(const std::string& status);

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
