// A worker's stage tally (cluster mode): what its stages did, taken for each heartbeat, given back
// when the coordinator did not take it, and summed by the coordinator's stage clock with its own.
#include "actors/stage_clock.hpp"
#include "actors/stage_tally_observer.hpp"
#include "core/enhanced_job.hpp"

#include <catch2/catch.hpp>

using namespace jobpilot;

namespace {

core::enhanced_job job_with(bool company, bool description) {
  core::enhanced_job j;
  j.title = "Nurse";
  if (company) j.company = "Acme";
  if (description) j.description = std::string(120, 'x');  // a description counts from 100 characters
  return j;
}

std::size_t field(const std::string& name) {
  const auto& f = core::completeness_fields();
  return static_cast<std::size_t>(std::find(f.begin(), f.end(), name) - f.begin());
}

}  // namespace

TEST_CASE("stage tally: counts what the stages did until it is taken", "[actors][cluster]") {
  actors::stage_tally_observer t;
  CHECK(t.take().empty());
  t.job_transformed(job_with(true, false));
  t.job_transformed(job_with(false, true));
  t.job_rejected("schema_validation", "Missing required field: job_title");
  t.job_rejected("schema_validation", "Invalid required field: job_title");
  t.job_rejected("parse_error", "not an object");
  t.collection_processed(0.5);
  t.collection_embedded(0.25);
  t.dead_letter("processor");
  t.stage_restarted("embedder");
  auto first = t.take();
  CHECK(first.jobs_transformed == 2);
  REQUIRE(first.fields_present.size() == core::completeness_fields().size());
  CHECK(first.fields_present[field("title")] == 2);
  CHECK(first.fields_present[field("company")] == 1);
  CHECK(first.fields_present[field("description")] == 1);
  CHECK(first.fields_present[field("salary")] == 0);
  CHECK(first.jobs_rejected == std::vector<std::string>{"missing_field", "invalid_value", "other"});
  CHECK(first.processing_seconds == std::vector<double>{0.5});
  CHECK(first.embedding_seconds == std::vector<double>{0.25});
  CHECK(first.dead_letters == std::vector<std::string>{"processor"});
  CHECK(first.restarts == std::vector<std::string>{"embedder"});
  CHECK(t.take().empty());  // taken: the next tally starts from nothing

  // A tally the coordinator did not take goes with the next one, added to what came meanwhile.
  t.job_transformed(job_with(true, true));
  t.collection_processed(1.5);
  t.give_back(first);
  auto second = t.take();
  CHECK(second.jobs_transformed == 3);
  CHECK(second.fields_present[field("company")] == 2);
  CHECK(second.fields_present[field("description")] == 2);
  CHECK(second.jobs_rejected.size() == 3);
  CHECK(second.processing_seconds.size() == 2);
  CHECK(second.dead_letters.size() == 1);
}

TEST_CASE("stage clock: a worker's tally adds to the coordinator's own stage times", "[actors][cluster]") {
  actors::stage_clock clock;
  clock.job_transformed(job_with(true, true));
  clock.collection_processed(1.0);
  clock.collection_embedded(0.5);
  messages::stage_tally remote;
  remote.jobs_transformed = 20;
  remote.processing_seconds = {2.0, 3.0};
  remote.embedding_seconds = {0.25, 0.25};
  clock.node_tally(remote);
  const auto t = clock.totals();
  CHECK(t.process.calls == 3);
  CHECK(t.process.jobs == 21);
  CHECK(t.process.seconds == Approx(6.0));
  CHECK(t.embed.calls == 3);
  CHECK(t.embed.seconds == Approx(1.0));
}
