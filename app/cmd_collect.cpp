#include "actors/collector.hpp"
#include "app/actor_runtime.hpp"
#include "app/commands.hpp"
#include "app/pipeline_driver.hpp"
#include "app/runtime.hpp"
#include "storage/database.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <iostream>

namespace jobpilot::app {

int run_collect(const global_options& g, const collect_options& o) {
  if (auto err = core::validate(o.query); !err.empty()) {
    std::cerr << "error: " << err << "\n";
    return exit_usage;
  }
  const int last_page = o.query.page + (o.pages - 1) * o.query.num_pages;
  if (o.pages < 1 || last_page > 100) {
    std::cerr << "error: --pages " << o.pages << " would reach page " << last_page
              << "; JSearch serves pages 1 to 100\n";
    return exit_usage;
  }
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  if (!override_base_url(rt->settings, o.base_url)) return exit_usage;
  auto api_key = jsearch_api_key(rt->settings);
  if (!api_key) return exit_usage;

  auto ctx = actors::make_collector_context(rt->db, rt->settings.data_dir, rt->settings, *api_key, rt->logs.collector);
  actor_runtime actors;
  auto collector = actors::spawn_collector(actors.sys, ctx);
  std::vector<messages::collect_request> requests;
  for (int i = 0; i < o.pages; ++i) {
    messages::collect_request r;
    r.query = o.query;
    r.query.page = o.query.page + i * o.query.num_pages;
    r.strategy = o.strategy;
    r.use_cache = !o.no_cache;
    requests.push_back(std::move(r));
  }
  auto results = collect_pages(actors.sys, collector, requests, rt->settings.collector.workers);
  caf::anon_send_exit(collector, caf::exit_reason::user_shutdown);

  int ok = 0, failed = 0, cached = 0, jobs = 0, calls = 0;
  for (auto& r : results) {
    if (r.status == "failed")
      ++failed;
    else if (r.status == "cached")
      ++cached;
    else
      ++ok;
    jobs += r.job_count;
    calls += r.api_calls;
  }
  if (o.json) {
    boost::json::array arr;
    for (auto& r : results)
      arr.push_back(boost::json::object{{"request_id", r.request_id},
                                        {"collection_id", r.collection_id},
                                        {"status", r.status},
                                        {"outcome", r.outcome},
                                        {"error", r.error},
                                        {"job_count", r.job_count},
                                        {"api_calls", r.api_calls},
                                        {"attempts", r.attempts},
                                        {"response_ms", r.response_ms}});
    std::cout << boost::json::serialize(boost::json::object{{"query", core::effective_query_text(o.query)},
                                                            {"pages_requested", o.pages},
                                                            {"stored", ok},
                                                            {"cached", cached},
                                                            {"failed", failed},
                                                            {"jobs", jobs},
                                                            {"api_calls", calls},
                                                            {"results", arr}})
              << "\n";
  } else {
    std::cout << "collected \"" << core::effective_query_text(o.query) << "\": " << results.size() << " page(s), "
              << ok << " stored, " << cached << " from cache, " << failed << " failed; " << jobs << " jobs; " << calls
              << " API call(s)\n";
    for (auto& r : results)
      if (!r.collection_id.empty())
        std::cout << "  " << r.collection_id << "  " << r.status << "  " << r.job_count << " jobs"
                  << (r.error.empty() ? "" : "  (" + r.error + ")") << "\n";
    std::cout << "raw files under " << (std::filesystem::path(rt->settings.data_dir) / "raw_collections").string()
              << "; see `jobpilot-etl status`\n";
  }
  return failed == 0 ? exit_ok : exit_failure;
}

}  // namespace jobpilot::app
