// Country names and ISO 3166-1 alpha-2 codes, for location standardisation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

/// ISO 3166-1 alpha-2 code (upper case) of a country given as a code ("us", "DE"), a common alpha-3 code
/// ("USA", "GBR"), an English name ("Germany", "United States of America", "The Netherlands"), a usual
/// abbreviation ("UK", "U.S.A.", "UAE") or a native name ("Deutschland"); nullopt when unknown.
/// Case, dots, '&'/"and" and a leading "the" do not matter. "UK" maps to "GB".
std::optional<std::string> country_code(std::string_view name_or_code);

/// English display name of an alpha-2 code ("DE" -> "Germany"), case-insensitive; nullopt when unknown.
std::optional<std::string> country_name(std::string_view code);

}  // namespace jobpilot::core
