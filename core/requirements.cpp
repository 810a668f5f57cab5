// Hand-written scanners for experience amounts and education levels (no regex), on a lower-cased copy.
#include "core/requirements.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace jobpilot::core {
namespace {

// -- shared helpers ------------------------------------------------------------

bool is_letter(char c) { return c >= 'a' && c <= 'z'; }  // callers work on lower-cased text
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_letter(c) || is_digit(c) || (c >= 'A' && c <= 'Z'); }

bool word_start(std::string_view t, std::size_t i) { return i == 0 || !is_alnum(t[i - 1]); }

// Whole-word match of w at t[i] (w may contain spaces and punctuation).
bool word_at(std::string_view t, std::size_t i, std::string_view w) {
  // The first byte first: scanners try every word at every position, and most fail there.
  if (!w.empty() && (i >= t.size() || t[i] != w[0])) return false;
  if (t.compare(i, w.size(), w) != 0) return false;
  const std::size_t end = i + w.size();
  return end == t.size() || !is_alnum(t[end]) || !is_alnum(w.back());
}

bool contains_word(std::string_view t, std::string_view w) {
  for (std::size_t i = t.find(w); i != std::string_view::npos; i = t.find(w, i + 1))
    if (word_start(t, i) && word_at(t, i, w)) return true;
  return false;
}

template <typename Words>
bool contains_any(std::string_view t, const Words& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return contains_word(t, w); });
}

std::size_t skip_blanks(std::string_view t, std::size_t j) {
  while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) ++j;
  return j;
}

// Length of a dash at t[j]: '-', or the UTF-8 en/em dash; 0 otherwise.
std::size_t dash_at(std::string_view t, std::size_t j) {
  if (j < t.size() && t[j] == '-') return 1;
  if (t.compare(j, 3, "\xE2\x80\x93") == 0 || t.compare(j, 3, "\xE2\x80\x94") == 0) return 3;
  return 0;
}

bool is_clause_break(std::string_view t, std::size_t i) {
  const char c = t[i];
  if (c == '\n' || c == ';' || c == '|') return true;
  if (t.compare(i, 3, "\xE2\x80\xA2") == 0) return true;  // bullet
  // A sentence end: ". " / "! " / "? ", but not the dot of "e.g. " or a decimal.
  if ((c == '.' || c == '!' || c == '?') && i + 1 < t.size() && (t[i + 1] == ' ' || t[i + 1] == '\n'))
    return !(c == '.' && i >= 2 && t[i - 2] == '.');
  return false;
}

// -- experience ----------------------------------------------------------------

constexpr std::array<std::string_view, 21> number_words{{
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}};

// Number at t[i] (digits with an optional decimal part, or an English word): its value and end, or npos.
std::size_t parse_number(std::string_view t, std::size_t i, double& value) {
  if (i >= t.size()) return std::string_view::npos;
  if (is_digit(t[i])) {
    std::size_t j = i;
    double v = 0;
    while (j < t.size() && is_digit(t[j]) && j - i < 3) v = v * 10 + (t[j++] - '0');
    if (j < t.size() && is_digit(t[j])) return std::string_view::npos;  // 4+ digits: a year, a salary
    if (j + 1 < t.size() && t[j] == '.' && is_digit(t[j + 1])) {
      v += (t[j + 1] - '0') / 10.0;
      j += 2;
      while (j < t.size() && is_digit(t[j])) ++j;
    }
    value = v;
    return j;
  }
  if (!word_start(t, i)) return std::string_view::npos;
  for (std::size_t k = 0; k < number_words.size(); ++k) {
    if (word_at(t, i, number_words[k])) {
      value = static_cast<double>(k);
      return i + number_words[k].size();
    }
  }
  return std::string_view::npos;
}

enum class time_unit { none, years, months };

struct amount {
  double value = 0;
  std::size_t start = 0, end = 0;  // from the first number to the end of the unit
  bool adjective = false;          // "4-year degree"
};

