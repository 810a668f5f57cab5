#include "app/pipeline_driver.hpp"

#include "actors/pipeline.hpp"
#include "app/actor_runtime.hpp"
#include "app/cluster.hpp"
#include "app/pipeline_wiring.hpp"
#include "storage/database.hpp"
#include "storage/job_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

namespace jobpilot::app {

run_outcome run_pipeline(runtime& rt, const messages::run_request& request, const std::string& api_key,
                         const config::cluster_settings* cluster) {
  run_outcome out;
  actor_runtime actors(2, cluster);
  auto clock = std::make_shared<actors::stage_clock>();
  pipeline_observers watch;
  watch.stages = clock;
  auto parts = wire_pipeline(actors.sys, rt, api_key, &watch);
  auto stop = parts.on_stop;
  std::unique_ptr<cluster_coordinator> coordinator;
  if (cluster) {
    coordinator = cluster_coordinator::start(actors.sys, rt, parts, clock, &out.error);
    if (!coordinator) return out;
    if (cluster->wait_for_workers > 0) {
      std::cerr << "cluster: waiting for " << cluster->wait_for_workers << " worker(s) to join (at most "
                << cluster->join_timeout.count() / 1000 << " s)\n";
      if (!coordinator->wait_for_workers(cluster->wait_for_workers, cluster->join_timeout)) {
        out.error = "cluster: fewer than " + std::to_string(cluster->wait_for_workers) + " worker(s) joined within " +
                    std::to_string(cluster->join_timeout.count() / 1000) + " s (cluster.join_timeout)";
        return out;
      }
    }
  }
  auto pipeline = actors::spawn_pipeline(actors.sys, std::move(parts));
  {
    caf::scoped_actor self{actors.sys};
    self->monitor(pipeline);
    self->send(pipeline, atom::run::value, request);
    bool done = false;
    while (!done)
      self->receive(
          [&](messages::run_report& r) {
            out.report = std::move(r);
            done = true;
          },
          [&](caf::down_msg& dm) {
            out.error = "the pipeline stopped: " + actors.sys.render(dm.reason);
            done = true;
          },
          [&](caf::error& e) {
            out.error = actors.sys.render(e);
            done = true;
          });
  }
  // Whatever still waits (an outage retry, a breaker's wait) gives up, so the actors end promptly.
  stop();
  caf::anon_send_exit(pipeline, caf::exit_reason::user_shutdown);
  out.stages = clock->totals();
  return out;
}

bool processing_failed(const run_outcome& r) {
  const auto& p = r.report;
  return !r.error.empty() || !p.fatal.empty() || p.collections_failed > 0 || p.dead_letters > 0 ||
         !p.sweep.import_errors.empty() || !p.sweep.not_reset.empty();
}

bool collection_failed(const run_outcome& r) {
  const auto& p = r.report;
  return !r.error.empty() || !p.fatal.empty() || p.pages_failed > 0 ||
         (p.stop != core::collect_stop::none && !core::ends_search(p.stop));
}

namespace {

double per_second(std::int64_t n, double seconds) { return seconds > 0 ? static_cast<double>(n) / seconds : 0.0; }

boost::json::object stage_json(const actors::stage_time& t, std::int64_t jobs) {
  return {{"seconds", t.seconds}, {"calls", t.calls}, {"jobs", jobs}, {"jobs_per_second", per_second(jobs, t.seconds)}};
}

// The embedder reports collections, not jobs: it embeds the jobs the processor made.
boost::json::object stages_json(const actors::stage_times& s) {
  return {{"process", stage_json(s.process, s.process.jobs)},
          {"embed", stage_json(s.embed, s.process.jobs)},
          {"dedupe", stage_json(s.dedupe, s.dedupe.jobs)},
          {"load", stage_json(s.load, s.load.jobs)}};
}

std::vector<std::string> run_errors(const run_outcome& r) {
  std::vector<std::string> errors;
  if (!r.error.empty()) errors.push_back(r.error);
  if (!r.report.fatal.empty()) errors.push_back(r.report.fatal);
  for (const auto& e : r.report.sweep.import_errors) errors.push_back("not imported: " + e);
  for (const auto& e : r.report.sweep.not_reset) errors.push_back("not reprocessed: " + e);
  for (const auto& f : r.report.failures) errors.push_back(f);
  return errors;
}

}  // namespace

void print_pipeline_summary(runtime& rt, const run_outcome& out, bool json, std::chrono::steady_clock::time_point start) {
  const auto& r = out.report;
  std::vector<std::pair<std::string, std::int64_t>> by_reason;
  std::int64_t job_total = 0, source_total = 0;
  try {
    storage::job_repository jobs(rt.db);
    by_reason = jobs.sources_by_reason();
    job_total = jobs.job_count();
    source_total = jobs.source_count();
  } catch (const storage::storage_error& e) {
    std::cerr << "warning: database totals not available: " << e.what() << "\n";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::int64_t duplicates = 0;
  for (auto& [reason, n] : by_reason)
    if (reason != "canonical") duplicates += n;
  auto errors = run_errors(out);
  if (json) {
    boost::json::object reasons;
    for (auto& [k, v] : by_reason) reasons[k] = v;
    boost::json::array errs;
    for (auto& e : errors) errs.emplace_back(e);
    std::cout << boost::json::serialize(boost::json::object{{"collections", r.collections},
                                                            {"collections_loaded", r.collections_loaded},
                                                            {"collections_partial", r.collections_partial},
                                                            {"collections_failed", r.collections_failed},
                                                            {"jobs_processed", r.jobs_processed},
                                                            {"jobs_failed", r.jobs_failed},
                                                            {"jobs_new", r.jobs_new},
                                                            {"jobs_updated", r.jobs_updated},
                                                            {"postings_new", r.postings_new},
                                                            {"dead_letters", r.dead_letters},
                                                            {"embedded_later", r.embedded_later},
                                                            {"imported", r.sweep.imported},
                                                            {"jobs_total", job_total},
                                                            {"postings_total", source_total},
                                                            {"sources_by_reason", reasons},
                                                            {"errors", errs},
                                                            {"stages", stages_json(out.stages)},
                                                            {"seconds", seconds}})
              << "\n";
    return;
  }
  if (r.sweep.imported > 0)
    std::cout << "imported " << r.sweep.imported << " raw collection(s) that were only on disk\n";
  if (r.embedded_later > 0) std::cout << "embedded " << r.embedded_later << " jobs that had been loaded without a vector\n";
  std::cout << "collections processed: " << r.collections << " (" << r.collections_failed << " failed, "
            << r.collections_partial << " partial)\n"
            << "jobs processed: " << r.jobs_processed << ", failed: " << r.jobs_failed << "\n"
            << "postings: " << r.postings_new << " new, " << std::max<std::int64_t>(0, r.jobs_processed - r.postings_new)
            << " seen before (same JSearch job id)\n"
            << "duplicates by reason (all " << source_total << " postings stored): " << duplicates << " (";
  bool first = true;
  for (auto& [reason, n] : by_reason) {
    if (reason == "canonical") continue;
    std::cout << (first ? "" : ", ") << reason << " " << n;
    first = false;
  }
  std::cout << ")\n"
            << "jobs loaded: " << r.jobs_new << " new, " << r.jobs_updated << " updated; " << job_total
            << " distinct jobs in " << rt.db->display_url() << "\n";
  if (r.dead_letters > 0)
    std::cout << "dead letters: " << r.dead_letters << " job(s) could not be loaded; retry with `jobpilot-etl reprocess "
              << "--dead-letters`\n";
  auto one_decimal = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf);
  };
  std::cout << "time: " << one_decimal(seconds) << " s\n";
  const auto& st = out.stages;
  if (st.process.calls + st.embed.calls + st.dedupe.calls + st.load.calls > 0)
    std::cout << "stage time (summed over workers): process " << one_decimal(st.process.seconds) << " s, embed "
              << one_decimal(st.embed.seconds) << " s, dedupe " << one_decimal(st.dedupe.seconds) << " s, load "
              << one_decimal(st.load.seconds) << " s\n";
  for (auto& e : errors) std::cout << "error: " << e << "\n";
}

