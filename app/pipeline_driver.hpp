// Drives work through the actors for the commands: pages through the collector,
// stored collections through the pipeline; shows progress; builds the run summary.
#pragma once

#include "actors/collection_runner.hpp"
#include "app/runtime.hpp"
#include "messages/collector.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace caf {
class actor_system;
}

namespace jobpilot::app {

/// Sends the requests at most `window` at a time; stops sending after an empty page, a
/// spent quota or a refused key (they will not get better). Results in arrival order.
std::vector<messages::collect_result> collect_pages(caf::actor_system& sys, const messages::collector_actor& collector,
                                                    const std::vector<messages::collect_request>& requests,
                                                    int window);

struct pipeline_report {
  int collections = 0;
  int collections_failed = 0;  ///< could not be processed at all
  int jobs_processed = 0;
  int jobs_failed = 0;
  int jobs_new = 0;            ///< canonical jobs this run added
  int jobs_updated = 0;        ///< existing canonical jobs this run wrote again (same JSearch job id)
  int postings_new = 0;        ///< job_sources rows this run added (new JSearch job ids)
  std::vector<std::string> errors;
  double seconds = 0;
};

/// Runs the given collections through processor, embedder, deduper and loader, then
/// embeds jobs that were loaded without a vector. Progress goes to stderr.
pipeline_report process_collections(runtime& rt, const std::vector<std::string>& collection_ids);

/// The summary of a run: this run's figures plus the database totals.
void print_pipeline_summary(runtime& rt, const pipeline_report& r, bool json, std::chrono::steady_clock::time_point start);

}  // namespace jobpilot::app
