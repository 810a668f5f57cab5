#include "core/dedupe.hpp"

#include "core/ascii.hpp"
#include "core/embedding.hpp"
#include "core/enhanced_job.hpp"
#include "core/time_format.hpp"

#include <algorithm>
#include <cstdlib>

namespace jobpilot::core {

dedupe_record dedupe_record_of(const enhanced_job& j, std::vector<float> embedding) {
  dedupe_record r;
  r.jsearch_job_id = j.jsearch_job_id;
  r.title_key = j.title_key;
  r.company_key = j.company_key;
  r.company_type = j.company_type;
  r.mentions_client = mentions_client(j.description);
  r.location = j.location;
  if (!j.apply_url_canonical.empty()) r.url_keys.push_back(j.apply_url_canonical);
  r.url_keys.insert(r.url_keys.end(), j.other_apply_urls.begin(), j.other_apply_urls.end());
  if (j.posted_at) r.posted_at = to_epoch_seconds(*j.posted_at);
  r.embedding = std::move(embedding);
  r.sentences = text_fingerprint(j.description);
  return r;
}

const char* to_string(dedupe_reason r) noexcept {
  switch (r) {
    case dedupe_reason::job_id: return "job_id";
    case dedupe_reason::exact: return "exact";
    case dedupe_reason::url: return "url";
    case dedupe_reason::near_duplicate: return "near_duplicate";
    case dedupe_reason::canonical: break;
  }
  return "canonical";
}

std::optional<dedupe_reason> parse_dedupe_reason(std::string_view text) noexcept {
  for (auto r : {dedupe_reason::canonical, dedupe_reason::job_id, dedupe_reason::exact, dedupe_reason::url,
                 dedupe_reason::near_duplicate})
    if (text == to_string(r)) return r;
  return std::nullopt;
}

// -- text fingerprint -----------------------------------------------------------

namespace {

// Code point at s[i] and its length; a broken sequence reads as U+FFFD of one byte.
std::pair<char32_t, std::size_t> decode_utf8(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return {0xFFFD, 1};
  char32_t c = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto x = static_cast<unsigned char>(s[i + k]);
    if ((x & 0xC0) != 0x80) return {0xFFFD, 1};
    c = (c << 6) | (x & 0x3F);
  }
  return {c, n};
}

// Typographic punctuation that reposting tools swap freely: bullets, dashes, quotes, arrows, boxes, emoji.
bool punctuation(char32_t c) {
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2500 && c <= 0x27BF) || (c >= 0x3000 && c <= 0x303F) ||
         c == 0xFFFD || (c >= 0x1F300 && c <= 0x1FAFF);
}

}  // namespace

std::vector<std::uint64_t> text_fingerprint(std::string_view text) {
  constexpr int min_words = 2;  // one-word lines are headings ("Benefits:"), shared by unrelated postings
  std::vector<std::uint64_t> out;
  std::string sentence, word;
  int words = 0;
  auto end_word = [&] {
    if (word.empty()) return;
    if (!sentence.empty()) sentence += ' ';
    sentence += word;
    word.clear();
    ++words;
  };
  auto end_sentence = [&] {
    end_word();
    if (words >= min_words) out.push_back(fnv1a64(sentence));
    sentence.clear();
    words = 0;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (static_cast<unsigned char>(ch) < 0x80) {
      const bool stop = ch == '.' || ch == '!' || ch == '?' || ch == ';';
      if (ch == '\n' || (stop && (i + 1 == text.size() || is_space(text[i + 1])))) {
        end_sentence();
      } else if (is_ascii_alnum(ch)) {
        word += ascii_lower(ch);
      } else {
        end_word();
      }
      ++i;
      continue;
    }
    const auto [c, n] = decode_utf8(text, i);
    if (punctuation(c))
      end_word();
    else
      word.append(text.substr(i, n));  // letters of other scripts stay part of the word
    i += n;
  }
  end_sentence();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

float sentence_overlap(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() || b.empty()) return 0.0f;
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<float>(common) / static_cast<float>(std::min(a.size(), b.size()));
}

// -- brute force --------------------------------------------------------------

void brute_force_neighbours::add(std::uint64_t label, const std::vector<float>& v) {
  if (v.empty() || (dims_ != 0 && v.size() != dims_)) return;
  dims_ = v.size();
  std::vector<float> unit = v;
  l2_normalize(unit);
  data_.insert(data_.end(), unit.begin(), unit.end());
  labels_.push_back(label);
}

std::vector<std::pair<std::uint64_t, float>> brute_force_neighbours::search(const std::vector<float>& query,
                                                                           std::size_t k) const {
  std::vector<std::pair<std::uint64_t, float>> out;
  if (k == 0 || query.size() != dims_ || labels_.empty()) return out;
  std::vector<float> q = query;
  l2_normalize(q);
  out.reserve(labels_.size());
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    const float* row = data_.data() + i * dims_;
    float s = 0;
    for (std::size_t d = 0; d < dims_; ++d) s += row[d] * q[d];
    out.emplace_back(labels_[i], s);
  }
  auto better = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  const std::size_t n = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), better);
  out.resize(n);
  return out;
}

