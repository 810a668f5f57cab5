// Location standardisation: city/state/country/remote of both JSearch generations into one form and a dedupe key.
#pragma once

#include "core/countries.hpp"  // country_code, country_name
#include "core/us_states.hpp"  // us_state_code, us_state_name

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

struct normalized_location {
  std::string city;     ///< cleaned; title-cased only when it was all upper or all lower case
  std::string state;    ///< US/CA: 2-letter code; else as given, cleaned
  std::string country;  ///< ISO 3166-1 alpha-2 upper case, "" if unknown
  bool remote = false;
  std::string display;  ///< "Austin, TX, US", "Berlin, DE", "Remote, US", "Remote", "Dallas, TX, US (Remote)"
};

/// Merges the structured fields (job_city, job_state, job_country; any may be empty) with the free text
/// (job_location: "Austin, TX", "Washington, DC", "Berlin, Germany", "New York, NY 10001", "United States",
/// "Remote", "Anywhere"). The structured fields win; the text fills what they leave empty, and only when its
/// country (if it names one) agrees. States are given as codes or names ("Texas" -> "TX"); a US state or
/// Canadian province implies the country when none is given. Remote is set by is_remote == true or by a
/// remote word ("Remote", "Anywhere", "Work from home", "WFH", "Telecommute", "Virtual") in the city, country
/// or text. Ambiguous single names prefer the US reading ("Georgia", "CA", "DE" -> US states) unless another
/// country is known. Zip codes are dropped. Never throws.
normalized_location normalize_location(std::string_view city, std::string_view state, std::string_view country,
                                       std::string_view location_text, std::optional<bool> is_remote);

/// Lower-case "city|state|country" for the dedupe rule "same title + company + location"; remote jobs all
/// share "remote|country", whatever city the board attached to them.
std::string location_key(const normalized_location& location);

}  // namespace jobpilot::core
