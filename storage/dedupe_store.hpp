// What the deduper reads and writes, one round at a time: each round is one write transaction that
// holds the global dedupe lock (PostgreSQL: an advisory transaction lock; SQLite: the writer lock),
// so however many processes dedupe, postings are decided one after another in one global order
// (the collections' (timestamp, id) order, jobs by index) and every process's index can replay it.
#pragma once

#include "storage/processing_repository.hpp"

#include <cstdint>
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

/// A posting whose decision is stored: what a dedupe index replays, in dedupe order.
struct decided_posting {
  std::int64_t seq = 0;
  int job_index = 0;
  std::string processed_data_json;
  std::vector<float> embedding;
  std::string duplicate_of;  ///< the canonical enhanced_jobs.id
  std::string reason;        ///< core::dedupe_reason as text
};

/// The collections a round may decide now, and what holds the rest back.
struct ready_collections {
  std::vector<std::string> ids;         ///< embedded, with nothing unfinished before them
  std::optional<std::string> blocked_by;  ///< the first earlier collection not yet embedded
};

class dedupe_round {
public:
  dedupe_round(database& db, soci::session& s) : db_(db), s_(s) {}
  /// Every posting decided after `seq` (by any process), in dedupe order.
  std::vector<decided_posting> decided_after(std::int64_t seq);
  std::int64_t last_seq();
  ready_collections ready(std::size_t limit);
  std::vector<processed_job_row> rows(const std::string& processing_id);
  /// Stores one collection's decisions under `seq` and moves it from embedded to deduped.
  void record(const std::string& collection_id, const std::string& processing_id, std::int64_t seq,
              const std::vector<dedupe_update>& updates);

private:
  database& db_;
  soci::session& s_;
};

class dedupe_store {
public:
  explicit dedupe_store(std::shared_ptr<database> db);
  /// Runs `fn` in one write transaction holding the global dedupe lock; commits when it returns.
  void in_round(const std::function<void(dedupe_round&)>& fn);
  /// Reads every stored decision (the index rebuild at start), outside any round.
  std::vector<decided_posting> all_decided();

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
