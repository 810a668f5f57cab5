// De-duplication decisions: is a posting an update, a duplicate of a known job (and why), or a new job?
#pragma once

#include "core/employer_kind.hpp"
#include "core/location.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace jobpilot::core {

/// What the deduper knows of one posting (the transform builds it from its enhanced_job).
struct dedupe_record {
  std::string jsearch_job_id;
  std::string title_key;                  ///< normalize_title(title)
  std::string company_key;                ///< normalize_company(company)
  std::string company_type;               ///< JSearch's employer_company_type ("Staffing", ...), may be empty
  bool mentions_client = false;           ///< the description speaks of "our client" (an agency's repost)
  normalized_location location;           ///< the exact rule uses location_key(location)
  std::vector<std::string> url_keys;      ///< canonical apply link + canonical apply_options links
  std::optional<std::int64_t> posted_at;  ///< epoch seconds; an unknown date never refutes a match
  std::vector<float> embedding;           ///< of embedding_text(job); empty = not embedded
  std::vector<std::uint64_t> sentences;   ///< text_fingerprint(description); empty = no text
};

struct enhanced_job;

/// The record of a transformed job and its embedding (empty when it has none).
dedupe_record dedupe_record_of(const enhanced_job& job, std::vector<float> embedding);

/// Sorted, unique hashes of the text's sentences and lines of 2+ words, each reduced to its lower-cased
/// words: blind to formatting (bullets, dashes, quotes, spacing, line breaks), not to wording.
std::vector<std::uint64_t> text_fingerprint(std::string_view text);

