// failed_operations: dead letters (stage, payload, error, attempts) that reprocess can replay.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace soci {
class session;
}

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

/// The same insert on a session the caller holds (inside its transaction).
void insert_failed_operation(database& db, soci::session& s, const failed_operation_row& row);

class failed_operation_repository {
public:
  explicit failed_operation_repository(std::shared_ptr<database> db);
  void record(const failed_operation_row& row);
  std::vector<failed_operation_row> list(const std::string& status, int limit);
  std::int64_t count(const std::string& status);
  /// (stage, rows) of the given status.
  std::vector<std::pair<std::string, std::int64_t>> count_by_stage(const std::string& status);
  /// pending -> retrying -> resolved (or back to pending with the new error and attempts).
  void set_status(const std::string& id, const std::string& status, int attempts, const std::string& error);

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
