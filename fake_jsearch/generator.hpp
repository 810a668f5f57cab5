// Deterministic generator of JSearch-shaped postings (both job-object generations) with labelled duplicates.
#pragma once

#include "fake_jsearch/corpus.hpp"
#include "fake_jsearch/query_match.hpp"

#include <cstddef>
#include <cstdint>

namespace jobpilot::fake_jsearch {

struct generator_options {
  std::uint64_t seed = 42;
  std::size_t postings = 2000;                 ///< exact number of postings produced
  double current_share = 0.5;                  ///< fraction in the 2025+ shape (the rest 2023-24 legacy)
  std::int64_t reference_time = 1793491200;    ///< "now" (2026-11-01T00:00:00Z); postings are dated before it

  // Duplicate knobs: share of primary openings that become each kind of group; the rest are posted once.
  double cross_post_share = 0.22;              ///< same opening on 2-max_publishers boards
  double agency_repost_share = 0.09;           ///< a staffing agency reposts it (sometimes two agencies)
  double edited_repost_share = 0.08;           ///< reposted 2-6 days later with a small edit
  double template_family_share = 0.05;         ///< hard negative: 2-4 openings from one employer template
  double multi_city_share = 0.05;              ///< hard negative: the same text in 2-3 cities
  double month_later_share = 0.04;             ///< hard negative: the same text 35-60 days later
  double employer_template_share = 0.05;       ///< hard negative: 2-3 direct employers post the same title in the
                                               ///< same city from one HR-system template (own introduction)
  double hard_negative_cross_post_share = 0.3; ///< openings of hard-negative groups that are also cross-posted
  int max_publishers = 4;                      ///< boards per cross-posted opening (2..8)
};

/// Same options -> byte-identical output (own PRNG, no std distributions, no clock).
corpus generate(const generator_options& options);

}  // namespace jobpilot::fake_jsearch
