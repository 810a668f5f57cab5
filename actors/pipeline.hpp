// The PIPELINE: root of the supervision tree and the one place work moves between stages.
//
//   recovery sweep ──unfinished ids──┐
//   collector pool ──stored id───────┴─> processor pool ─> embedder ─> deduper ─> loader
//      (pages of one search in order,      (claims)        (claims)   (global order, locks)
//       searches side by side)
//
// Every message names collections by id; each stage reads what it needs from storage and commits its
// output together with the collection's new status, so whatever crashes, the next sweep resumes each
// collection from the stage it reached. The pipeline monitors every stage: one that gives up (restart
// intensity exceeded) ends the run at once with a report naming the stage and its last cause, and the
// pipeline quits with that reason; every request it sends has a timeout, so a run never waits on an
// actor that is gone.
#pragma once

#include "messages/collector.hpp"
#include "messages/deduper.hpp"
#include "messages/embedder.hpp"
#include "messages/loader.hpp"
#include "messages/pipeline.hpp"
#include "messages/processor.hpp"
#include "messages/recovery.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace caf {
class actor_system;
}

namespace jobpilot::actors {

/// How the pipeline gets its stages (spawned on first use, so `collect` never builds a dedupe
/// index) and paces them. app/ fills it in one place; tests put stages of their own in.
struct pipeline_parts {
  std::function<messages::collector_actor()> collector;
  std::function<messages::processor_actor()> processor;
  std::function<messages::embedder_actor()> embedder;
  std::function<messages::deduper_actor()> deduper;
  std::function<messages::loader_actor()> loader;
  std::function<messages::recovery_actor()> recovery;
  int searches_at_once = 2;   ///< searches collected side by side (one page of each at a time)
  int processor_window = 4;   ///< collections at the processor at once
  int embedder_window = 2;
  std::chrono::milliseconds stage_timeout{std::chrono::minutes(30)};  ///< no answer by then: the run fails
  std::chrono::milliseconds retry_interval{300};  ///< how soon a waiting collection is offered again
  std::function<void(const std::string&)> progress;  ///< one line per step worth showing (stderr in the CLI)
  std::function<void()> on_stop;    ///< a run failed or the pipeline stops: blocked workers give up waiting
  std::function<void()> on_resume;  ///< a new run starts: workers may wait again
};

messages::pipeline_actor spawn_pipeline(caf::actor_system& sys, pipeline_parts parts);

}  // namespace jobpilot::actors
