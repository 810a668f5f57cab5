// Cluster mode: the coordinator's /metrics counts the workers' stage work. What a worker's stages
// did reaches the coordinator as a tally (through the heartbeat); counted there, it renders the same
// Prometheus text as the same work done on the coordinator itself.
#include "actors/stage_observer.hpp"
#include "actors/stage_tally_observer.hpp"
#include "app/service_metrics.hpp"
#include "app/service_state.hpp"
#include "core/enhanced_job.hpp"

#include <catch2/catch.hpp>

using namespace jobpilot;

namespace {

// One node's stage work, told to an observer.
void stage_work(actors::stage_observer& o, int round) {
  core::enhanced_job a, b;
  a.title = b.title = "Nurse";
  a.company = "Acme";
  b.description = "Night shifts, round " + std::to_string(round);
  b.salary = core::salary_info{};
  o.job_transformed(a);
  o.job_transformed(b);
  o.job_rejected("schema_validation", "Missing required field: job_title");
  o.job_rejected("schema_validation", "Invalid required field: employer_name");
  o.job_rejected("parse_error", "not an object");
  o.collection_processed(0.02 * round);
  o.collection_embedded(0.3);
  o.dead_letter("processor");
  o.stage_restarted("embedder");
}

}  // namespace

TEST_CASE("cluster metrics: a worker's tally counts as the coordinator's own stage work", "[service][cluster]") {
  app::service_state state;
  app::service_metrics local(state), coordinator(state);
  auto local_stages = local.stage_observer();
  auto coordinator_stages = coordinator.stage_observer();
  actors::stage_tally_observer worker;
  for (int round = 1; round <= 3; ++round) {
    stage_work(*local_stages, round);
    stage_work(worker, round);
    auto tally = worker.take();
    if (round == 2) {  // a heartbeat that went unanswered: its tally goes with the next one
      worker.give_back(tally);
      continue;
    }
    coordinator_stages->node_tally(tally);
  }
  const auto text = coordinator.render();
  CHECK_THAT(text, Catch::Contains("jobpilot_jobs_processed_total 15"));
  CHECK_THAT(text, Catch::Contains("jobpilot_jobs_failed_total{reason=\"missing_field\"} 3"));
  CHECK_THAT(text, Catch::Contains("jobpilot_processing_duration_seconds_count 3"));
  CHECK(text == local.render());
}