// Parses "3", "3+", "3-5", "3 to 5", "two (2)", "eight plus (8 )", then a unit ("years", "yrs", "year(s)",
// "months") at t[i].
std::optional<amount> parse_amount(std::string_view t, std::size_t i) {
  amount a;
  a.start = i;
  std::size_t j = parse_number(t, i, a.value);
  if (j == std::string_view::npos) return std::nullopt;
  double ignored = 0;
  // Blanks, a "+" or "plus", and a number repeated in brackets ("two (2)") may follow a number.
  const auto skip_decorations = [&](std::size_t k) {
    for (;;) {
      const std::size_t before = k;
      k = skip_blanks(t, k);
      if (k < t.size() && t[k] == '+') ++k;
      if (word_at(t, k, "plus") && word_start(t, k)) k += 4;
      k = skip_blanks(t, k);
      if (k < t.size() && t[k] == '(') {
        const auto n = parse_number(t, skip_blanks(t, k + 1), ignored);
        if (n != std::string_view::npos) {
          const auto close = skip_blanks(t, n);
          if (close < t.size() && t[close] == ')') k = close + 1;
        }
      }
      if (k == before) return k;
    }
  };
  // "4-year degree": a dash glued to the unit makes an adjective, not a range.
  if (j + 1 < t.size() && t[j] == '-' && t[j + 1] == 'y') {
    a.adjective = true;
    ++j;
  } else {
    j = skip_decorations(j);
    const auto d = dash_at(t, j);
    const bool to = word_at(t, j, "to");
    const bool bare = j < t.size() && is_digit(t[j]);  // "8 12 years": a range without its dash
    if (d || to || bare) {
      const std::size_t k = skip_blanks(t, j + (d ? d : to ? 2 : 0));
      const auto n = parse_number(t, k, ignored);
      if (n != std::string_view::npos) j = skip_decorations(n);
    }
  }
  while (j < t.size() && (t[j] == '"' || t[j] == '\'')) ++j;
  time_unit unit = time_unit::none;
  for (const auto& [word, u] : {std::pair<std::string_view, time_unit>{"years", time_unit::years},
                                {"year", time_unit::years},
                                {"yrs", time_unit::years},
                                {"yr", time_unit::years},
                                {"months", time_unit::months},
                                {"month", time_unit::months},
                                {"mos", time_unit::months}}) {
    if (word_at(t, j, word)) {
      unit = u;
      j += word.size();
      break;
    }
  }
  if (unit == time_unit::none) return std::nullopt;
  if (t.compare(j, 3, "(s)") == 0) j += 3;
  if (unit == time_unit::months) a.value /= 12.0;
  a.end = j;
  return a;
}

constexpr std::size_t before_window = 70;
constexpr std::size_t history_window = 35;  // history words further away belong to another statement
constexpr std::size_t after_window = 90;
constexpr double max_plausible_years = 30;

constexpr std::array<std::string_view, 3> experience_words{{"experience", "experienced", "exp"}};
constexpr std::array<std::string_view, 5> lead_in_words{{"experience", "exp", "minimum", "at least", "required"}};
constexpr std::array<std::string_view, 18> history_words{{
    "past", "last", "next", "founded", "since", "over the", "in business", "we have", "we've", "history",
    "duration", "contract", "within", "age", "term", "serving", "with over", "for over"}};
constexpr std::array<std::string_view, 5> after_negative{{"old", "of age", "ago", "in business", "of service"}};

bool experience_context(std::string_view t, const amount& a) {
  std::size_t b = a.start;
  while (b > 0 && a.start - b < before_window && !is_clause_break(t, b - 1)) --b;
  std::size_t e = a.end;
  while (e < t.size() && e - a.end < after_window && !is_clause_break(t, e)) ++e;
  const auto before = t.substr(b, a.start - b);
  const auto after = t.substr(a.end, e - a.end);
  const auto after_start = skip_blanks(after, 0);

  for (const auto w : after_negative)
    if (word_at(after, after_start, w)) return false;
  const auto near = before.substr(before.size() > history_window ? before.size() - history_window : 0);
  if (contains_any(near, history_words)) return false;
  if (a.adjective) return word_at(after, after_start, "experience");
  if (contains_any(after, experience_words)) return true;
  if (word_at(after, after_start, "(required)") || word_at(after, after_start, "as a") ||
      word_at(after, after_start, "as an"))
    return true;
  return contains_any(before, lead_in_words);
}

// -- education -----------------------------------------------------------------

enum class level { none = 0, high_school, associates, bachelors, masters, phd };

const char* level_name(level l) {
  switch (l) {
    case level::phd: return "phd";
    case level::masters: return "masters";
    case level::bachelors: return "bachelors";
    case level::associates: return "associates";
    case level::high_school: return "high_school";
    case level::none: break;
  }
  return "";
}

struct edu_pattern {
  std::string_view text;  // lower case
  level lvl;
};

