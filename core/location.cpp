// Location standardisation: hand-written parsing of "City, ST 12345, Country" text plus the code tables.
#include "core/location.hpp"

#include "core/ascii.hpp"
#include "core/text_clean.hpp"

#include <array>
#include <vector>

namespace jobpilot::core {
namespace {

struct province {
  std::string_view code;
  std::string_view name;
};

// Canadian provinces and territories: the other country whose regions are given as 2-letter codes.
constexpr std::array<province, 13> ca_provinces{{
    {"AB", "Alberta"}, {"BC", "British Columbia"}, {"MB", "Manitoba"}, {"NB", "New Brunswick"},
    {"NL", "Newfoundland and Labrador"}, {"NS", "Nova Scotia"}, {"NT", "Northwest Territories"},
    {"NU", "Nunavut"}, {"ON", "Ontario"}, {"PE", "Prince Edward Island"}, {"QC", "Quebec"},
    {"SK", "Saskatchewan"}, {"YT", "Yukon"},
}};

std::optional<std::string> ca_province_code(std::string_view s) {
  s = trim(s);
  for (const auto& p : ca_provinces)
    if (iequals(p.code, s) || iequals(p.name, s)) return std::string(p.code);
  if (iequals(s, "Québec")) return std::string("QC");
  return std::nullopt;
}

// Phrases that mark a location as remote, longest first so "work from home" wins over shorter overlaps.
constexpr std::array<std::string_view, 10> remote_phrases{{
    "work from anywhere", "work from home", "telecommuting", "telecommute", "home based", "home-based",
    "anywhere", "remote", "virtual", "wfh"}};
// Work-mode words removed from a part without making it remote.
constexpr std::array<std::string_view, 4> on_site_phrases{{"on-site", "onsite", "on site", "hybrid"}};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Removes every whole-word, case-insensitive occurrence of the phrases; true if one was found.
template <typename Phrases>
bool remove_phrases(std::string& s, const Phrases& phrases) {
  bool found = false;
  for (const auto phrase : phrases) {
    std::size_t i = 0;
    while (i + phrase.size() <= s.size()) {
      const bool boundary_before = i == 0 || !is_letter(s[i - 1]);
      const std::size_t end = i + phrase.size();
      const bool boundary_after = end == s.size() || !is_letter(s[end]);
      if (boundary_before && boundary_after && iequals(std::string_view(s).substr(i, phrase.size()), phrase)) {
        s.replace(i, phrase.size(), " ");
        found = true;
      } else {
        ++i;
      }
    }
  }
  return found;
}

bool is_zip(std::string_view t) {
  if (t.size() != 5 && t.size() != 10) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i == 5) {
      if (t[i] != '-') return false;
    } else if (!is_digit(t[i])) {
      return false;
    }
  }
  return true;
}

// Strips brackets, dashes and filler words left over after removing work-mode words: "(US)" -> "US",
// "- in Texas" -> "Texas", "USA only" -> "USA".
std::string tidy_part(std::string s) {
  for (auto& c : s)
    if (c == '(' || c == ')' || c == '[' || c == ']' || c == '|' || c == '/' || c == ':' || c == ';') c = ' ';
  std::string_view v = trim(s);
  bool changed = true;
  while (changed) {
    changed = false;
    for (const std::string_view lead : {"- ", "-", "– ", "in ", "within ", "from ", "based in "}) {
      if (v.size() > lead.size() && iequals(v.substr(0, lead.size()), lead)) {
        v = trim(v.substr(lead.size()));
        changed = true;
      }
    }
    for (const std::string_view tail : {" -", "-", " only", " based"}) {
      if (v.size() > tail.size() && iequals(v.substr(v.size() - tail.size()), tail)) {
        v = trim(v.substr(0, v.size() - tail.size()));
        changed = true;
      }
    }
  }
  if (v == "-" || v == "–") v = {};
  // Drop a zip code: "NY 10001" -> "NY", "10001" -> "".
  const auto sp = v.rfind(' ');
  const auto last = sp == std::string_view::npos ? v : v.substr(sp + 1);
  if (is_zip(last)) v = trim(v.substr(0, v.size() - last.size()));
  return clean_line(v);
}

struct parsed_text {
  std::string city;
  std::string state;    // code for US/CA, else as written
  std::string country;  // alpha-2 or ""
  bool remote = false;
};

bool is_us_state_name(std::string_view s) { return s.size() > 2 && us_state_code(s).has_value(); }