void print_collect_summary(const run_outcome& out, const std::string& what, bool json) {
  const auto& r = out.report;
  std::int64_t jobs = 0;
  for (const auto& p : r.pages) jobs += p.job_count;
  if (json) {
    boost::json::array arr;
    for (const auto& p : r.pages)
      arr.push_back(boost::json::object{{"request_id", p.request_id},
                                        {"collection_id", p.collection_id},
                                        {"status", core::to_string(p.status)},
                                        {"outcome", core::to_string(p.outcome)},
                                        {"stop", core::to_string(p.stop)},
                                        {"error", p.error},
                                        {"job_count", p.job_count},
                                        {"api_calls", p.api_calls},
                                        {"attempts", p.attempts},
                                        {"response_ms", p.response_ms}});
    boost::json::array errs;
    for (auto& e : run_errors(out)) errs.emplace_back(e);
    std::cout << boost::json::serialize(boost::json::object{{"query", what},
                                                            {"pages_requested", r.pages_requested},
                                                            {"stored", r.pages_stored},
                                                            {"cached", r.pages_cached},
                                                            {"failed", r.pages_failed},
                                                            {"skipped", r.pages_skipped},
                                                            {"stop", core::to_string(r.stop)},
                                                            {"stop_message", r.stop_message},
                                                            {"jobs", jobs},
                                                            {"api_calls", r.api_calls},
                                                            {"imported", r.sweep.imported},
                                                            {"errors", errs},
                                                            {"results", arr}})
              << "\n";
    return;
  }
  std::cout << "collected \"" << what << "\": " << r.pages.size() << " page(s), " << r.pages_stored << " stored, "
            << r.pages_cached << " from cache, " << r.pages_failed << " failed; " << jobs << " jobs; " << r.api_calls
            << " API call(s)\n";
  for (const auto& p : r.pages)
    if (!p.collection_id.empty())
      std::cout << "  " << p.collection_id << "  " << core::to_string(p.status) << "  " << p.job_count << " jobs"
                << (p.error.empty() ? "" : "  (" + p.error + ")") << "\n";
  if (r.pages_skipped > 0)
    std::cout << "  " << r.pages_skipped << " page(s) not requested"
              << (r.stop == core::collect_stop::none || core::ends_search(r.stop)
                      ? std::string(": a search ran out of results")
                      : ": " + std::string(core::to_string(r.stop)))
              << "\n";
  if (r.stop != core::collect_stop::none && !core::ends_search(r.stop))
    std::cout << "collection stopped (" << core::to_string(r.stop) << "): " << r.stop_message << "\n";
  for (auto& e : run_errors(out)) std::cout << "error: " << e << "\n";
}

}  // namespace jobpilot::app
