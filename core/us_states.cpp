// US state table; names are compared case-insensitively with dots dropped and spaces collapsed.
#include "core/us_states.hpp"

#include "core/ascii.hpp"

#include <array>

namespace jobpilot::core {
namespace {

struct us_state {
  std::string_view code;
  std::string_view name;
};

constexpr std::array<us_state, 56> us_states{{
    {"AL", "Alabama"},        {"AK", "Alaska"},         {"AZ", "Arizona"},        {"AR", "Arkansas"},
    {"CA", "California"},     {"CO", "Colorado"},       {"CT", "Connecticut"},    {"DE", "Delaware"},
    {"FL", "Florida"},        {"GA", "Georgia"},        {"HI", "Hawaii"},         {"ID", "Idaho"},
    {"IL", "Illinois"},       {"IN", "Indiana"},        {"IA", "Iowa"},           {"KS", "Kansas"},
    {"KY", "Kentucky"},       {"LA", "Louisiana"},      {"ME", "Maine"},          {"MD", "Maryland"},
    {"MA", "Massachusetts"},  {"MI", "Michigan"},       {"MN", "Minnesota"},      {"MS", "Mississippi"},
    {"MO", "Missouri"},       {"MT", "Montana"},        {"NE", "Nebraska"},       {"NV", "Nevada"},
    {"NH", "New Hampshire"},  {"NJ", "New Jersey"},     {"NM", "New Mexico"},     {"NY", "New York"},
    {"NC", "North Carolina"}, {"ND", "North Dakota"},   {"OH", "Ohio"},           {"OK", "Oklahoma"},
    {"OR", "Oregon"},         {"PA", "Pennsylvania"},   {"RI", "Rhode Island"},   {"SC", "South Carolina"},
    {"SD", "South Dakota"},   {"TN", "Tennessee"},      {"TX", "Texas"},          {"UT", "Utah"},
    {"VT", "Vermont"},        {"VA", "Virginia"},       {"WA", "Washington"},     {"WV", "West Virginia"},
    {"WI", "Wisconsin"},      {"WY", "Wyoming"},        {"DC", "District of Columbia"},
    {"PR", "Puerto Rico"},    {"GU", "Guam"},           {"VI", "U.S. Virgin Islands"},
    {"AS", "American Samoa"}, {"MP", "Northern Mariana Islands"},
}};

struct state_alias {
  std::string_view key;  // in lookup_key() form
  std::string_view code;
};

constexpr std::array<state_alias, 9> state_aliases{{
    {"washington dc", "DC"},    {"washington d c", "DC"}, {"dist of columbia", "DC"},
    {"us virgin islands", "VI"}, {"virgin islands", "VI"}, {"commonwealth of puerto rico", "PR"},
    {"mass", "MA"},             {"calif", "CA"},          {"penn", "PA"},
}};

// Lower-case ASCII, dots dropped, commas/hyphens as spaces, spaces collapsed.
std::string lookup_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : trim(s)) {
    if (c == '.') continue;
    const char d = (c == ',' || c == '-' || is_space(c)) ? ' ' : ascii_lower(c);
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += d;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::optional<std::string> us_state_code(std::string_view name_or_code) {
  const std::string key = lookup_key(name_or_code);
  if (key.size() == 2) {
    for (const auto& s : us_states)
      if (iequals(s.code, key)) return std::string(s.code);
    return std::nullopt;
  }
  for (const auto& s : us_states)
    if (lookup_key(s.name) == key) return std::string(s.code);
  for (const auto& a : state_aliases)
    if (a.key == key) return std::string(a.code);
  return std::nullopt;
}

std::optional<std::string> us_state_name(std::string_view code) {
  for (const auto& s : us_states)
    if (iequals(s.code, code)) return std::string(s.name);
  return std::nullopt;
}

}  // namespace jobpilot::core