// -- compatibility --------------------------------------------------------------

namespace {

// Employment-arrangement words: a recruiter's "- Contract", "- W2 Only", "(Hybrid)", "Direct Hire".
bool arrangement_word(std::string_view w) {
  static constexpr std::string_view words[] = {
      "contract", "contractor", "contracting", "c2c",  "c2h",       "corp",        "w2",        "1099",
      "only",     "hybrid",     "remote",      "onsite", "direct",  "hire",        "perm",      "permanent",
      "temp",     "temporary",  "to",          "wfh",  "telecommute", "immediate", "urgent",    "asap"};
  for (auto x : words)
    if (w == x) return true;
  return false;
}

std::vector<std::string_view> title_words(std::string_view key, bool drop_arrangement) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < key.size()) {
    while (i < key.size() && is_space(key[i])) ++i;
    std::size_t j = i;
    while (j < key.size() && !is_space(key[j])) ++j;
    if (j > i) {
      const auto w = key.substr(i, j - i);
      if (!drop_arrangement || !arrangement_word(w)) out.push_back(w);
    }
    i = j;
  }
  return out;
}

bool part_compatible(std::string_view a, std::string_view b) { return a.empty() || b.empty() || iequals(a, b); }

bool within(const std::optional<std::int64_t>& a, const std::optional<std::int64_t>& b, std::int64_t window,
            bool unknown_matches) {
  if (!a || !b) return unknown_matches;
  return std::llabs(*a - *b) <= window;
}

// Only an employer's (or an agency's) name keys a job: a marketplace's name is every client's.
std::string exact_key(const dedupe_record& r, employer_kind employer) {
  if (r.title_key.empty() || r.company_key.empty()) return {};
  if (employer == employer_kind::marketplace || employer == employer_kind::unknown) return {};
  return r.title_key + '\x1f' + r.company_key + '\x1f' + location_key(r.location);
}

// A new posting can only repeat itself as the last entry; an update of an old one is searched for.
template <class Map, class Key>
void remember(Map& map, const Key& key, std::size_t member, bool is_new) {
  auto& v = map[key];
  if (is_new ? (v.empty() || v.back() != member) : std::find(v.begin(), v.end(), member) == v.end())
    v.push_back(member);
}

// Nearly identical: the same template in another city differs from it only in the city's name.
constexpr float identical_cosine = 0.999f;

}  // namespace

std::string title_base_key(std::string_view key) {
  auto words = title_words(key, true);
  std::string out;
  if (words.empty()) {  // only arrangement words: the whole title, marked so it never equals a stripped one
    out = '\x01';
    words = title_words(key, false);
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += ' ';
    out.append(words[i]);
  }
  return out;
}

bool titles_compatible(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  return a == b || title_base_key(a) == title_base_key(b);
}

bool locations_compatible(const normalized_location& a, const normalized_location& b) {
  if (!part_compatible(a.country, b.country)) return false;
  if (a.remote && b.remote) return true;  // like location_key: a remote job's city and state are incidental
  return part_compatible(a.state, b.state) && part_compatible(a.city, b.city);
}

// -- the index ------------------------------------------------------------------

dedupe_index::dedupe_index(dedupe_settings settings, nearest_neighbours* ann)
    : settings_(settings), ann_(ann ? ann : &own_ann_) {}

dedupe_index::prepared_record dedupe_index::prepared(dedupe_record r) const {
  const auto employer = classify_employer(r.company_key, r.company_type, r.mentions_client, settings_.employers);
  auto base = title_base_key(r.title_key);
  prepared_record out{std::move(r), employer, std::move(base)};
  auto& p = out.record;
  std::sort(p.sentences.begin(), p.sentences.end());
  p.sentences.erase(std::unique(p.sentences.begin(), p.sentences.end()), p.sentences.end());
  if (p.embedding.empty() || (dims_ != 0 && p.embedding.size() != dims_)) {
    p.embedding.clear();
    return out;
  }
  l2_normalize(p.embedding);
  if (std::all_of(p.embedding.begin(), p.embedding.end(), [](float x) { return x == 0.0f; }))
    p.embedding.clear();  // a zero vector says nothing about the text
  return out;
}

