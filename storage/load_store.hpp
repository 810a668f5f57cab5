// What the loader reads and writes. Each round is one write transaction that holds the global load
// lock (PostgreSQL: an advisory transaction lock; SQLite: the writer lock) and loads the deduped
// collection that comes first in the dedupe order, so every process loads in one order and a job
// seen in several collections ends up written by the last of them, as in an uninterrupted run.
#pragma once

#include "core/stage_machine.hpp"
#include "storage/job_repository.hpp"
#include "storage/processing_repository.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace jobpilot::storage {

class database;

class load_round {
public:
  load_round(database& db, soci::session& s) : db_(db), s_(s) {}
  /// The deduped collection first in dedupe order, if any.
  std::optional<std::string> next_collection();
  std::vector<processed_job_row> rows(const std::string& processing_id);
  /// Writes a batch under a savepoint. False (and the batch undone, the transaction still usable)
  /// when the database refuses it; a transient failure (the connection, the disk) throws.
  bool try_write(const load_batch& batch, load_counts& counts, std::string& error);
  /// Jobs of the processing that failed the transform (job_processing_log.jobs_failed).
  int transform_failures(const std::string& processing_id);
  /// A row that could not be loaded on its own: marked failed, with a dead letter (a replayed one
  /// that failed again gets its attempts counted instead of a second letter).
  void dead_letter(const std::string& collection_id, const std::string& processing_id, int job_index,
                   const std::string& error);
  /// Replayed loader dead letters of this processing whose rows are loaded now: resolved.
  int resolve_dead_letters(const std::string& processing_id);
  /// Ends the collection: deduped -> loaded or partial (with `reason`).
  void finish(const std::string& collection_id, core::collection_status status, const std::string& reason);

private:
  database& db_;
  soci::session& s_;
};

class load_store {
public:
  explicit load_store(std::shared_ptr<database> db);
  /// Runs `fn` in one write transaction holding the global load lock; commits when it returns.
  void in_round(const std::function<void(load_round&)>& fn);

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
