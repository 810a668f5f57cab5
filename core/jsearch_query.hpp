// One JSearch request as a value: endpoint plus every documented parameter.
// Builds the request target and the canonical form used for the cache key.
#pragma once

#include <cstdint>
#include <string>

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

/// Stable JSON object of the parameters (sorted keys, defaults omitted): stored as query_params.
std::string canonical_params_json(const jsearch_query& q);

/// SHA-256 of the canonical form: identical requests share it (used for the TTL cache).
std::string query_hash(const jsearch_query& q);

/// Percent-encodes one query component; RFC 3986 unreserved characters are kept.
std::string percent_encode(const std::string& text);

/// Empty when valid, else a message naming the bad field.
std::string validate(const jsearch_query& q);

}  // namespace jobpilot::core