std::optional<dedupe_decision> dedupe_index::by_keys(const std::vector<std::size_t>& candidates,
                                                     const dedupe_record& r, dedupe_reason reason,
                                                     std::int64_t window, bool without_dates,
                                                     float min_overlap) const {
  // Several jobs may share the key: take the posting whose text agrees most.
  std::optional<dedupe_decision> best;
  float best_rank = -1;
  for (std::size_t i : candidates) {
    const member& m = members_[i];
    if (!within(r.posted_at, m.posted_at, window, without_dates)) continue;
    const bool embedded = !r.embedding.empty() && !m.embedding.empty();
    const float cosine = embedded ? dot(r.embedding, m.embedding) : 1.0f;
    const float overlap = sentence_overlap(r.sentences, m.sentences);
    if (min_overlap > 0 && !r.sentences.empty() && !m.sentences.empty() && overlap < min_overlap) continue;
    const float rank = std::max(overlap, embedded ? cosine : 0.0f);
    if (!best || rank > best_rank) {
      best = dedupe_decision{m.canonical, reason, cosine, overlap};
      best_rank = rank;
    }
  }
  return best;
}

// Text alone cannot tell the traps apart: template siblings differ in title, multi-city openings in
// location, and the same text a month later is a new opening. Checked before any vector math.
bool dedupe_index::may_be_same_job(const prepared_record& p, const member& m) const {
  const dedupe_record& r = p.record;
  if (r.company_key != m.company_key && p.employer == employer_kind::direct && m.employer == employer_kind::direct)
    return false;  // two employers sharing their HR system's template are two jobs
  return !r.title_key.empty() && !m.title_key.empty() && p.title_base == m.title_base &&
         locations_compatible(r.location, m.location) &&
         within(r.posted_at, m.posted_at, settings_.text_window_seconds, true);
}

bool dedupe_index::text_matches(const prepared_record& p, const member& m, float cosine, float overlap) const {
  const dedupe_record& r = p.record;
  float needed = settings_.overlap_threshold;
  if (r.company_key != m.company_key) {
    const bool agency = p.employer == employer_kind::agency || m.employer == employer_kind::agency;
    const bool marketplace = p.employer == employer_kind::marketplace || m.employer == employer_kind::marketplace;
    if (agency && !marketplace) needed = settings_.other_company_overlap_threshold;
  }
  const bool sentences = !r.sentences.empty() && !m.sentences.empty();
  const bool embedded = !r.embedding.empty() && !m.embedding.empty();
  bool similar = false;
  if (r.location.city.empty() != m.location.city.empty() && !(r.location.remote && m.location.remote)) {
    // One names a city, the other none: only the same text decides (multi-city openings differ in the city).
    similar = sentences ? r.sentences == m.sentences : embedded && cosine >= identical_cosine;
  } else {
    similar = (sentences && overlap >= needed) ||
              (embedded && cosine >= settings_.near_duplicate_threshold && (!sentences || settings_.cosine_with_sentences));
  }
  return similar;
}

