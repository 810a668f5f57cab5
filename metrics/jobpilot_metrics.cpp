#include "metrics/jobpilot_metrics.hpp"

#include <cstddef>
#include <vector>

namespace jobpilot::metrics {

namespace {

// Bucket bounds in seconds. A JSearch call takes about 1-10 s and times out at 30 s; the local stages
// take milliseconds per collection or batch, seconds when the database or the embedder is slow.
const std::vector<double> api_buckets{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60};
const std::vector<double> stage_buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                        0.5,   1,      2.5,   5,    10,    30,    60};

/// Creates the child of every value in `values` (a one-label family), so it is rendered at 0.
template <class Family, std::size_t N>
void precreate(Family& f, const std::array<std::string_view, N>& values) {
  for (auto v : values) f.with({v});
}

std::string escape_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

jobpilot_metrics::jobpilot_metrics(registry& reg, std::string_view version, double start_time_seconds)
    : api_calls(reg.add_counter("jobpilot_api_calls_total",
                                "JSearch API requests by outcome: ok, error_5xx, rate_limited, quota_exhausted, "
                                "timeout, network_error, invalid_response, permanent.",
                                {"outcome"})),
      api_request_duration(reg.add_histogram("jobpilot_api_request_duration_seconds",
                                             "Time from sending a JSearch request to its whole reply or failure.",
                                             {}, api_buckets)),
      api_quota_remaining(reg.add_gauge("jobpilot_api_quota_remaining_requests",
                                        "JSearch requests left in the current monthly quota.")),
      api_quota_limit(reg.add_gauge("jobpilot_api_quota_limit_requests", "JSearch monthly request quota.")),
      pages_collected(reg.add_counter("jobpilot_pages_collected_total",
                                      "Result pages the collector handled: stored (fetched and stored raw), cached "
                                      "(already stored, no request spent) or failed.",
                                      {"result"})),
      breaker_state(reg.add_gauge("jobpilot_breaker_state",
                                  "Circuit breaker state per dependency: 0 closed, 1 open, 2 half-open.",
                                  {"dependency"})),
      breaker_openings(reg.add_counter("jobpilot_breaker_openings_total",
                                       "Times a circuit breaker opened, per dependency.", {"dependency"})),
      stage_restarts(reg.add_counter("jobpilot_stage_restarts_total",
                                     "Crashed stage workers restarted by their supervisor.", {"stage"})),
      dead_letters(reg.add_counter("jobpilot_dead_letters_total",
                                   "Operations given up on and written to the dead-letter table, per stage.",
                                   {"stage"})),
      dead_letters_pending(reg.add_gauge("jobpilot_dead_letters_pending",
                                         "Dead letters waiting for a replay, per stage.", {"stage"})),
      jobs_processed(reg.add_counter("jobpilot_jobs_processed_total",
                                     "Jobs the processor handled, transformed or rejected.")),
      jobs_failed(reg.add_counter("jobpilot_jobs_failed_total",
                                  "Jobs the processor rejected, by reason (missing_field and invalid_value are "
                                  "validation failures); a subset of jobpilot_jobs_processed_total.",
                                  {"reason"})),
      processing_duration(reg.add_histogram("jobpilot_processing_duration_seconds",
                                            "Time to transform the jobs of one collection.", {}, stage_buckets)),
      field_completeness(reg.add_gauge("jobpilot_field_completeness_ratio",
                                       "Share (0-1) of recently processed jobs that carry the field.", {"field"})),
      embedding_duration(reg.add_histogram("jobpilot_embedding_duration_seconds",
                                           "Time to embed the jobs of one collection.", {}, stage_buckets)),
      index_update_duration(reg.add_histogram("jobpilot_index_update_duration_seconds",
                                              "Time to update the vector and search indexes for one batch.", {},
                                              stage_buckets)),
      duplicates(reg.add_counter("jobpilot_duplicates_total",
                                 "Jobs found to duplicate a stored job, by the rule that matched.", {"reason"})),
      jobs_loaded(reg.add_counter("jobpilot_jobs_loaded_total",
                                  "Jobs written to the jobs table, as a new row or an update.", {"kind"})),
      load_duration(reg.add_histogram("jobpilot_load_duration_seconds", "Time to load one batch of jobs.", {},
                                      stage_buckets)),
      stage_queue_depth(reg.add_gauge("jobpilot_stage_queue_depth", "Collections waiting for the stage.", {"stage"})),
      collections(reg.add_gauge("jobpilot_collections", "Stored raw collections by status.", {"status"})),
      oldest_unfinished_collection_age(
          reg.add_gauge("jobpilot_oldest_unfinished_collection_age_seconds",
                        "Age of the oldest collection that is not loaded, partial or failed (0 when none).")),
      cluster_workers(reg.add_gauge("jobpilot_cluster_workers",
                                    "Cluster workers the coordinator knows, by state: up, left, lost or silent.",
                                    {"state"})),
      scheduler_runs(reg.add_counter("jobpilot_scheduler_runs_total",
                                     "Scheduled runs by schedule and result: ok, failed or skipped.",
                                     {"schedule", "result"})),
      scheduler_next_fire(reg.add_gauge("jobpilot_scheduler_next_fire_timestamp_seconds",
                                        "Unix time at which the schedule fires next.", {"schedule"})),
      build_info(reg.add_gauge("jobpilot_build_info", "Build information; the value is always 1.", {"version"})),
      process_start_time(reg.add_gauge("jobpilot_process_start_time_seconds",
                                       "Unix time at which the process started.")) {
  precreate(api_calls, label_sets::api_outcomes);
  precreate(pages_collected, label_sets::page_results);
  precreate(breaker_state, label_sets::dependencies);
  precreate(breaker_openings, label_sets::dependencies);
  precreate(stage_restarts, label_sets::stages);
  precreate(dead_letters, label_sets::stages);
  precreate(dead_letters_pending, label_sets::stages);
  precreate(jobs_failed, label_sets::failure_reasons);
  precreate(duplicates, label_sets::duplicate_reasons);
  precreate(jobs_loaded, label_sets::load_kinds);
  precreate(stage_queue_depth, label_sets::stages);
  precreate(collections, label_sets::collection_statuses);
  precreate(cluster_workers, label_sets::node_states);
  build_info.with({version.empty() ? std::string_view("unknown") : version}).set(1);
  process_start_time.with({}).set(start_time_seconds);
}

std::string markdown_table(const registry& reg) {
  std::string out = "| Name | Type | Labels | Help |\n|---|---|---|---|\n";
  for (const auto& f : reg.describe()) {
    std::string labels;
    for (const auto& l : f.label_names) labels += (labels.empty() ? "`" : ", `") + l + '`';
    out += "| `" + f.name + "` | " + to_string(f.type) + " | " + labels + " | " + escape_cell(f.help) + " |\n";
  }
  return out;
}

std::string jobpilot_metrics_table() {
  registry reg;
  const jobpilot_metrics m(reg, "", 0);
  return markdown_table(reg);
}

}  // namespace jobpilot::metrics
