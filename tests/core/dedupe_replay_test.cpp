// dedupe_index::replay rebuilds an index from stored decisions: on a realistic run of generated postings
// (duplicates, traps, re-collected job ids, job id updates with new links), an index rebuilt from the
// first 70 % of the decisions decides the remaining 30 % exactly as the index that made them live.
#include "core/dedupe.hpp"
#include "core/enhanced_job.hpp"
#include "core/local_embedding_provider.hpp"
#include "core/time_format.hpp"
#include "core/transform.hpp"
#include "fake_jsearch/generator.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace jobpilot;
using core::dedupe_reason;

namespace {

/// Generated postings through the transform and the `local` embedding, in the generator's order.
std::vector<core::dedupe_record> generated_records(std::uint64_t seed, std::size_t postings) {
  fake_jsearch::generator_options o;
  o.seed = seed;
  o.postings = postings;
  const auto corpus = fake_jsearch::generate(o);
  const auto collected_at = core::from_epoch_seconds(o.reference_time);
  std::vector<core::enhanced_job> jobs;
  for (const auto& p : corpus.postings) {
    auto t = core::transform_job_value(boost::json::value(p.job), collected_at);
    if (t.ok()) jobs.push_back(std::move(*t.job));
  }
  std::vector<std::string> texts;
  for (const auto& j : jobs) texts.push_back(core::embedding_text(j));
  core::local_embedding_provider provider;
  auto vectors = provider.embed(texts);
  REQUIRE(vectors.ok());
  REQUIRE(vectors.vectors.size() == jobs.size());
  std::vector<core::dedupe_record> out;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    out.push_back(core::dedupe_record_of(jobs[i], std::move(vectors.vectors[i])));
  return out;
}

std::string describe(const core::dedupe_decision& d) {
  std::ostringstream s;
  s << core::to_string(d.reason) << " canonical=" << d.canonical << " similarity=" << d.similarity
    << " overlap=" << d.overlap;
  return s.str();
}

bool same(const core::dedupe_decision& a, const core::dedupe_decision& b) {
  return a.reason == b.reason && a.canonical == b.canonical && a.similarity == b.similarity && a.overlap == b.overlap;
}

std::string update_url(const std::string& job_id) { return "https://updates.example.com/jobs/" + job_id; }

}  // namespace

