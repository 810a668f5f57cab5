#include "actors/collector.hpp"
#include "app/actor_runtime.hpp"
#include "app/commands.hpp"
#include "app/pipeline_driver.hpp"
#include "app/runtime.hpp"
#include "storage/database.hpp"
#include "storage/raw_collection_repository.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace jobpilot::app {

int run_run(const global_options& g, const run_options& o) {
  auto start = std::chrono::steady_clock::now();
  if (!o.once) {
    std::cerr << "error: only `run --once` is available in this version (collect the configured queries, run the "
                 "whole pipeline, exit)\n";
    return exit_usage;
  }
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  if (!override_base_url(rt->settings, o.base_url)) return exit_usage;
  auto api_key = jsearch_api_key(rt->settings);
  if (!api_key) return exit_usage;

  std::vector<messages::collect_request> requests;
  const auto& run = rt->settings.run;
  std::vector<std::string> locations = run.locations.empty() ? std::vector<std::string>{""} : run.locations;
  for (const auto& q : run.queries)
    for (const auto& l : locations)
      for (int p = 1; p <= run.pages; ++p) {
        messages::collect_request r;
        r.query.query = q;
        r.query.location = l;
        r.query.page = p;
        r.query.country = rt->settings.jsearch.country;
        r.query.language = rt->settings.jsearch.language;
        r.query.date_posted = rt->settings.jsearch.date_posted == "all" ? "" : rt->settings.jsearch.date_posted;
        r.strategy = "scheduled";
        requests.push_back(std::move(r));
      }
  std::cerr << "collecting " << requests.size() << " page(s): " << run.queries.size() << " queries x "
            << locations.size() << " locations x " << run.pages << " page(s) from " << rt->settings.jsearch.base_url
            << "\n";
  int collected = 0, failed = 0, calls = 0;
  {
    auto ctx = actors::make_collector_context(rt->db, rt->settings.data_dir, rt->settings, *api_key,
                                              rt->logs.collector);
    actor_runtime actors;
    auto collector = actors::spawn_collector(actors.sys, ctx);
    for (auto& r : collect_pages(actors.sys, collector, requests, rt->settings.collector.workers)) {
      calls += r.api_calls;
      (r.status == "failed" ? failed : collected) += 1;
    }
    caf::anon_send_exit(collector, caf::exit_reason::user_shutdown);
  }
  storage::raw_collection_repository raws(rt->db);
  auto ids = raws.ids_with_status("pending", 1'000'000'000);
  std::cerr << "collected " << collected << " page(s) (" << failed << " failed, " << calls << " API calls); processing "
            << ids.size() << " pending collection(s)\n";
  auto report = process_collections(*rt, ids);
  if (!o.json)
    std::cout << "pages collected: " << collected << " (" << failed << " failed), API calls: " << calls << "\n";
  print_pipeline_summary(*rt, report, o.json, start);
  if (!o.json) {
    std::string flags;
    if (!g.config_path.empty()) flags += " --config " + g.config_path;
    // never echo a password: the URL is shown only when it has none
    if (!g.db_url.empty())
      flags += rt->db->display_url().find("***") == std::string::npos ? " --db '" + g.db_url + "'" : " --db <your URL>";
    if (!g.data_dir.empty()) flags += " --data-dir " + g.data_dir;
    // the binary as the user can type it from here
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    auto rel = ec ? std::filesystem::path("jobpilot-etl") : std::filesystem::relative(exe, ec);
    std::string bin = ec || rel.empty() || *rel.begin() == ".." ? exe.string() : rel.string();
    if (bin.empty()) bin = "jobpilot-etl";
    std::cout << "\nlist the jobs:   " << bin << flags << " jobs\nsearch the jobs: " << bin << flags
              << " search \"senior python developer\"\n";
  }
  return report.errors.empty() && failed == 0 ? exit_ok : exit_failure;
}

}  // namespace jobpilot::app