std::optional<dedupe_decision> dedupe_index::by_text(const prepared_record& p, float& best_cosine) const {
  const dedupe_record& r = p.record;
  const auto& e = r.embedding;
  // Candidates: postings sharing enough not-too-common sentences, and the nearest embeddings. Shared
  // sentences are counted through the index, so a posting that cannot reach the lowest overlap any rule
  // needs is never looked at (boilerplate shared with thousands of postings made this quadratic).
  std::vector<std::size_t> candidates;
  std::size_t skipped = 0;  // sentences too common to look up: they may still be shared, so they count as shared
  if (!r.sentences.empty()) {
    if (shared_.size() < members_.size()) shared_.resize(members_.size(), 0);
    touched_.clear();

    for (auto h : r.sentences) {
      auto it = sentence_keys_.find(h);
      if (it == sentence_keys_.end()) continue;
      if (it->second.size() > settings_.common_sentence_limit) {
        ++skipped;
        continue;
      }
      for (std::size_t i : it->second)
        if (shared_[i]++ == 0) touched_.push_back(i);
    }
    // With cosine_with_sentences the cosine may decide whatever the overlap: every posting stays a candidate.
    const float lowest = settings_.cosine_with_sentences
                             ? 0.0f
                             : std::min(settings_.overlap_threshold, settings_.other_company_overlap_threshold);
    for (std::size_t i : touched_) {
      const std::size_t smaller = std::min(r.sentences.size(), members_[i].sentences.size());
      if (static_cast<float>(shared_[i] + skipped) >= lowest * static_cast<float>(smaller)) candidates.push_back(i);
      shared_[i] = 0;
    }
  }
  // With sentences, none too common to count, the sentence index has found every posting with text the
  // overlap can accept; only postings without text (the cosine decides for them) are left, and few.
  const bool counted_all = !r.sentences.empty() && skipped == 0 && !settings_.cosine_with_sentences;
  if (counted_all && !e.empty()) {
    for (std::size_t i : textless_) candidates.push_back(i);
  } else if (!e.empty() && !members_.empty()) {
    std::size_t k = std::max<std::size_t>(1, settings_.candidates);
    for (;;) {
      const auto found = ann_->search(e, k);
      if (!found.empty()) best_cosine = std::max(best_cosine, found.front().second);
      for (const auto& [label, sim] : found)
        if (label < members_.size()) candidates.push_back(static_cast<std::size_t>(label));
      // While every neighbour is similar enough to matter, look further (a template family fills the top).
      if (found.size() < k || found.back().second < settings_.near_duplicate_threshold || k >= members_.size()) break;
      k = std::min(members_.size(), k * 4);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::optional<dedupe_decision> best;
  float best_rank = -1;
  for (std::size_t i : candidates) {
    const member& m = members_[i];
    if (!may_be_same_job(p, m)) continue;
    const bool embedded = !e.empty() && !m.embedding.empty();
    const float cosine = embedded ? dot(e, m.embedding) : 0.0f;
    best_cosine = std::max(best_cosine, cosine);
    const float overlap = sentence_overlap(r.sentences, m.sentences);
    if (!text_matches(p, m, cosine, overlap)) continue;
    const float rank = std::max(overlap, cosine);
    if (!best || rank > best_rank) {
      best = dedupe_decision{m.canonical, dedupe_reason::near_duplicate, embedded ? cosine : overlap, overlap};
      best_rank = rank;
    }
  }
  return best;
}

dedupe_decision dedupe_index::decide_prepared(const prepared_record& p) const {
  const dedupe_record& r = p.record;
  if (!r.jsearch_job_id.empty()) {
    auto it = job_ids_.find(r.jsearch_job_id);
    if (it != job_ids_.end()) return {members_[it->second].canonical, dedupe_reason::job_id, 1.0f, 1.0f};
  }
  if (const auto key = exact_key(r, p.employer); !key.empty()) {
    auto it = exact_keys_.find(key);
    if (it != exact_keys_.end())
      if (auto d = by_keys(it->second, r, dedupe_reason::exact, settings_.exact_window_seconds,
                           settings_.exact_without_dates, settings_.exact_min_overlap))
        return *d;
  }
  std::vector<std::size_t> same_url;
  for (const auto& u : r.url_keys) {
    auto it = u.empty() ? url_keys_.end() : url_keys_.find(u);
    if (it != url_keys_.end()) same_url.insert(same_url.end(), it->second.begin(), it->second.end());
  }
  if (auto d = by_keys(same_url, r, dedupe_reason::url, settings_.url_window_seconds, true, 0.0f)) return *d;
  float best_cosine = 0;
  if (auto d = by_text(p, best_cosine)) return *d;
  return {next_id_, dedupe_reason::canonical, best_cosine, 0.0f};
}

dedupe_decision dedupe_index::decide(const dedupe_record& r) const { return decide_prepared(prepared(r)); }

dedupe_decision dedupe_index::decide_and_add(dedupe_record r) {
  auto p = prepared(std::move(r));
  const auto d = decide_prepared(p);
  apply(d, std::move(p));
  return d;
}

void dedupe_index::replay(dedupe_record r, const dedupe_decision& d) { apply(d, prepared(std::move(r))); }

void dedupe_index::apply(const dedupe_decision& d, prepared_record p) {
  if (d.reason == dedupe_reason::job_id) {
    // An update: remember its keys, but no second vector (re-collecting the same jobs must not grow the index).
    if (auto it = job_ids_.find(p.record.jsearch_job_id); it != job_ids_.end()) {
      add_keys(it->second, p, false);
      return;
    }
  }
  add_member(d.canonical, std::move(p));
}

void dedupe_index::add_member(std::uint64_t canonical, prepared_record p) {
  auto& r = p.record;
  const std::size_t i = members_.size();
  if (!r.embedding.empty()) {
    dims_ = r.embedding.size();
    ann_->add(i, r.embedding);
  }
  if (!r.jsearch_job_id.empty()) job_ids_.emplace(r.jsearch_job_id, i);
  if (r.sentences.empty() && !r.embedding.empty()) textless_.push_back(i);
  members_.push_back(member{canonical, r.title_key, r.company_key, p.employer, std::move(p.title_base), r.location,
                            r.posted_at, std::move(r.embedding), std::move(r.sentences)});
  add_keys(i, p, true);
  canonicals_.insert(canonical);
  next_id_ = std::max(next_id_, canonical + 1);
}

void dedupe_index::add_keys(std::size_t i, const prepared_record& p, bool is_new) {
  const dedupe_record& r = p.record;
  if (auto key = exact_key(r, p.employer); !key.empty()) remember(exact_keys_, key, i, is_new);
  for (const auto& u : r.url_keys)
    if (!u.empty()) remember(url_keys_, u, i, is_new);
  if (is_new)  // an update keeps the text it was registered with
    for (auto h : members_[i].sentences) remember(sentence_keys_, h, i, true);
}

}  // namespace jobpilot::core
