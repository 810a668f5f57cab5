// One JSearch request as a value: endpoint plus every documented parameter.
// Builds the request target and the canonical form used for the cache key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

struct jsearch_query {
  std::string endpoint = "search";  ///< "search", "search-v2" or "job-details"
  std::string query;                ///< free text; the location is appended as "... in <location>"
  std::string location;
  std::int32_t page = 1;            ///< /search only
  std::int32_t num_pages = 1;
  std::string country;              ///< ISO-3166 alpha-2; empty = API default (us)
  std::string language;
  std::string date_posted;          ///< all, today, 3days, week, month; empty = all
  bool work_from_home = false;
  std::string employment_types;     ///< comma list: FULLTIME,CONTRACTOR,PARTTIME,INTERN
  std::string job_requirements;     ///< comma list
  std::string radius;               ///< km, as text
  std::string exclude_job_publishers;
  std::string fields;
  std::string cursor;               ///< /search-v2 only
  std::string job_ids;              ///< /job-details only: comma list of up to 20 ids
};

bool operator==(const jsearch_query& a, const jsearch_query& b);

/// The "query" parameter as sent: query text plus " in <location>" when a location is given.
std::string effective_query_text(const jsearch_query& q);

/// "/search?query=...&page=1&num_pages=1&..." (only non-default parameters beyond the required ones).
std::string request_target(const jsearch_query& q);

/// The query a canonical_params_json text describes (a replay of a stored request); nullopt when
/// the text is not such an object.
std::optional<jsearch_query> query_from_params_json(std::string_view json);

/// Stable JSON object of the parameters (sorted keys, defaults omitted): stored as query_params.
std::string canonical_params_json(const jsearch_query& q);

/// SHA-256 of the canonical form: identical requests share it (used for the TTL cache).
std::string query_hash(const jsearch_query& q);

/// Percent-encodes one query component; RFC 3986 unreserved characters are kept.
std::string percent_encode(const std::string& text);

/// Empty when valid, else a message naming the bad field.
std::string validate(const jsearch_query& q);

/// Empty for "" (the API default) or a known ISO 3166-1 alpha-2 code, else a message (with the code
/// meant when the text names a country, e.g. "USA" -> "us").
std::string validate_country(const std::string& country);

/// What the configuration adds to every search (jsearch.country, language, date_posted).
struct search_defaults {
  std::string country;
  std::string language;
  std::string date_posted;
};

/// Fills country, language and date_posted from the configuration where the query leaves them
/// empty. Every command builds its requests through this (or search_query), so the same search
/// gives the same request, hits the same cache entry, and is paid once.
void apply_defaults(jsearch_query& q, const search_defaults& defaults);

/// A /search page of `query` in `location`, with the configuration's defaults.
jsearch_query search_query(const std::string& query, const std::string& location, int page,
                           const search_defaults& defaults);

}  // namespace jobpilot::core
