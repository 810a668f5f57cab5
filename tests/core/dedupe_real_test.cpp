// Dedupe on the real JSearch samples (../shared/data/jsearch-real) through the pipeline's own path:
// transform, local embedding, dedupe_record_of, one index in collection order.
#include "core/dedupe.hpp"
#include "core/embedding.hpp"
#include "core/transform.hpp"
#include "tests/support/real_corpus.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <string>

using namespace jobpilot;

TEST_CASE("core: dedupe on the real samples keeps marketplace gigs apart", "[core][real]") {
  test::require_real_corpus();
  const auto collected = core::from_epoch_seconds(1790000000);
  core::dedupe_index index;
  std::map<std::string, std::uint64_t> canonical_of;
  std::size_t jobs = 0, duplicates = 0;
  for (const auto& posting : test::real_job_postings(true)) {
    auto t = core::transform_job(posting, collected);
    if (!t.ok()) continue;
    ++jobs;
    const auto& job = *t.job;
    const auto d = index.decide_and_add(core::dedupe_record_of(job, core::local_embed(core::embedding_text(job), 384)));
    canonical_of[job.jsearch_job_id] = d.canonical;
    if (d.reason != core::dedupe_reason::canonical) {
      ++duplicates;
      std::cout << "real duplicate: " << job.jsearch_job_id << " " << job.company << " | " << job.title << " -> "
                << core::to_string(d.reason) << " overlap " << d.overlap << "\n";
    }
  }
  std::cout << "dedupe on the real samples: " << jobs << " jobs, " << duplicates << " duplicates\n";
  CHECK(jobs >= 370);
  // Upwork's "React Developer required urgently" and "React Developer": two clients' gigs (text similarity 0.344),
  // merged as `exact` by the seed's rule as written.
  REQUIRE(canonical_of.count("wDDfM4QCXIgAAAAAAAAAAA==") == 1);
  REQUIRE(canonical_of.count("iRcIDval5coAAAAAAAAAAA==") == 1);
  CHECK(canonical_of.at("wDDfM4QCXIgAAAAAAAAAAA==") != canonical_of.at("iRcIDval5coAAAAAAAAAAA=="));
}