constexpr edu_pattern edu_patterns[] = {
    {"phd", level::phd}, {"ph.d.", level::phd}, {"ph.d", level::phd}, {"doctorate", level::phd},
    {"doctoral", level::phd}, {"doctor of philosophy", level::phd}, {"d.phil", level::phd},
    {"master's", level::masters}, {"master\xE2\x80\x99s", level::masters}, {"masters", level::masters},
    {"master degree", level::masters}, {"master of", level::masters}, {"mba", level::masters},
    {"m.b.a.", level::masters}, {"msc", level::masters}, {"m.sc.", level::masters}, {"m.s.", level::masters},
    {"m.eng.", level::masters}, {"meng", level::masters}, {"graduate degree", level::masters},
    {"advanced degree", level::masters}, {"postgraduate degree", level::masters},
    {"post-graduate degree", level::masters},
    {"bachelor's", level::bachelors}, {"bachelor\xE2\x80\x99s", level::bachelors}, {"bachelors", level::bachelors},
    {"bachelor", level::bachelors}, {"baccalaureate", level::bachelors}, {"b.s.", level::bachelors},
    {"b.a.", level::bachelors}, {"bsc", level::bachelors}, {"b.sc.", level::bachelors},
    {"b.tech", level::bachelors}, {"btech", level::bachelors}, {"b.e.", level::bachelors},
    {"beng", level::bachelors}, {"b.eng.", level::bachelors}, {"undergraduate degree", level::bachelors},
    {"4-year degree", level::bachelors}, {"four-year degree", level::bachelors},
    {"4 year degree", level::bachelors}, {"four year degree", level::bachelors},
    {"4-year college", level::bachelors}, {"four-year college", level::bachelors},
    {"4-year university", level::bachelors}, {"college degree", level::bachelors},
    {"university degree", level::bachelors},
    {"associate's degree", level::associates}, {"associate\xE2\x80\x99s degree", level::associates},
    {"associates degree", level::associates}, {"associate degree", level::associates},
    {"associate of", level::associates}, {"a.a.s.", level::associates}, {"2-year degree", level::associates},
    {"two-year degree", level::associates}, {"a.s. degree", level::associates},
    {"a.a. degree", level::associates},
    {"high school", level::high_school}, {"high-school", level::high_school}, {"ged", level::high_school},
    {"hs diploma", level::high_school}, {"secondary school", level::high_school},
    {"secondary education", level::high_school},
};

// Upper-case two-letter degrees need degree context: "BS/MS", "a BS in", "MS degree"; not "MS Office", "Boston, MA".
struct short_degree {
  std::string_view text;
  level lvl;
};
constexpr std::array<short_degree, 4> short_degrees{{
    {"BS", level::bachelors}, {"BA", level::bachelors}, {"MS", level::masters}, {"MA", level::masters}}};
constexpr std::array<std::string_view, 8> degree_next_words{
    {"degree", "degrees", "in", "or", "and", "required", "preferred", "plus"}};
constexpr std::array<std::string_view, 9> degree_prev_words{
    {"a", "an", "with", "have", "has", "hold", "holds", "or", "and"}};
// "MS Office", "MS SQL Server": Microsoft, not a degree.
constexpr std::array<std::string_view, 13> microsoft_products{{
    "office", "excel", "word", "sql", "teams", "access", "project", "dynamics", "azure", "windows", "visio",
    "outlook", "powerpoint"}};

std::string_view next_word(std::string_view t, std::size_t j) {
  j = skip_blanks(t, j);
  std::size_t e = j;
  while (e < t.size() && is_alnum(t[e])) ++e;
  return t.substr(j, e - j);
}

std::string_view prev_word(std::string_view t, std::size_t j) {
  while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t')) --j;
  std::size_t s = j;
  while (s > 0 && is_alnum(t[s - 1])) --s;
  return t.substr(s, j - s);
}

// "Boston, MA", "Jackson, MS": a two-letter code after "Title-case word, " is a state.
bool looks_like_state(std::string_view orig, std::size_t i) {
  std::size_t j = i;
  while (j > 0 && orig[j - 1] == ' ') --j;
  if (j == 0 || orig[j - 1] != ',') return false;
  --j;
  std::size_t s = j;
  while (s > 0 && is_alnum(orig[s - 1])) --s;
  if (s == j || !(orig[s] >= 'A' && orig[s] <= 'Z')) return false;
  for (std::size_t k = s + 1; k < j; ++k)
    if (orig[k] >= 'a' && orig[k] <= 'z') return true;  // "Boston", not "BS"
  return false;
}

