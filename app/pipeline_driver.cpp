#include "app/pipeline_driver.hpp"

#include "actors/batch_embedder.hpp"
#include "actors/collection_processor.hpp"
#include "actors/embedding_providers.hpp"
#include "actors/pipeline.hpp"
#include "app/actor_runtime.hpp"
#include "core/ids.hpp"
#include "storage/database.hpp"
#include "storage/job_repository.hpp"
#include "storage/processing_repository.hpp"
#include "storage/raw_collection_repository.hpp"

#include <boost/json.hpp>

#include <iostream>
#include <map>
#include <set>

namespace jobpilot::app {

std::vector<messages::collect_result> collect_pages(caf::actor_system& sys, const messages::collector_actor& collector,
                                                    const std::vector<messages::collect_request>& requests,
                                                    int window) {
  caf::scoped_actor self{sys};
  core::uuid_generator ids;
  std::vector<messages::collect_result> results;
  std::set<std::string> exhausted;  // queries whose last page came back empty
  std::map<std::string, std::string> query_of;  // request id -> query text
  std::size_t next = 0;
  int in_flight = 0;
  bool stop = false;
  const auto total = requests.size();
  window = std::max(1, window);
  while (in_flight > 0 || (!stop && next < total)) {
    while (!stop && next < total && in_flight < window) {
      auto r = requests[next++];
      auto text = core::effective_query_text(r.query);
      if (exhausted.count(text)) continue;  // later pages would be empty too and cost quota
      if (r.request_id.empty()) r.request_id = ids.next();
      query_of[r.request_id] = text;
      self->send(collector, atom::collect::value, r);
      ++in_flight;
    }
    if (in_flight == 0) break;
    self->receive(
        [&](messages::collect_result& r) {
          --in_flight;
          std::cerr << "[" << results.size() + 1 << "/" << total << "] " << query_of[r.request_id] << ": " << r.status
                    << " " << r.outcome << ", " << r.job_count << " jobs, " << r.api_calls << " API call(s), "
                    << r.response_ms << " ms" << (r.error.empty() ? "" : " - " + r.error) << "\n";
          if (r.outcome == "no_results") exhausted.insert(query_of[r.request_id]);
          // A spent quota or a refused key will not get better on the next call.
          if (r.outcome == "quota_exhausted" || r.outcome == "unauthorized" || r.outcome == "forbidden") stop = true;
          results.push_back(std::move(r));
        },
        [&](caf::error& e) {
          --in_flight;
          messages::collect_result r;
          r.status = "failed";
          r.outcome = "internal_error";
          r.error = sys.render(e);
          std::cerr << "[" << results.size() + 1 << "/" << total << "] failed: " << r.error << "\n";
          results.push_back(std::move(r));
        });
  }
  return results;
}

pipeline_report process_collections(runtime& rt, const std::vector<std::string>& ids) {
  pipeline_report report;
  auto start = std::chrono::steady_clock::now();
  storage::job_repository jobs(rt.db);
  const auto jobs_before = jobs.job_count();
  const auto sources_before = jobs.source_count();
  std::set<std::string> written;
  auto ctx = std::make_shared<actors::stage_context>();
  ctx->db = rt.db;
  ctx->settings = rt.settings;
  ctx->processor_log = rt.logs.processor;
  ctx->loader_log = rt.logs.loader;
  {
    actor_runtime actors;
    auto pipeline = actors::spawn_pipeline(actors.sys, ctx);
    caf::scoped_actor self{actors.sys};
    std::size_t next = 0, done = 0;
    int in_flight = 0;
    const int window = std::max(1, rt.settings.run.in_flight);
    const std::size_t step = std::max<std::size_t>(1, ids.size() / 20);  // about 20 progress lines
    while (done < ids.size()) {
      while (next < ids.size() && in_flight < window) {
        self->send(pipeline, atom::process::value, messages::raw_stored{ids[next++]});
        ++in_flight;
      }
      self->receive(
          [&](messages::loaded& l) {
            --in_flight;
            ++done;
            written.insert(l.job_ids.begin(), l.job_ids.end());
            if (done % step == 0 || done == ids.size())
              std::cerr << "[" << done << "/" << ids.size() << "] collections through the pipeline, "
                        << written.size() << " jobs written\n";
          },
          [&](caf::error& e) {
            --in_flight;
            ++done;
            ++report.collections_failed;
            report.errors.push_back(actors.sys.render(e));
            std::cerr << "[" << done << "/" << ids.size() << "] failed: " << report.errors.back() << "\n";
          });
    }
    self->send_exit(pipeline, caf::exit_reason::user_shutdown);
  }
  // Jobs the provider could not embed during the run get their vectors now (or next time).
  std::string error;
  if (auto provider = actors::make_embedding_provider(rt.settings.embedder, &error)) {
    actors::batch_embedder embedder(rt.db, std::move(provider), rt.logs.processor);
    int embedded = embedder.embed_missing(100000);
    if (embedded > 0) std::cerr << "embedded " << embedded << " jobs that had been loaded without a vector\n";
  }
  storage::processing_repository processing(rt.db);
  for (const auto& id : ids) {
    auto log = processing.log(actors::collection_processor::processing_id_for(id));
    if (!log) continue;
    ++report.collections;
    if (log->status == "failed") ++report.collections_failed;
    report.jobs_processed += log->jobs_processed;
    report.jobs_failed += log->jobs_failed;
  }
  report.jobs_new = static_cast<int>(jobs.job_count() - jobs_before);
  report.jobs_updated = static_cast<int>(written.size()) - report.jobs_new;
  report.postings_new = static_cast<int>(jobs.source_count() - sources_before);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

void print_pipeline_summary(runtime& rt, const pipeline_report& r, bool json,
                            std::chrono::steady_clock::time_point start) {
  storage::raw_collection_repository raws(rt.db);
  storage::job_repository jobs(rt.db);
  auto by_reason = jobs.sources_by_reason();
  auto job_total = jobs.job_count();
  auto source_total = jobs.source_count();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::int64_t duplicates = 0;
  for (auto& [reason, n] : by_reason)
    if (reason != "canonical") duplicates += n;
  if (json) {
    boost::json::object reasons;
    for (auto& [k, v] : by_reason) reasons[k] = v;
    boost::json::array errors;
    for (auto& e : r.errors) errors.emplace_back(e);
    std::cout << boost::json::serialize(boost::json::object{{"collections", r.collections},
                                                            {"collections_failed", r.collections_failed},
                                                            {"jobs_processed", r.jobs_processed},
                                                            {"jobs_failed", r.jobs_failed},
                                                            {"jobs_new", r.jobs_new},
                                                            {"jobs_updated", r.jobs_updated},
                                                            {"postings_new", r.postings_new},
                                                            {"jobs_total", job_total},
                                                            {"postings_total", source_total},
                                                            {"sources_by_reason", reasons},
                                                            {"errors", errors},
                                                            {"seconds", seconds}})
              << "\n";
    return;
  }
  std::cout << "collections processed: " << r.collections << " (" << r.collections_failed << " failed)\n"
            << "jobs processed: " << r.jobs_processed << ", failed: " << r.jobs_failed << "\n"
            << "postings: " << r.postings_new << " new, " << std::max(0, r.jobs_processed - r.postings_new)
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
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", seconds);
  std::cout << "time: " << buf << " s\n";
  for (auto& e : r.errors) std::cout << "error: " << e << "\n";
}

}  // namespace jobpilot::app
