// The PIPELINE: the root supervisor that owns the five stages and the recovery sweep, and carries a
// command's work through them by id. One request per command (collect, process, reprocess, run --once;
// later the scheduler and the HTTP API send the same).
#pragma once

#include "messages/atoms.hpp"
#include "messages/collector.hpp"
#include "messages/recovery.hpp"

#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::messages {

struct run_request {
  std::vector<collect_request> pages;  ///< bought in order per search; one search after another page
  bool process = false;                ///< take every unfinished collection (and the new ones) to the end
  sweep_request sweep;
};

struct run_report {
  // collection
  std::int32_t pages_requested = 0, pages_stored = 0, pages_cached = 0, pages_failed = 0, pages_skipped = 0;
  std::int32_t api_calls = 0;
  std::vector<collect_result> pages;   ///< in the order they finished
  core::collect_stop stop = core::collect_stop::none;  ///< why collection stopped early
  std::string stop_message;
  // processing
  std::int32_t collections = 0, collections_loaded = 0, collections_partial = 0, collections_failed = 0;
  std::int32_t jobs_processed = 0, jobs_failed = 0, not_embedded = 0, embedded_later = 0, dead_letters = 0;
  std::int64_t jobs_new = 0, jobs_updated = 0, postings_new = 0;
  std::vector<std::string> failures;   ///< "<collection id>: <reason>" of failed and partial collections
  sweep_report sweep;
  std::string fatal;                   ///< a stage gave up or the database stayed away: the run ended early
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_request& x) {
  return f(caf::meta::type_name("jobpilot::run_request"), x.pages, x.process, x.sweep);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_report& x) {
  return f(caf::meta::type_name("jobpilot::run_report"), x.pages_requested, x.pages_stored, x.pages_cached,
           x.pages_failed, x.pages_skipped, x.api_calls, x.pages, x.stop, x.stop_message, x.collections,
           x.collections_loaded, x.collections_partial, x.collections_failed, x.jobs_processed, x.jobs_failed,
           x.not_embedded, x.embedded_later, x.dead_letters, x.jobs_new, x.jobs_updated, x.postings_new, x.failures,
           x.sweep, x.fatal);
}

bool operator==(const run_request& a, const run_request& b);
bool operator==(const run_report& a, const run_report& b);

/// The root of the supervision tree. It monitors every stage; a stage that gives up ends the run
/// with an error naming the stage and its last cause (and the pipeline quits with it).
using pipeline_actor = caf::typed_actor<caf::replies_to<atom::run, run_request>::with<run_report>>;

}  // namespace jobpilot::messages
