// Runs one command's work through the pipeline (actors/pipeline.hpp) and prints what it did.
#pragma once

#include "actors/stage_clock.hpp"
#include "app/runtime.hpp"
#include "messages/pipeline.hpp"

#include <chrono>
#include <string>

namespace jobpilot::app {

struct run_outcome {
  messages::run_report report;
  std::string error;  ///< the pipeline itself went down before it could report (report.fatal is the usual way)
  actors::stage_times stages;  ///< where the time went, stage by stage
};

/// Spawns the pipeline, sends it `request`, waits for its report or its end (it is monitored: a
/// pipeline that is gone ends the wait at once). Progress goes to stderr. `cluster`: this process is
/// a cluster's coordinator (it waits for cluster.wait_for_workers first).
run_outcome run_pipeline(runtime& rt, const messages::run_request& request, const std::string& api_key,
                         const config::cluster_settings* cluster = nullptr);

/// The processing summary: this run's figures plus the database totals.
void print_pipeline_summary(runtime& rt, const run_outcome& r, bool json, std::chrono::steady_clock::time_point start);

/// Failed collections, failed imports, dead letters, a stage that gave up: the work failed (exit 1).
/// Jobs that could not be transformed are bad data, recorded and reported, not a failed run.
bool processing_failed(const run_outcome& r);

/// The collection summary of `collect` and `run --once`.
void print_collect_summary(const run_outcome& r, const std::string& what, bool json);

/// A page failed or collection stopped early for a reason other than an empty page.
bool collection_failed(const run_outcome& r);

}  // namespace jobpilot::app
