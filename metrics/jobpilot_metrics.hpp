// Every metric of jobpilot-etl, declared in this one place (style.md practice 13).
//
// Names: prefix `jobpilot_`, base units (seconds, ratio 0-1), `_total` on counters, `_timestamp_seconds`
// on points in time (prometheus.io/docs/practices/naming). deploy/prometheus/alerts.yml uses these
// names; rename one only together with the rules and their tests.
//
// Usage: the process creates one `registry` and one `jobpilot_metrics` on it, hands the struct (or
// single children) to the actors, and each actor keeps the children it updates in its state:
//
//   metrics::counter& ok = m.api_calls.with({"ok"});   // once, when the actor starts
//   ok.inc();                                            // per call, no lock
//
// Label values come only from the fixed sets in `label_sets` below, from core::completeness_fields()
// (field) or from the configured schedule names (schedule). Never ids, URLs, company names or queries.
// Every child with a value from a fixed set exists from the start (at 0), so rate() and the alerts
// see a zero rather than a missing series.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "metrics/registry.hpp"

namespace jobpilot::metrics {

/// The allowed values of the fixed-set labels.
namespace label_sets {

/// outcome of jobpilot_api_calls_total. From core::call_outcome: ok and no_results -> ok;
/// server_error and gateway_error -> error_5xx; bad_request, unauthorized, forbidden, not_found ->
/// permanent; the others keep their name.
inline constexpr std::array<std::string_view, 8> api_outcomes{
    "ok", "error_5xx", "rate_limited", "quota_exhausted", "timeout", "network_error", "invalid_response", "permanent"};

/// dependency of the breaker metrics: what a circuit breaker guards.
inline constexpr std::array<std::string_view, 3> dependencies{"jsearch", "embedder", "database"};

/// stage of the per-stage metrics (core::stage).
inline constexpr std::array<std::string_view, 5> stages{"collector", "processor", "embedder", "deduper", "loader"};

/// result of jobpilot_pages_collected_total: stored (fetched and stored raw), cached (already
/// stored, no API call spent), failed (no usable page).
inline constexpr std::array<std::string_view, 3> page_results{"stored", "cached", "failed"};

/// reason of jobpilot_jobs_failed_total. missing_field and invalid_value are validation failures
/// (core/transform's schema_validation: "Missing required field" / "Invalid required field" or an
/// unparsable job); other is any other processing failure.
inline constexpr std::array<std::string_view, 3> failure_reasons{"missing_field", "invalid_value", "other"};

/// kind of jobpilot_jobs_loaded_total: a new row, or an update of a stored job.
inline constexpr std::array<std::string_view, 2> load_kinds{"new", "updated"};

/// reason of jobpilot_duplicates_total (core::dedupe_reason without canonical).
inline constexpr std::array<std::string_view, 4> duplicate_reasons{"job_id", "exact", "url", "near_duplicate"};

/// status of jobpilot_collections (core::collection_status).
inline constexpr std::array<std::string_view, 7> collection_statuses{"pending", "processed", "embedded", "deduped",
                                                                     "loaded",  "partial",   "failed"};

/// result of jobpilot_scheduler_runs_total: ok, failed, or skipped (fresh enough, or quota short).
inline constexpr std::array<std::string_view, 3> scheduler_results{"ok", "failed", "skipped"};

/// state of jobpilot_cluster_workers (storage::shown_state): up, left (stopped), lost (its connection
/// broke or it went silent), silent (recorded up, not heard from).
inline constexpr std::array<std::string_view, 4> node_states{"up", "left", "lost", "silent"};

}  // namespace label_sets

/// Handles to every metric family of the service, registered on construction in this order.
struct jobpilot_metrics {
  /// Registers every family on `reg` (which must outlive this struct) and sets the build info
  /// (`version`, "unknown" when empty) and the process start time (Unix seconds).
  jobpilot_metrics(registry& reg, std::string_view version, double start_time_seconds);

  // -- collector: the JSearch API -------------------------------------------------------------------