TEST_CASE("core: dedupe index replayed from stored decisions decides like the live one", "[core]") {
  const auto records = generated_records(20261101, 400);
  REQUIRE(records.size() >= 380);  // nearly every generated posting transforms

  // The order postings reach the deduper: each once, some re-collected unchanged, and some seen again
  // later under the same job id with a new apply link and a later date (an update of the job).
  std::vector<core::dedupe_record> seq;
  std::vector<std::size_t> updates;  // positions in seq
  for (std::size_t i = 0; i < records.size(); ++i) {
    seq.push_back(records[i]);
    if (i % 10 == 5) seq.push_back(records[i]);
    if (i % 10 == 8) {
      auto u = records[i - 3];
      u.url_keys.push_back(update_url(u.jsearch_job_id));
      if (u.posted_at) *u.posted_at += 86400;
      updates.push_back(seq.size());
      seq.push_back(std::move(u));
    }
  }
  const std::size_t head = seq.size() * 7 / 10;
  // The rest: the natural tail, head postings collected again (their job id is only in the replayed part),
  // and for every head update a posting of another company that shares only the update's new link.
  std::vector<core::dedupe_record> tail(seq.begin() + static_cast<std::ptrdiff_t>(head), seq.end());
  for (std::size_t i = 0; i < head; i += 17) tail.push_back(seq[i]);
  std::vector<std::string> probe_ids;
  for (auto pos : updates) {
    if (pos >= head) continue;
    core::dedupe_record probe;
    probe.jsearch_job_id = "probe-" + seq[pos].jsearch_job_id;
    probe.title_key = "night shift warehouse probe " + std::to_string(pos);
    probe.company_key = "probe holdings " + std::to_string(pos);
    probe.url_keys = {update_url(seq[pos].jsearch_job_id)};
    probe.posted_at = seq[pos].posted_at;
    probe_ids.push_back(probe.jsearch_job_id);
    tail.push_back(std::move(probe));
  }
  REQUIRE(probe_ids.size() >= 10);

  // A decides live; B is rebuilt from A's decisions.
  core::dedupe_index a;
  core::dedupe_index b;
  std::vector<core::dedupe_decision> decisions;
  std::map<dedupe_reason, int> head_reasons;
  for (std::size_t i = 0; i < head; ++i) {
    decisions.push_back(a.decide_and_add(seq[i]));
    ++head_reasons[decisions.back().reason];
  }
  std::map<std::string, std::uint64_t> probe_canonical;  // the job each probe's link belongs to
  for (auto pos : updates)
    if (pos < head) {
      CHECK(decisions[pos].reason == dedupe_reason::job_id);
      probe_canonical["probe-" + seq[pos].jsearch_job_id] = decisions[pos].canonical;
    }
  std::size_t replay_growth_errors = 0;
  for (std::size_t i = 0; i < head; ++i) {
    const auto before = b.posting_count();
    b.replay(seq[i], decisions[i]);
    // An update (job_id) adds its keys to the member it names, never a second member.
    const auto expected = before + (decisions[i].reason == dedupe_reason::job_id ? 0 : 1);
    if (b.posting_count() != expected) ++replay_growth_errors;
  }
  CHECK(replay_growth_errors == 0);
  CHECK(head_reasons[dedupe_reason::job_id] >= 30);  // the repeats and updates in the head
  CHECK(head_reasons[dedupe_reason::canonical] >= 100);
  CHECK(head_reasons[dedupe_reason::exact] + head_reasons[dedupe_reason::url] +
            head_reasons[dedupe_reason::near_duplicate] >= 10);  // the generator's duplicates
  CHECK(a.canonical_count() == b.canonical_count());
  CHECK(a.posting_count() == b.posting_count());
  CHECK(a.posting_count() == head - static_cast<std::size_t>(head_reasons[dedupe_reason::job_id]));
  CHECK(a.next_canonical_id() == b.next_canonical_id());

  // The tail: B decides every posting exactly as A, before and after both add it.
  std::size_t disagreements = 0, unstable = 0, count_mismatches = 0;
  std::string first_problem;
  std::map<dedupe_reason, int> tail_reasons;
  std::map<std::string, core::dedupe_decision> probe_decisions;
  for (std::size_t i = 0; i < tail.size(); ++i) {
    const auto& r = tail[i];
    const auto da = a.decide(r);
    const auto db = b.decide(r);
    const auto aa = a.decide_and_add(r);
    const auto ab = b.decide_and_add(r);
    ++tail_reasons[aa.reason];
    if (r.jsearch_job_id.rfind("probe-", 0) == 0) probe_decisions[r.jsearch_job_id] = aa;
    if (!same(da, db) || !same(aa, ab)) {
      ++disagreements;
      if (first_problem.empty())
        first_problem = "tail " + std::to_string(i) + " (" + r.jsearch_job_id + "): A " + describe(da) + " / B " +
                        describe(db) + "; added: A " + describe(aa) + " / B " + describe(ab);
    }
    if (!same(da, aa)) ++unstable;  // decide and decide_and_add must agree on the same index
    if (a.canonical_count() != b.canonical_count() || a.posting_count() != b.posting_count()) ++count_mismatches;
  }
  INFO(first_problem);
  CHECK(disagreements == 0);
  CHECK(unstable == 0);
  CHECK(count_mismatches == 0);
  CHECK(a.canonical_count() == b.canonical_count());
  CHECK(a.posting_count() == b.posting_count());
  CHECK(a.next_canonical_id() == b.next_canonical_id());

  // The tail covered every kind of decision, the replayed job ids and the update keys among them.
  CHECK(tail_reasons[dedupe_reason::canonical] >= 20);
  CHECK(tail_reasons[dedupe_reason::job_id] >= 20);
  CHECK(tail_reasons[dedupe_reason::url] >= static_cast<int>(probe_ids.size()));
  // Each probe found the updated job through the link only the update brought (replayed in B).
  REQUIRE(probe_decisions.size() == probe_ids.size());
  std::size_t probes_not_by_url = 0, probes_elsewhere = 0;
  for (const auto& [id, d] : probe_decisions) {
    if (d.reason != dedupe_reason::url) ++probes_not_by_url;
    if (d.canonical != probe_canonical.at(id)) ++probes_elsewhere;
  }
  CHECK(probes_not_by_url == 0);
  CHECK(probes_elsewhere == 0);
}
