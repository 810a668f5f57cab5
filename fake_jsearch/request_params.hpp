// Parsing and validation of the fake JSearch endpoints' query parameters, and the "parameters" echo
// with defaults filled in the way the real API does it.
#pragma once

#include "net/url.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace jobpilot::fake_jsearch {

// The target's path and parameters (shared with the service's API).
using net::find_param;
using net::parse_target;
using net::parsed_target;

struct search_request {
  std::string query;
  int page = 1;                      ///< /search
  int num_pages = 1;                 ///< clamped to 1..20
  std::size_t offset = 0;            ///< /search-v2: decoded cursor
  std::vector<std::string> fields;   ///< projection; empty = every field
  boost::json::object echo;          ///< the envelope's "parameters"
};

struct details_request {
  std::vector<std::string> ids;      ///< at most 20
  std::vector<std::string> fields;
  boost::json::object echo;
};

/// /search (v2 = false) or /search-v2 (v2 = true); an error message when a parameter is missing or bad.
std::variant<search_request, std::string> parse_search(const parsed_target& t, bool v2);

/// /job-details?job_id=a,b,...
std::variant<details_request, std::string> parse_details(const parsed_target& t);

/// Opaque /search-v2 cursor for a result offset, and back (nullopt when not one of ours).
std::string encode_cursor(std::size_t offset);
std::optional<std::size_t> decode_cursor(std::string_view cursor);

}  // namespace jobpilot::fake_jsearch
