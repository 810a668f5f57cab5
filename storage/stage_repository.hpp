// The stage machine's rows: which raw collections are unfinished, who works on which (claims with
// an owner and a lease), and the fenced status change that ends a stage's transaction. Claims make
// several processes (later several nodes) safe: a stage commits only while its claim still holds.
#pragma once

#include "core/stage_machine.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace jobpilot::storage {

class database;

struct collection_state {
  std::string collection_id;
  core::collection_status status = core::collection_status::pending;
  std::string reason;      ///< status_reason: why partial or failed
  std::string claimed_by;  ///< empty when nobody holds it
};

/// What claim() found: the collection now, and whether this owner holds it.
struct claim_result {
  bool claimed = false;
  std::optional<collection_state> state;  ///< nullopt: no such collection
};

/// What a recovery sweep did with the work of processes that died on this host.
struct recovery_report {
  int claims_released = 0;
  int requests_interrupted = 0;  ///< collection requests left running: now failed, with a dead letter
};

class stage_repository {
public:
  /// `owner`: storage::this_process_owner() (tests pass their own); `lease`: how long a claim holds
  /// without its owner being known to be gone.
  stage_repository(std::shared_ptr<database> db, std::string owner, std::chrono::milliseconds lease);

  /// Claims a collection that is in `expected` for this owner: it must be free, ours already, held
  /// past its lease, or held by a process of this host that is gone.
  claim_result claim(const std::string& collection_id, core::collection_status expected);

  /// Every collection that is not final, in the global order (timestamp, id): what a sweep resumes.
  std::vector<collection_state> unfinished();

  std::optional<collection_state> state(const std::string& collection_id);
  std::vector<collection_state> states(const std::vector<std::string>& ids);

  /// Frees the claims of processes on this host that are gone, and fails the collection requests
  /// they left running (each with a collector dead letter, so they can be replayed).
  recovery_report recover_dead_owners();

  /// For reprocess: the collections go back to pending (their derived rows are replaced when the
  /// processor runs again). Collections a live owner holds are left alone; returns those reset.
  std::vector<std::string> reset_to_pending(const std::vector<std::string>& ids);

  /// A loader dead letter replayed: its row goes back to pending and a final collection back to
  /// deduped, so the loader takes it up again. False when the row or collection is not there.
  bool requeue_load(const std::string& collection_id, const std::string& processing_id, int job_index);

  /// Ids of the collections in one of `statuses`, oldest first.
  std::vector<std::string> ids_with_status(const std::vector<core::collection_status>& statuses);

  const std::string& owner() const { return owner_; }

private:
  std::shared_ptr<database> db_;
  std::string owner_;
  std::chrono::milliseconds lease_;
};

/// Inside a stage's write transaction: moves a collection this owner holds from `expected` to
/// `next` with `reason`, and frees the claim. Throws storage_error when the claim was lost (the
/// lease ran out and another process took the work): the caller's transaction must roll back.
void advance_claimed(database& db, soci::session& s, const std::string& owner, const std::string& collection_id,
                     core::collection_status expected, core::collection_status next, const std::string& reason);

/// The same without a claim, for the stages that work under the global dedupe or load lock.
void advance_locked(database& db, soci::session& s, const std::string& collection_id,
                    core::collection_status expected, core::collection_status next, const std::string& reason);

}  // namespace jobpilot::storage
