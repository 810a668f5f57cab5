// RECOVERY: the sweep every command runs before it works (DESIGN.md section 4): replies that only
// reached the file store or the spool are imported, claims of processes that died here are freed,
// collections chosen for reprocessing go back to pending, dead letters are queued again, and the
// unfinished collections are listed with the status they reached, for the pipeline to resume.
#pragma once

#include "messages/atoms.hpp"
#include "messages/collector.hpp"
#include "messages/stage_work.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::messages {

struct sweep_request {
  std::vector<std::string> reprocess_ids;  ///< back to pending first
  std::string reprocess_status;            ///< "", failed, partial or all
  bool dead_letters = false;               ///< queue loader dead letters again
  bool include_paid = false;               ///< ...and collector ones (each replay costs a call)
  bool list_unfinished = true;             ///< false for collect, which processes nothing
};

struct sweep_report {
  std::int32_t imported = 0;      ///< file-only replies imported
  std::int32_t from_spool = 0;
  std::int32_t without_meta = 0;
  std::vector<std::string> import_errors;
  std::int32_t claims_released = 0;
  std::int32_t requests_interrupted = 0;
  std::int32_t reset = 0;                  ///< collections put back to pending
  std::vector<std::string> not_reset;      ///< held by a live process (id: who)
  std::int32_t dead_letters_queued = 0;
  std::vector<collect_request> replays;    ///< collector dead letters to call again
  std::vector<collection_progress> unfinished;  ///< in the global order
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sweep_request& x) {
  return f(caf::meta::type_name("jobpilot::sweep_request"), x.reprocess_ids, x.reprocess_status, x.dead_letters,
           x.include_paid, x.list_unfinished);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sweep_report& x) {
  return f(caf::meta::type_name("jobpilot::sweep_report"), x.imported, x.from_spool, x.without_meta, x.import_errors,
           x.claims_released, x.requests_interrupted, x.reset, x.not_reset, x.dead_letters_queued, x.replays,
           x.unfinished);
}

bool operator==(const sweep_request& a, const sweep_request& b);
bool operator==(const sweep_report& a, const sweep_report& b);

/// One detached actor (it blocks on files and the database).
using recovery_actor = caf::typed_actor<caf::replies_to<atom::sweep, sweep_request>::with<sweep_report>>;

}  // namespace jobpilot::messages
