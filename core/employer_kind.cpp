#include "core/employer_kind.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <array>

namespace jobpilot::core {

namespace {

// normalize_company keys. A name matches when it starts with the entry as whole words ("robert half
// technology", "upwork inc" -> "upwork").
constexpr std::array<std::string_view, 44> staffing_names = {
    "robert half", "teksystems", "insight global", "randstad", "kforce", "aerotek", "apex systems", "adecco",
    "kelly services", "cybercoders", "beacon hill", "motion recruitment", "amn healthcare", "aya healthcare",
    "cross country healthcare", "jobs via dice", "manpower", "manpowergroup", "allegis", "hays", "michael page",
    "modis", "experis", "collabera", "eliassen group", "synergisticit", "kpg99", "actalent", "vaco",
    "spherion", "express employment professionals", "volt", "hirequest", "trueblue", "peoplelink",
    "the judge group", "judge group", "addison group", "lhh", "akkodis", "medical solutions", "trusted health",
    "vivian health", "get it recruit"};

// Marketplaces and job boards: their name in the company field says nothing about the employer.
constexpr std::array<std::string_view, 30> marketplace_names = {
    "upwork", "freelancer", "freelancer com", "fiverr", "toptal", "guru", "peopleperhour", "turing",
    "turing com", "bebee", "bebee careers", "dice", "indeed", "linkedin", "ziprecruiter", "glassdoor", "monster",
    "careerbuilder", "simplyhired", "jooble", "talent com", "lensa", "techfetch", "techfetch com", "jobgether",
    "remote rocketship", "crossover", "braintrust", "flexjobs", "outlier"};

constexpr std::array<std::string_view, 4> hidden_names = {"confidential", "confidential company", "company confidential",
                                                          "undisclosed"};

bool starts_with_words(std::string_view key, std::string_view name) {
  if (name.empty() || key.size() < name.size() || key.compare(0, name.size(), name) != 0) return false;
  return key.size() == name.size() || key[name.size()] == ' ';
}

template <class Names>
bool named(std::string_view key, const Names& names) {
  return std::any_of(std::begin(names), std::end(names), [&](const auto& n) { return starts_with_words(key, n); });
}

bool has_word(std::string_view key, std::string_view word) {
  std::size_t at = 0;
  while ((at = key.find(word, at)) != std::string_view::npos) {
    const bool starts = at == 0 || key[at - 1] == ' ';
    const bool ends = at + word.size() == key.size() || key[at + word.size()] == ' ';
    if (starts && ends) return true;
    at += word.size();
  }
  return false;
}

bool staffing_words(std::string_view key) {
  for (auto w : {"staffing", "recruiting", "recruitment", "recruiters", "headhunters"})
    if (has_word(key, w)) return true;
  return key.find("talent solutions") != std::string_view::npos;
}

bool staffing_type(std::string_view company_type) {
  const auto t = to_lower(company_type);
  return t.find("staffing") != std::string::npos || t.find("recruit") != std::string::npos ||
         t.find("employment placement") != std::string::npos;
}

}  // namespace

const char* to_string(employer_kind k) noexcept {
  switch (k) {
    case employer_kind::agency: return "agency";
    case employer_kind::marketplace: return "marketplace";
    case employer_kind::unknown: return "unknown";
    case employer_kind::direct: break;
  }
  return "direct";
}

bool mentions_client(std::string_view description) {
  // One client, named as such: "our clients" is how consultancies and banks speak of their customers.
  // Compared in place (no lower-cased copy of every description on the dedupe path).
  for (std::string_view phrase : {"our client", "my client", "on behalf of a client", "a client of ours",
                                  "our valued client", "our esteemed client"}) {
    for (std::size_t at = 0; at + phrase.size() <= description.size(); ++at) {
      if (!iequals(description.substr(at, phrase.size()), phrase)) continue;
      const auto next = at + phrase.size();
      if (next == description.size() || !is_ascii_alnum(description[next])) return true;
    }
  }
  return false;
}

employer_kind classify_employer(std::string_view key, std::string_view company_type, bool client_phrasing,
                                const employer_lists& extra) {
  if (key.empty() || named(key, hidden_names)) return employer_kind::unknown;
  // Agencies first: "Jobs via Dice" is an agency, "Dice" a board.
  if (named(key, staffing_names) || named(key, extra.staffing)) return employer_kind::agency;
  if (named(key, marketplace_names) || named(key, extra.marketplaces)) return employer_kind::marketplace;
  if (staffing_type(company_type) || staffing_words(key) || client_phrasing) return employer_kind::agency;
  return employer_kind::direct;
}

}  // namespace jobpilot::core
