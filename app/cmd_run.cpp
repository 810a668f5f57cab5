#include "actors/scheduler.hpp"
#include "app/cluster.hpp"
#include "app/commands.hpp"
#include "app/pipeline_driver.hpp"
#include "app/runtime.hpp"
#include "app/service.hpp"
#include "storage/database.hpp"

#include <filesystem>
#include <iostream>

namespace jobpilot::app {

int run_run(const global_options& g, const run_options& o) {
  auto start = std::chrono::steady_clock::now();
  if (g.cluster_role == "worker") return run_worker(g, o);
  if (!o.once) return run_service(g, o);
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  if (rt->settings.cluster.role == "worker") return run_worker(g, o);
  if (!override_base_url(rt->settings, o.base_url)) return exit_usage;
  auto api_key = jsearch_api_key(rt->settings);
  if (!api_key) return exit_usage;

  const auto& run = rt->settings.run;
  const auto defaults = search_defaults_of(rt->settings);
  messages::run_request req;
  req.process = true;
  config::schedule_settings once{"once", "on_demand", run.queries, run.locations, run.pages, 0, true, {}};
  req.pages = actors::pages_of_schedule(once, defaults);
  const auto locations = std::max<std::size_t>(1, run.locations.size());
  std::cerr << "collecting " << req.pages.size() << " page(s): " << run.queries.size() << " queries x "
            << locations << " locations x " << run.pages << " page(s) from " << rt->settings.jsearch.base_url
            << "\n";
  const auto& cluster = rt->settings.cluster;
  auto out = run_pipeline(*rt, req, *api_key, cluster.role == "coordinator" ? &cluster : nullptr);
  const auto& r = out.report;
  if (!o.json) {
    std::cout << "pages collected: " << r.pages_stored + r.pages_cached << " (" << r.pages_failed << " failed, "
              << r.pages_cached << " from cache, " << r.pages_skipped << " not requested), API calls: " << r.api_calls
              << "\n";
    if (r.stop != core::collect_stop::none && !core::ends_search(r.stop))
      std::cout << "collection stopped (" << core::to_string(r.stop) << "): " << r.stop_message << "\n";
  }
  print_pipeline_summary(*rt, out, o.json, start);
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
  return processing_failed(out) || collection_failed(out) ? exit_failure : exit_ok;
}

}  // namespace jobpilot::app