/// Share of the smaller fingerprint found in the other (0 when either is empty): 1 when one text holds
/// every sentence of the other, as a repost with an added line does. Both must be sorted.
float sentence_overlap(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

enum class dedupe_reason {
  canonical,       ///< a new job
  job_id,          ///< the same JSearch job id again: an update of that job
  exact,           ///< same title + company + location key, posted within the exact window
  url,             ///< a shared canonical apply URL within the URL window
  near_duplicate,  ///< similar text with a compatible title and location within the text window
};
const char* to_string(dedupe_reason r) noexcept;
std::optional<dedupe_reason> parse_dedupe_reason(std::string_view text) noexcept;

struct dedupe_decision {
  std::uint64_t canonical = 0;  ///< id of the canonical job (a new id for reason canonical)
  dedupe_reason reason = dedupe_reason::canonical;
  /// The cosine to the matched posting when both are embedded; else 1 for job_id/exact/url and the
  /// sentence overlap for near_duplicate. For a new job: the best cosine among the neighbours looked at
  /// (0 when none), to calibrate thresholds on real data.
  float similarity = 0;
  float overlap = 0;  ///< sentence_overlap with the matched posting (0 when either has no text; job_id: 1)
};

// Defaults measured on the generator's labels with the `local` embedding (tests/core/dedupe_quality_test.cpp).
struct dedupe_settings {
  /// Embedding rule (DESIGN section 8): cosine at or above this is near-duplicate text. It decides when
  /// either posting has no sentence fingerprint, or always with cosine_with_sentences.
  float near_duplicate_threshold = 0.95f;
  /// false: when both postings have sentences, their overlap judges the text (the `local` embedding's
  /// cosine >= 0.95 found no duplicate the sentences missed but merged one employer's distinct openings).
  bool cosine_with_sentences = false;
  /// Sentence rule, same company: the employer's boilerplate (intro, perks, EEO line) is in all its postings,
  /// so nearly all of the text must be shared.
  float overlap_threshold = 0.9f;
  /// Sentence rule, another company where one is a staffing agency: its repost (own name, intro, footer, an
  /// added line). Two different direct employers are never one job on text alone: HR systems ship the same
  /// responsibilities and requirements to every employer (classify_employer tells them apart).
  float other_company_overlap_threshold = 0.75f;
  std::int64_t exact_window_seconds = 7 * 86400;
  /// false: the exact rule needs both dates (an unknown date would stretch "within 7 days" to forever).
  bool exact_without_dates = false;
  /// The exact rule also needs this sentence overlap when both have text: the seed's rule assumes the text
  /// agrees (one employer's distinct openings share title, city and week). 0 = the seed rule as written.
  float exact_min_overlap = 0.85f;
  std::int64_t url_window_seconds = 30 * 86400;   ///< the same link a month later: a new opening
  std::int64_t text_window_seconds = 30 * 86400;  ///< the same text a month later: a new opening
  std::size_t candidates = 16;  ///< embedding neighbours per search (more while all of them are similar)
  std::size_t common_sentence_limit = 2000;  ///< a sentence in more postings than this finds no candidates
  employer_lists employers;  ///< staffing and marketplace names beyond the built-in ones
};

/// Nearest-neighbour search over vectors by cosine similarity. Labels are the deduper's own.
class nearest_neighbours {
public:
  virtual ~nearest_neighbours() = default;
  virtual void add(std::uint64_t label, const std::vector<float>& v) = 0;
  /// Up to k (label, similarity) pairs, best first.
  virtual std::vector<std::pair<std::uint64_t, float>> search(const std::vector<float>& query, std::size_t k) const = 0;
};

/// Exact search by a full scan: recall 1, fine below ~100k vectors (anchors section 5).
class brute_force_neighbours final : public nearest_neighbours {
public:
  void add(std::uint64_t label, const std::vector<float>& v) override;
  std::vector<std::pair<std::uint64_t, float>> search(const std::vector<float>& query, std::size_t k) const override;
  std::size_t size() const { return labels_.size(); }

private:
  std::size_t dims_ = 0;
  std::vector<float> data_;  ///< row-major unit rows
  std::vector<std::uint64_t> labels_;
};

/// The single owner of all dedupe keys (job ids, exact keys, URLs, sentences) and of the candidate search.
/// Canonical ids are assigned here: one more than the largest id seen. Not thread-safe.
class dedupe_index {
public:
  /// `ann` (not owned; must outlive the index and start empty) receives every embedded posting under the
  /// index's own labels (0, 1, 2, ... in the order postings are added); nullptr = built-in brute force.
  explicit dedupe_index(dedupe_settings settings = {}, nearest_neighbours* ann = nullptr);
  dedupe_index(const dedupe_index&) = delete;  // ann_ may point at own_ann_
  dedupe_index& operator=(const dedupe_index&) = delete;

  /// Decides, then registers the posting (as a new canonical job or as another posting of its job).
  dedupe_decision decide_and_add(dedupe_record r);
  dedupe_decision decide(const dedupe_record& r) const;
  /// Registers a posting as a stored decision says (a rebuild, or another process's decision): the
  /// index ends up exactly as if decide_and_add had decided it here, so replaying the global order
  /// of decisions gives every process the same index. d.canonical is the index's id of the job.
  void replay(dedupe_record r, const dedupe_decision& d);
  /// The id decide_and_add gives the next new job (replays number new jobs the same way).
  std::uint64_t next_canonical_id() const { return next_id_; }

  std::size_t canonical_count() const { return canonicals_.size(); }
  std::size_t posting_count() const { return members_.size(); }
  const dedupe_settings& settings() const { return settings_; }

private:
  struct member {
    std::uint64_t canonical = 0;
    std::string title_key;
    std::string company_key;
    employer_kind employer = employer_kind::unknown;
    std::string title_base;  ///< title_base_key(title_key): equal bases are compatible titles
    normalized_location location;
    std::optional<std::int64_t> posted_at;
    std::vector<float> embedding;  ///< unit length or empty
    std::vector<std::uint64_t> sentences;
  };

  struct prepared_record {
    dedupe_record record;  ///< unit embedding (or none), sorted unique sentences
    employer_kind employer = employer_kind::unknown;
    std::string title_base;
  };
  prepared_record prepared(dedupe_record r) const;
  dedupe_decision decide_prepared(const prepared_record& p) const;
  std::optional<dedupe_decision> by_keys(const std::vector<std::size_t>& candidates, const dedupe_record& r,
                                         dedupe_reason reason, std::int64_t window, bool without_dates,
                                         float min_overlap) const;
  std::optional<dedupe_decision> by_text(const prepared_record& p, float& best_cosine) const;
  bool may_be_same_job(const prepared_record& p, const member& m) const;  ///< title, location, date, employers
  bool text_matches(const prepared_record& p, const member& m, float cosine, float overlap) const;
  void apply(const dedupe_decision& d, prepared_record p);
  void add_member(std::uint64_t canonical, prepared_record p);
  void add_keys(std::size_t member, const prepared_record& p, bool is_new);

  dedupe_settings settings_;
  brute_force_neighbours own_ann_;
  nearest_neighbours* ann_;
  std::size_t dims_ = 0;  ///< of the first embedding added; other sizes count as not embedded
  std::vector<member> members_;
  std::unordered_map<std::string, std::size_t> job_ids_;  ///< -> member
  std::vector<std::size_t> textless_;  ///< embedded members without sentences: only the cosine can match them
  std::unordered_map<std::string, std::vector<std::size_t>> exact_keys_;
  std::unordered_map<std::string, std::vector<std::size_t>> url_keys_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> sentence_keys_;
  std::unordered_set<std::uint64_t> canonicals_;
  std::uint64_t next_id_ = 1;
  // Scratch of by_text (kept to avoid an allocation per decision): sentences shared per member.
  mutable std::vector<std::uint32_t> shared_;
  mutable std::vector<std::size_t> touched_;
};

/// "senior software engineer contract" and "senior software engineer" name one job: equal once the
/// employment-arrangement words agencies add (contract, w2, hybrid, direct hire, ...) are dropped.
/// Seniority and specialty words count.
bool titles_compatible(std::string_view title_key_a, std::string_view title_key_b);
/// The form titles_compatible compares: two non-empty keys are compatible exactly when their bases are equal.
std::string title_base_key(std::string_view title_key);

/// Country, state and city equal where both are known (a missing part does not refute); only the country
/// counts when both jobs are remote.
bool locations_compatible(const normalized_location& a, const normalized_location& b);

}  // namespace jobpilot::core
