#include "app/commands.hpp"
#include "app/pipeline_driver.hpp"
#include "app/runtime.hpp"
#include "core/ids.hpp"
#include "storage/database.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/raw_file_store.hpp"
#include "storage/raw_import.hpp"

#include <iostream>

namespace jobpilot::app {

namespace {

constexpr int all_rows = 1'000'000'000;

int process_ids(runtime& rt, const std::vector<std::string>& ids, bool json,
                std::chrono::steady_clock::time_point start) {
  if (ids.empty() && !json) std::cerr << "nothing to process\n";
  auto report = process_collections(rt, ids);
  print_pipeline_summary(rt, report, json, start);
  if (!json)
    std::cout << "list the jobs: jobpilot-etl jobs   search them: jobpilot-etl search \"python developer\"\n";
  return report.errors.empty() ? exit_ok : exit_failure;
}

}  // namespace

int run_process(const global_options& g, const process_options& o) {
  auto start = std::chrono::steady_clock::now();
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  // Recovery sweep: replies that reached only the file store (the database was down) first,
  // then pending collections and any left 'processing' by a run that died.
  auto imported = storage::import_file_only_collections(rt->db, storage::raw_file_store(rt->settings.data_dir));
  if (imported.imported > 0)
    std::cerr << "imported " << imported.imported << " raw collection(s) that were only in the file store\n";
  for (const auto& e : imported.errors) std::cerr << "warning: not imported: " << e << "\n";
  storage::raw_collection_repository raws(rt->db);
  auto ids = raws.ids_with_status("pending", all_rows);
  auto stuck = raws.ids_with_status("processing", all_rows);
  ids.insert(ids.end(), stuck.begin(), stuck.end());
  if (!o.json) std::cerr << ids.size() << " collection(s) to process\n";
  return process_ids(*rt, ids, o.json, start);
}

int run_reprocess(const global_options& g, const reprocess_options& o) {
  auto start = std::chrono::steady_clock::now();
  if (o.collection_id.empty() == o.status.empty()) {
    std::cerr << "error: give exactly one of --collection ID or --status failed|partial|all\n";
    return exit_usage;
  }
  if (!o.collection_id.empty() && !core::is_uuid(o.collection_id)) {
    std::cerr << "error: --collection: '" << o.collection_id << "' is not a collection id (a UUID)\n";
    return exit_usage;
  }
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  storage::raw_collection_repository raws(rt->db);
  std::vector<std::string> ids;
  if (!o.collection_id.empty()) {
    if (!raws.exists(o.collection_id)) {
      std::cerr << "error: no raw collection " << o.collection_id << "\n";
      return exit_failure;
    }
    ids.push_back(o.collection_id);
  } else {
    // No API call: everything comes from the raw store.
    std::vector<std::string> statuses;
    if (o.status == "all")
      statuses = {"processed", "partial", "failed", "pending", "processing"};
    else
      statuses = {o.status};
    for (const auto& st : statuses) {
      auto more = raws.ids_with_status(st, all_rows);
      ids.insert(ids.end(), more.begin(), more.end());
    }
  }
  if (!o.json) std::cerr << ids.size() << " collection(s) to reprocess (from the raw store; no API calls)\n";
  return process_ids(*rt, ids, o.json, start);
}

}  // namespace jobpilot::app
