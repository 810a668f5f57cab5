// US states (plus DC and the inhabited territories): USPS codes and names, both ways.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

/// USPS code (upper case) of a state given as a code ("tx", "TX") or a name ("Texas", "district of columbia",
/// "Washington D.C."); nullopt when it is neither. Covers the 50 states, DC, PR, GU, VI, AS and MP.
std::optional<std::string> us_state_code(std::string_view name_or_code);

/// Name of a USPS code ("TX" -> "Texas"), case-insensitive; nullopt when unknown.
std::optional<std::string> us_state_name(std::string_view code);

}  // namespace jobpilot::core