struct mention {
  level lvl;
  std::size_t start, end;
};

// Longest degree mention at position i of lower (orig is the same text in its original case), or none.
std::optional<mention> degree_at(std::string_view lower, std::string_view orig, std::size_t i) {
  if (!word_start(lower, i)) return std::nullopt;
  std::optional<mention> best;
  for (const auto& p : edu_patterns) {
    if (p.text[0] != lower[i]) continue;  // called at every word start: the cheap test first
    if (word_at(lower, i, p.text) && (!best || i + p.text.size() > best->end))
      best = mention{p.lvl, i, i + p.text.size()};
  }
  if (best) {
    // "high school students", "PhD students", "from high school completion to bachelor's degrees" (benefits).
    const auto next = next_word(lower, best->end);
    for (const std::string_view w : {"student", "students", "completion", "program", "programs"})
      if (next == w) return std::nullopt;
    return best;
  }
  for (const auto& s : short_degrees) {
    if (orig.compare(i, 2, s.text) != 0 || (i + 2 < orig.size() && is_alnum(orig[i + 2]))) continue;
    const bool slash = (i > 0 && orig[i - 1] == '/') || (i + 2 < orig.size() && orig[i + 2] == '/');
    const auto next = next_word(lower, i + 2);
    const auto prev = prev_word(lower, i);
    const bool next_ok = std::find(degree_next_words.begin(), degree_next_words.end(), next) != degree_next_words.end();
    const bool prev_ok = std::find(degree_prev_words.begin(), degree_prev_words.end(), prev) != degree_prev_words.end();
    const bool product =
        std::find(microsoft_products.begin(), microsoft_products.end(), next) != microsoft_products.end();
    if (s.text[0] == 'M' && !slash && looks_like_state(orig, i)) continue;
    if ((slash || next_ok || prev_ok) && !product) return mention{s.lvl, i, i + 2};
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 13> preference_words{{
    "preferred", "prefer", "preferably", "a plus", "nice to have", "nice-to-have", "desired", "desirable",
    "bonus", "ideally", "advantage", "not required", "optional"}};
constexpr std::array<std::string_view, 4> requirement_words{{"required", "requires", "must", "minimum"}};
constexpr std::array<std::string_view, 12> heading_words{{
    "qualification", "qualifications", "requirements", "requirement", "preferred", "nice to have", "bonus",
    "desired", "skills", "education", "experience", "about you"}};

bool has_preference(std::string_view t) { return contains_any(t, preference_words); }

bool has_requirement(std::string_view t) {
  for (const auto w : requirement_words) {
    for (std::size_t i = t.find(w); i != std::string_view::npos; i = t.find(w, i + 1)) {
      if (!word_start(t, i) || !word_at(t, i, w)) continue;
      if (i >= 4 && t.compare(i - 4, 4, "not ") == 0) continue;  // "not required" is a preference
      return true;
    }
  }
  return false;
}

// A heading switches between required and preferred sections: "Preferred Qualifications:", "Requirements".
bool is_heading(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > 60) return false;
  if (line.back() == ':') return true;
  std::size_t words = 1;
  for (const char c : line) words += c == ' ' ? 1 : 0;
  return words <= 4 && contains_any(line, heading_words);
}

bool only_connectors(std::string_view gap) {
  std::size_t i = 0;
  while (i < gap.size()) {
    const char c = gap[i];
    if (c == ' ' || c == '/' || c == ',' || c == '(' || c == ')' || c == '&' || c == '-' || c == '\'' ||
        c == '.') {
      ++i;
      continue;
    }
    bool matched = false;
    for (const std::string_view w : {"or", "and", "degree", "degrees", "a", "an", "s"}) {
      if (word_at(gap, i, w) && word_start(gap, i)) {
        i += w.size();
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// Required level of one clause; section_pref says the clause sits under a "preferred" heading.
// Education benefits ("tuition", "programs range from high school to bachelor's degrees") are not requirements.
constexpr std::array<std::string_view, 4> benefit_words{
    {"tuition", "range from", "ranging from", "education assistance"}};

level clause_level(std::string_view clause, std::vector<mention> ms, bool section_pref) {
  if (contains_any(clause, benefit_words)) return level::none;
  // Alternatives written back to back ("BS/MS", "Bachelor's or Master's degree") form one group at the lowest.
  struct group {
    level lvl;
    std::size_t start, end;
  };
  std::vector<group> groups;
  for (const auto& m : ms) {
    if (!groups.empty() && only_connectors(clause.substr(groups.back().end, m.start - groups.back().end))) {
      groups.back().lvl = std::min(groups.back().lvl, m.lvl);
      groups.back().end = m.end;
    } else {
      groups.push_back({m.lvl, m.start, m.end});
    }
  }
  const bool clause_pref = has_preference(clause) && !has_requirement(clause);
  level result = level::none;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::size_t before_from = g == 0 ? 0 : groups[g - 1].end;
    const std::size_t after_to = g + 1 < groups.size() ? groups[g + 1].start : clause.size();
    const auto before = clause.substr(before_from, groups[g].start - before_from);
    const auto after = clause.substr(groups[g].end, after_to - groups[g].end);
    bool preferred;
    if (has_preference(after))
      preferred = true;
    else if (has_requirement(before) || has_requirement(after))
      preferred = false;
    else
      preferred = has_preference(before) || clause_pref || section_pref;
    if (preferred) continue;
    // "PhD, or Master's with experience", "0-2 years with MS, 2-4 with BS": alternatives again.
    result = result == level::none ? groups[g].lvl : std::min(result, groups[g].lvl);
  }
  return result;
}

level line_level(std::string_view lower, std::string_view orig, bool section_pref, bool& any_mention) {
  level best = level::none;
  std::vector<mention> ms;
  std::size_t clause_start = 0;
  const auto flush = [&](std::size_t clause_end) {
    if (!ms.empty()) {
      for (auto& m : ms) m.start -= clause_start, m.end -= clause_start;
      const level l = clause_level(lower.substr(clause_start, clause_end - clause_start), ms, section_pref);
      if (l != level::none && (best == level::none || l < best)) best = l;
      any_mention = true;
    }
    ms.clear();
  };
  std::size_t i = 0;
  while (i < lower.size()) {
    if (const auto m = degree_at(lower, orig, i)) {
      ms.push_back(*m);
      i = m->end;
      continue;
    }
    if (is_clause_break(lower, i)) {
      flush(i);
      clause_start = i + 1;
    }
    ++i;
  }
  flush(lower.size());
  return best;
}

}  // namespace

std::optional<double> extract_experience_years(std::string_view text) {
  const std::string t = to_lower(text);
  std::size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    const bool candidate = (is_digit(c) || is_letter(c)) && word_start(t, i) &&
                           !(i > 0 && (t[i - 1] == '$' || t[i - 1] == '.' || t[i - 1] == ',' || t[i - 1] == '#'));
    if (!candidate) {
      ++i;
      continue;
    }
    if (const auto a = parse_amount(t, i)) {
      if (a->value <= max_plausible_years && experience_context(t, *a)) {
        // "less than one year of experience" asks for none.
        const auto head = trim(std::string_view(t).substr(0, a->start));
        for (const std::string_view cap : {"less than", "under", "up to"})
          if (ends_with(head, cap) && word_start(head, head.size() - cap.size())) return 0.0;
        return a->value;
      }
      i = a->end;
      continue;
    }
    // Skip the rest of this word or number.
    while (i < t.size() && is_alnum(t[i])) ++i;
  }
  return std::nullopt;
}

std::string extract_education_level(std::string_view text) {
  const std::string lower = to_lower(text);
  // Required levels in different statements are alternatives or substitutes in practice ("Bachelor's and 8
  // years; or Master's and 6 years", "Employer also accepts a Bachelor's"), so the lowest one is the bar.
  level best = level::none;
  bool section_pref = false;
  std::size_t start = 0;
  while (start <= lower.size()) {
    const auto nl = lower.find('\n', start);
    const auto end = nl == std::string::npos ? lower.size() : nl;
    const std::string_view line_lower = std::string_view(lower).substr(start, end - start);
    const std::string_view line_orig = text.substr(start, end - start);
    bool any_mention = false;
    const level l = line_level(line_lower, line_orig, section_pref, any_mention);
    if (l != level::none && (best == level::none || l < best)) best = l;
    if (!any_mention && is_heading(line_lower)) section_pref = has_preference(line_lower);
    start = end + 1;
  }
  return level_name(best);
}

std::string education_from_flags(bool postgraduate, bool bachelors, bool associates, bool high_school) {
  if (postgraduate) return "masters";
  if (bachelors) return "bachelors";
  if (associates) return "associates";
  if (high_school) return "high_school";
  return "";
}

}  // namespace jobpilot::core
