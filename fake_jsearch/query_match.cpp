// Keyword scoring over word tokens: a phrase counts when its words appear consecutively.
#include "fake_jsearch/query_match.hpp"

#include "core/ascii.hpp"
#include "fake_jsearch/vocabulary.hpp"

#include <algorithm>

namespace jobpilot::fake_jsearch {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '#';
}

std::vector<std::string> tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char raw : text) {
    const char c = core::ascii_lower(raw);
    if (is_word_char(c)) {
      current.push_back(c);
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

bool contains_phrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
  if (phrase.empty() || phrase.size() > words.size()) return false;
  for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  return false;
}

}  // namespace

std::vector<std::string> families_named(std::string_view text) {
  const auto words = tokens(text);
  std::vector<std::string> best;
  std::size_t best_score = 0;
  for (const auto& family : families()) {
    std::size_t score = 0;
    for (auto keyword : family.keywords) {
      const auto phrase = tokens(keyword);
      if (contains_phrase(words, phrase)) score += phrase.size();
    }
    if (score == 0 || score < best_score) continue;
    if (score > best_score) best.clear();
    best_score = score;
    best.emplace_back(family.id);
  }
  return best;
}

namespace {

// "software engineer in San Francisco, CA" -> "san francisco"; "" without a place.
std::string city_named(std::string_view query) {
  const std::string q = core::to_lower(query);
  const auto pos = q.rfind(" in ");
  if (pos == std::string::npos) return {};
  std::string_view place(q);
  place.remove_prefix(pos + 4);
  place = place.substr(0, place.find(','));
  return std::string(core::trim(place));
}

}  // namespace

std::vector<std::size_t> match(const corpus& c, std::string_view query) {
  const auto wanted = families_named(query);
  std::vector<std::size_t> out;
  out.reserve(c.postings.size());
  for (std::size_t i = 0; i < c.postings.size(); ++i) {
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), c.postings[i].family) != wanted.end())
      out.push_back(i);
  }
  // A place in the query narrows to jobs in that city, like the real search; an unknown place
  // keeps the whole result (JSearch answers with nearby or national jobs then).
  const auto city = city_named(query);
  if (city.empty()) return out;
  std::vector<std::size_t> local;
  for (auto i : out) {
    const auto* v = c.postings[i].job.if_contains("job_city");
    if (v && v->is_string() && core::iequals(std::string_view(v->as_string()), city)) local.push_back(i);
  }
  return local.empty() ? out : local;
}

}  // namespace jobpilot::fake_jsearch