// Parses "City, State, Country" free text. known_country (alpha-2 or "") breaks ties for ambiguous names.
parsed_text parse_location_text(std::string_view text, std::string_view known_country) {
  parsed_text r;
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= text.size()) {
    const auto comma = text.find(',', i);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    std::string part(text.substr(i, end - i));
    i = end + 1;
    if (remove_phrases(part, remote_phrases)) r.remote = true;
    remove_phrases(part, on_site_phrases);
    part = tidy_part(std::move(part));
    if (!part.empty()) parts.push_back(std::move(part));
  }
  if (parts.empty()) return r;

  const bool us_context = known_country.empty() || known_country == "US";
  if (parts.size() == 1) {
    const std::string& p = parts.front();
    if (p.size() == 2 && us_context && us_state_code(p)) {
      r.state = *us_state_code(p);
      r.country = "US";
    } else if (is_us_state_name(p) && us_context) {
      r.state = *us_state_code(p);
      r.country = "US";
    } else if (auto cc = country_code(p)) {
      r.country = *cc;
    } else if (auto pc = ca_province_code(p); pc && p.size() > 2) {
      r.state = *pc;
      r.country = "CA";
    } else {
      r.city = p;
    }
    return r;
  }

  // Last part: a US state ("Austin, TX", "Atlanta, Georgia") or a country ("Berlin, Germany").
  std::string last = parts.back();
  if (us_context && us_state_code(last)) {
    r.state = *us_state_code(last);
    r.country = "US";
    parts.pop_back();
  } else if (auto cc = country_code(last)) {
    r.country = *cc;
    parts.pop_back();
    if (parts.size() >= 2) {
      last = parts.back();
      if (r.country == "US" && us_state_code(last)) {
        r.state = *us_state_code(last);
        parts.pop_back();
      } else if (r.country == "CA" && ca_province_code(last)) {
        r.state = *ca_province_code(last);
        parts.pop_back();
      } else if (r.country != "US" && r.country != "CA") {
        r.state = last;
        parts.pop_back();
      }
    }
  } else if (auto pc = ca_province_code(last); pc && (known_country.empty() || known_country == "CA")) {
    r.state = *pc;
    r.country = "CA";
    parts.pop_back();
  }
  // What is left is the city; with several parts ("Downtown, Austin") the one nearest the state.
  if (!parts.empty()) r.city = parts.back();
  return r;
}

bool all_same_case(std::string_view s) {
  bool upper = false, lower = false;
  for (const char c : s) {
    if (c >= 'A' && c <= 'Z') upper = true;
    if (c >= 'a' && c <= 'z') lower = true;
  }
  return !(upper && lower);
}

// "NEW YORK" / "new york" -> "New York", "o'fallon" -> "O'Fallon"; mixed case ("McLean") is kept.
std::string tidy_city(std::string_view raw) {
  std::string s = clean_line(raw);
  if (!all_same_case(s)) return s;
  bool start = true;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    if (is_letter(c)) {
      s[k] = start ? static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c) : ascii_lower(c);
      start = false;
    } else {
      // A new word starts after a space, hyphen, dot, slash or bracket, and after "O'"-style prefixes.
      start = c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' ||
              (c == '\'' && k == 1) || (c == '\'' && k >= 2 && s[k - 2] == ' ');
    }
  }
  return s;
}

std::string join_display(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

}  // namespace

normalized_location normalize_location(std::string_view city, std::string_view state, std::string_view country,
                                       std::string_view location_text, std::optional<bool> is_remote) {
  normalized_location r;
  r.remote = is_remote.value_or(false);

  // Country field: a code or name; a remote word there ("Remote") is not a country.
  std::string country_field = clean_line(country);
  if (!country_field.empty()) {
    if (auto cc = country_code(country_field)) {
      r.country = *cc;
    } else if (remove_phrases(country_field, remote_phrases)) {
      r.remote = true;
      if (auto rest = country_code(tidy_part(country_field))) r.country = *rest;
    }
  }

  // City field: may be a remote word ("Remote"), or hold a whole "City, ST" text.
  std::string city_field = clean_line(city);
  parsed_text from_city;
  if (city_field.find(',') != std::string::npos) {
    from_city = parse_location_text(city_field, r.country);
    city_field = from_city.city;
  } else {
    std::string probe = city_field;
    if (remove_phrases(probe, remote_phrases)) {
      from_city.remote = true;
      city_field = tidy_part(probe);
    }
  }
  r.remote = r.remote || from_city.remote;

  std::string state_field = clean_line(state);
  if (state_field.empty()) state_field = from_city.state;
  if (r.country.empty() && !from_city.country.empty()) r.country = from_city.country;

  // Free text fills the gaps, unless it names another country than the one we have.
  const parsed_text from_text = parse_location_text(clean_line(location_text), r.country);
  r.remote = r.remote || from_text.remote;
  const bool text_agrees = from_text.country.empty() || r.country.empty() || from_text.country == r.country;
  if (text_agrees) {
    if (r.country.empty()) r.country = from_text.country;
    if (state_field.empty()) state_field = from_text.state;
    if (city_field.empty()) city_field = from_text.city;
  }

  // State: US and Canadian regions become codes and imply the country.
  if (!state_field.empty()) {
    if ((r.country.empty() || r.country == "US") && us_state_code(state_field)) {
      r.state = *us_state_code(state_field);
      r.country = "US";
    } else if ((r.country.empty() || r.country == "CA") && ca_province_code(state_field)) {
      r.state = *ca_province_code(state_field);
      r.country = "CA";
    } else {
      r.state = state_field;
    }
  }

  // A "city" that only names the country ("United States") is not a city.
  if (!city_field.empty() && state_field.empty()) {
    if (auto cc = country_code(city_field); cc && city_field.size() > 2 && (r.country.empty() || r.country == *cc)) {
      r.country = *cc;
      city_field.clear();
    }
  }
  r.city = tidy_city(city_field);

  if (r.remote && r.city.empty())
    r.display = join_display({"Remote", r.state, r.country});
  else
    r.display = join_display({r.city, r.state, r.country}) + (r.remote && !r.city.empty() ? " (Remote)" : "");
  return r;
}

std::string location_key(const normalized_location& location) {
  if (location.remote) return "remote|" + to_lower(location.country);
  return to_lower(location.city) + "|" + to_lower(location.state) + "|" + to_lower(location.country);
}

}  // namespace jobpilot::core
