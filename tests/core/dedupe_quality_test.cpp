// Dedupe quality on the generator's labels: pairwise precision and recall of "same canonical job" against
// "same opening", per duplicate kind and per hard negative, printed and required.
#include "core/dedupe.hpp"
#include "core/embedding.hpp"
#include "core/jsearch_model.hpp"
#include "core/location.hpp"
#include "core/text_clean.hpp"
#include "core/url_canonical.hpp"
#include "fake_jsearch/generator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

using namespace jobpilot;

namespace {

constexpr int embedding_dims = 384;  // the local provider's default

std::string text_of(const std::optional<std::string>& s) { return s ? *s : std::string(); }

void add_url(std::vector<std::string>& keys, const std::optional<std::string>& link) {
  if (!link) return;
  auto c = core::canonicalize_url(*link);
  if (c && std::find(keys.begin(), keys.end(), *c) == keys.end()) keys.push_back(*c);
}

// What the transform derives from a job object, done with the same helpers: cleaned title and description,
// the key normalisers, canonical links, the posting time, local_embed(title + "\n" + description) and the
// description's sentence fingerprint.
core::dedupe_record record_of(const boost::json::object& job) {
  core::dedupe_record r;
  auto parsed = core::parse_job(job);
  if (!parsed.ok()) return r;  // counted by the caller: a record without job id
  const auto& p = *parsed.job;
  r.jsearch_job_id = p.job_id;
  const std::string title = core::clean_line(text_of(p.title));
  const std::string description = core::clean_text(text_of(p.description));
  r.title_key = core::normalize_title(title);
  r.company_key = core::normalize_company(core::clean_line(text_of(p.employer_name)));
  r.company_type = core::clean_line(text_of(p.employer_company_type));
  r.mentions_client = core::mentions_client(description);
  r.location = core::normalize_location(text_of(p.city), text_of(p.state), text_of(p.country), text_of(p.location),
                                        p.is_remote);
  add_url(r.url_keys, p.apply_link);
  if (p.apply_options)
    for (const auto& o : *p.apply_options) add_url(r.url_keys, o.apply_link);
  r.posted_at = p.posted_at_timestamp;
  r.embedding = core::local_embed(title + "\n" + description, embedding_dims);
  r.sentences = core::text_fingerprint(description);
  return r;
}

std::uint64_t pairs(std::uint64_t n) { return n * (n - 1) / 2; }

bool duplicate_kind(const std::string& k) { return k == "cross_post" || k == "agency_repost" || k == "edited_repost"; }

struct kind_figures {
  std::size_t postings = 0;
  std::size_t right = 0;  ///< duplicate kinds: joined their opening's first posting; others: kept apart
  // Pairs with a posting of this kind, counted from its side: pairs it was put in, pairs it belongs to, both.
  std::uint64_t predicted = 0, truth = 0, correct = 0;
  double precision() const { return predicted ? double(correct) / double(predicted) : 1.0; }
  double recall() const { return truth ? double(correct) / double(truth) : 1.0; }
};

struct quality {
  std::size_t postings = 0, openings = 0, canonicals = 0, unparsed = 0;
  std::uint64_t true_pairs = 0, predicted_pairs = 0, correct_pairs = 0;
  std::map<std::string, kind_figures> kinds;
  std::map<std::string, std::pair<std::size_t, std::size_t>> reasons;  ///< decisions, of them right
  double precision() const { return predicted_pairs ? double(correct_pairs) / double(predicted_pairs) : 1.0; }
  double recall() const { return true_pairs ? double(correct_pairs) / double(true_pairs) : 1.0; }
};

quality measure(const fake_jsearch::corpus& c, bool by_posting_time, const core::dedupe_settings& settings = {}) {
  std::vector<core::dedupe_record> records;
  records.reserve(c.postings.size());
  quality q;
  for (const auto& p : c.postings) {
    records.push_back(record_of(p.job));
    if (records.back().jsearch_job_id.empty()) ++q.unparsed;
  }

  std::vector<std::size_t> order(records.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (by_posting_time)  // undated postings last, in generator order
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto& x = records[a].posted_at;
      const auto& y = records[b].posted_at;
      if (!x || !y) return x.has_value() && !y.has_value();
      return *x < *y;
    });

  core::dedupe_index index(settings);
  std::vector<std::uint64_t> canonical(records.size());
  std::map<std::uint64_t, std::set<std::string>> openings_of;  // what each canonical job holds so far
  for (std::size_t i : order) {
    const auto d = index.decide_and_add(records[i]);
    canonical[i] = d.canonical;
    auto& held = openings_of[d.canonical];
    auto& reason = q.reasons[core::to_string(d.reason)];
    ++reason.first;
    const bool right = d.reason == core::dedupe_reason::canonical ? held.empty() : held.count(c.postings[i].opening_id) > 0;
    if (right) ++reason.second;
    held.insert(c.postings[i].opening_id);
  }

