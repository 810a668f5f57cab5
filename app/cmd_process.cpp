#include "app/commands.hpp"
#include "app/pipeline_driver.hpp"
#include "app/runtime.hpp"
#include "core/ids.hpp"

#include <iostream>

namespace jobpilot::app {

namespace {

int process_all(const global_options& g, const messages::sweep_request& sweep, bool json,
                std::chrono::steady_clock::time_point start) {
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  // Replaying failed JSearch calls is the only way these commands call the API.
  std::string api_key;
  if (sweep.include_paid) {
    auto key = jsearch_api_key(rt->settings);
    if (!key) return exit_usage;
    api_key = *key;
  }
  messages::run_request req;
  req.process = true;
  req.sweep = sweep;
  auto out = run_pipeline(*rt, req, api_key);
  if (!json && out.report.collections == 0 && out.report.fatal.empty() && out.error.empty())
    std::cerr << "nothing to process\n";
  print_pipeline_summary(*rt, out, json, start);
  if (!json) std::cout << "list the jobs: jobpilot-etl jobs   search them: jobpilot-etl search \"python developer\"\n";
  return processing_failed(out) || collection_failed(out) ? exit_failure : exit_ok;
}

}  // namespace

int run_process(const global_options& g, const process_options& o) {
  // The sweep takes up everything: replies only on disk, collections a crashed run left at any stage.
  return process_all(g, messages::sweep_request{}, o.json, std::chrono::steady_clock::now());
}

int run_reprocess(const global_options& g, const reprocess_options& o) {
  auto start = std::chrono::steady_clock::now();
  const int chosen = (o.collection_id.empty() ? 0 : 1) + (o.status.empty() ? 0 : 1) + (o.dead_letters ? 1 : 0);
  if (chosen != 1) {
    std::cerr << "error: give exactly one of --collection ID, --status failed|partial|all or --dead-letters\n";
    return exit_usage;
  }
  if (o.include_paid && !o.dead_letters) {
    std::cerr << "error: --include-paid goes with --dead-letters\n";
    return exit_usage;
  }
  if (!o.collection_id.empty() && !core::is_uuid(o.collection_id)) {
    std::cerr << "error: --collection: '" << o.collection_id << "' is not a collection id (a UUID)\n";
    return exit_usage;
  }
  messages::sweep_request sweep;
  if (!o.collection_id.empty()) sweep.reprocess_ids = {o.collection_id};
  sweep.reprocess_status = o.status;
  sweep.dead_letters = o.dead_letters;
  sweep.include_paid = o.include_paid;
  if (!o.json) {
    if (o.dead_letters)
      std::cerr << "replaying dead letters" << (o.include_paid ? " (failed JSearch calls too: each costs a call)" : "")
                << "\n";
    else
      std::cerr << "reprocessing from the raw store (no API calls)\n";
  }
  return process_all(g, sweep, o.json, start);
}

}  // namespace jobpilot::app