  /// jobpilot_api_calls_total{outcome}: every JSearch request by outcome (label_sets::api_outcomes).
  counter_family& api_calls;
  /// jobpilot_api_request_duration_seconds: request start to whole reply (or failure), in seconds.
  histogram_family& api_request_duration;
  /// jobpilot_api_quota_remaining_requests: requests left in the month (headers or the ledger).
  gauge_family& api_quota_remaining;
  /// jobpilot_api_quota_limit_requests: the monthly request quota.
  gauge_family& api_quota_limit;
  /// jobpilot_pages_collected_total{result}: pages the collector handled (label_sets::page_results).
  counter_family& pages_collected;

  // -- supervision ----------------------------------------------------------------------------------

  /// jobpilot_breaker_state{dependency}: 0 closed, 1 open, 2 half-open (supervision::breaker_state).
  gauge_family& breaker_state;
  /// jobpilot_breaker_openings_total{dependency}: transitions of a breaker to open.
  counter_family& breaker_openings;
  /// jobpilot_stage_restarts_total{stage}: crashed workers restarted by the stage's supervisor.
  counter_family& stage_restarts;
  /// jobpilot_dead_letters_total{stage}: operations written to failed_operations.
  counter_family& dead_letters;
  /// jobpilot_dead_letters_pending{stage}: dead letters waiting for a replay (status pending).
  gauge_family& dead_letters_pending;

  // -- processor ------------------------------------------------------------------------------------

  /// jobpilot_jobs_processed_total: jobs the processor handled, transformed or rejected.
  counter_family& jobs_processed;
  /// jobpilot_jobs_failed_total{reason}: rejected jobs, a subset of jobs_processed.
  counter_family& jobs_failed;
  /// jobpilot_processing_duration_seconds: transforming one collection.
  histogram_family& processing_duration;
  /// jobpilot_field_completeness_ratio{field}: share of recent jobs carrying a field (0-1);
  /// field is one of core::completeness_fields().
  gauge_family& field_completeness;

  // -- embedder, deduper, loader --------------------------------------------------------------------

  /// jobpilot_embedding_duration_seconds: embedding the jobs of one collection.
  histogram_family& embedding_duration;
  /// jobpilot_index_update_duration_seconds: updating the vector and search indexes for one batch.
  histogram_family& index_update_duration;
  /// jobpilot_duplicates_total{reason}: jobs found to duplicate a stored one (label_sets::duplicate_reasons).
  counter_family& duplicates;
  /// jobpilot_jobs_loaded_total{kind}: jobs written to enhanced_jobs, new or updated.
  counter_family& jobs_loaded;
  /// jobpilot_load_duration_seconds: loading one batch (one transaction).
  histogram_family& load_duration;

  // -- pipeline state (usually computed at scrape time with gauge::compute) ---------------------------

  /// jobpilot_stage_queue_depth{stage}: collections waiting for the stage.
  gauge_family& stage_queue_depth;
  /// jobpilot_collections{status}: stored collections by status.
  gauge_family& collections;
  /// jobpilot_oldest_unfinished_collection_age_seconds: age of the oldest collection not in a
  /// final status (0 when there is none).
  gauge_family& oldest_unfinished_collection_age;
  /// jobpilot_cluster_workers{state}: cluster mode's workers by state (all 0 without a cluster).
  gauge_family& cluster_workers;

  // -- scheduler ------------------------------------------------------------------------------------

  /// jobpilot_scheduler_runs_total{schedule,result}: schedule is a configured schedule name.
  counter_family& scheduler_runs;
  /// jobpilot_scheduler_next_fire_timestamp_seconds{schedule}: when the schedule fires next (Unix s).
  gauge_family& scheduler_next_fire;

  // -- process --------------------------------------------------------------------------------------

  /// jobpilot_build_info{version}: always 1; the version is in the label.
  gauge_family& build_info;
  /// jobpilot_process_start_time_seconds: Unix time the process started.
  gauge_family& process_start_time;
};

/// A markdown table (name, type, labels, help) of every family in `reg`, for the README.
std::string markdown_table(const registry& reg);

/// markdown_table() of a fresh registry holding jobpilot_metrics: the service's metric reference.
std::string jobpilot_metrics_table();

}  // namespace jobpilot::metrics