  std::map<std::string, std::uint64_t> by_opening;
  std::map<std::uint64_t, std::uint64_t> by_canonical;
  std::map<std::pair<std::uint64_t, std::string>, std::uint64_t> by_both;
  std::map<std::string, std::size_t> first_of;  // the opening's own (non-duplicate) posting
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& p = c.postings[i];
    ++by_opening[p.opening_id];
    ++by_canonical[canonical[i]];
    ++by_both[{canonical[i], p.opening_id}];
    if (!duplicate_kind(p.kind)) first_of[p.opening_id] = i;
  }
  for (const auto& [k, n] : by_opening) q.true_pairs += pairs(n);
  for (const auto& [k, n] : by_canonical) q.predicted_pairs += pairs(n);
  for (const auto& [k, n] : by_both) q.correct_pairs += pairs(n);
  q.postings = records.size();
  q.openings = by_opening.size();
  q.canonicals = index.canonical_count();

  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& p = c.postings[i];
    auto& f = q.kinds[p.kind];
    f.predicted += by_canonical[canonical[i]] - 1;
    f.truth += by_opening[p.opening_id] - 1;
    f.correct += by_both[{canonical[i], p.opening_id}] - 1;
    if (duplicate_kind(p.kind)) {
      auto it = first_of.find(p.opening_id);
      if (it == first_of.end()) continue;  // the generator's size cut dropped the first posting
      ++f.postings;
      if (canonical[it->second] == canonical[i]) ++f.right;
    } else {
      ++f.postings;
      if (openings_of[canonical[i]].size() == 1) ++f.right;
    }
  }
  return q;
}

void print(const std::string& name, const quality& q) {
  std::cout << std::fixed << std::setprecision(4) << "dedupe quality " << name << ": postings " << q.postings
            << ", openings " << q.openings << ", canonical jobs " << q.canonicals << ", duplicate pairs "
            << q.true_pairs << ", predicted " << q.predicted_pairs << ", correct " << q.correct_pairs
            << " -> precision " << q.precision() << " recall " << q.recall() << "\n";
  for (const auto& [kind, f] : q.kinds)
    std::cout << "  " << std::setw(17) << kind << ": precision " << f.precision() << " recall " << f.recall()
              << " (pairs: " << f.predicted << " predicted, " << f.truth << " true, " << f.correct << " correct); "
              << f.right << "/" << f.postings
              << (duplicate_kind(kind) ? " joined their opening's first posting"
                                       : " kept apart (" + std::to_string(f.postings - f.right) +
                                             " merged with another opening)")
              << "\n";
  for (const auto& [reason, n] : q.reasons)
    std::cout << "  decision " << std::setw(14) << reason << ": " << n.first << " (" << n.first - n.second
              << " wrong)\n";
}

double share(const kind_figures& f) { return f.postings ? double(f.right) / double(f.postings) : 1.0; }

// The bar for every run; the traps must hold too, not only the pair counts.
void check(const quality& q) {
  CHECK(q.unparsed == 0);
  CHECK(q.precision() >= 0.98);
  CHECK(q.recall() >= 0.95);
  for (const char* kind : {"cross_post", "edited_repost", "agency_repost", "template_sibling", "multi_city", "month_later",
                           "employer_template"}) {
    INFO(kind);
    REQUIRE(q.kinds.count(kind) == 1);
    const auto& f = q.kinds.at(kind);
    CHECK(f.postings > 0);
    if (duplicate_kind(kind)) {
      // Most misses are a repost that lost its city while the original names one: then only identical text
      // decides (the multi-city trap), and an agency's text never is.
      CHECK(share(f) >= 0.85);
    } else {
      CHECK(share(f) >= 0.95);  // hard negatives kept apart
    }
  }
}

}  // namespace

// Issue 8's bar: precision 0.98 and recall 0.95 on 5 seeds, with different direct employers posting one HR
// template (employer_template) among the hard negatives.
TEST_CASE("core: dedupe precision and recall on the generator's labelled duplicates", "[core]") {
  for (std::uint64_t seed : {42u, 7u, 2026u, 11u, 31337u}) {
    fake_jsearch::generator_options o;
    o.seed = seed;
    o.postings = 2000;
    const auto corpus = fake_jsearch::generate(o);
    for (bool by_time : {true, false}) {
      const auto q = measure(corpus, by_time);
      const std::string name =
          "seed " + std::to_string(seed) + " n=2000 " + (by_time ? "posting-time order" : "generator order");
      print(name, q);
      INFO(name);
      check(q);
    }
  }
}

TEST_CASE("core: the seed's exact rule without a text check merges one employer's distinct openings", "[core]") {
  // Why exact_min_overlap is on by default: without it, same title + company + city within 7 days is one job
  // whatever the descriptions say, and precision falls below the bar.
  fake_jsearch::generator_options o;
  o.seed = 42;
  o.postings = 2000;
  core::dedupe_settings seed_rule;
  seed_rule.exact_min_overlap = 0;
  const auto q = measure(fake_jsearch::generate(o), true, seed_rule);
  print("seed 42 n=2000 posting-time order, exact_min_overlap 0", q);
  CHECK(q.precision() < 0.98);
  CHECK(q.reasons.at("exact").first > q.reasons.at("exact").second);  // some exact decisions are wrong
}

TEST_CASE("core: dedupe quality holds on 4000 postings", "[core]") {
  fake_jsearch::generator_options o;
  o.seed = 42;
  o.postings = 4000;
  const auto q = measure(fake_jsearch::generate(o), true);
  print("seed 42 n=4000 posting-time order", q);
  check(q);
}
