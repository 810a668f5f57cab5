#include "app/commands.hpp"
#include "app/pipeline_driver.hpp"
#include "app/runtime.hpp"

#include <filesystem>
#include <iostream>

namespace jobpilot::app {

int run_collect(const global_options& g, const collect_options& o) {
  if (auto err = core::validate(o.query); !err.empty()) {
    std::cerr << "error: " << (err.rfind("country", 0) == 0 ? "--" : "") << err << "\n";
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

  // The configuration's country, language and date_posted apply here as in `run`: one search, one request.
  auto query = o.query;
  core::apply_defaults(query, search_defaults_of(rt->settings));
  messages::run_request req;
  req.sweep.list_unfinished = false;  // collect buys and stores; `process` takes it from there
  for (int i = 0; i < o.pages; ++i) {
    messages::collect_request r;
    r.query = query;
    r.query.page = o.query.page + i * o.query.num_pages;
    r.strategy = o.strategy;
    r.use_cache = !o.no_cache;
    req.pages.push_back(std::move(r));
  }
  auto out = run_pipeline(*rt, req, *api_key);
  print_collect_summary(out, core::effective_query_text(o.query), o.json);
  if (!o.json)
    std::cout << "raw files under " << (std::filesystem::path(rt->settings.data_dir) / "raw_collections").string()
              << "; see `jobpilot-etl status`\n";
  return collection_failed(out) || !out.report.sweep.import_errors.empty() ? exit_failure : exit_ok;
}

}  // namespace jobpilot::app
