// Typed JSearch model: job objects of both generations and the response envelope, parsed tolerantly.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::core {

// legacy = the 2023-24 shape (quality score, required_* objects), current = 2025+ (job_location, job_posted_at,
// job_employment_types, job_salary). unknown = neither set of marker keys is present.
enum class job_generation { legacy, current, unknown };
const char* to_string(job_generation g) noexcept;

struct apply_option {
  std::optional<std::string> publisher;
  std::optional<std::string> apply_link;
  std::optional<bool> is_direct;
};

struct required_experience {
  std::optional<bool> no_experience_required;
  std::optional<std::int64_t> required_experience_in_months;
  std::optional<bool> experience_mentioned;
  std::optional<bool> experience_preferred;
};

struct required_education {
  std::optional<bool> postgraduate_degree;
  std::optional<bool> professional_certification;
  std::optional<bool> high_school;
  std::optional<bool> associates_degree;
  std::optional<bool> bachelors_degree;
  std::optional<bool> degree_mentioned;
  std::optional<bool> degree_preferred;
  std::optional<bool> professional_certification_mentioned;
};

// One job object. Every field but job_id may be absent (missing or null in the JSON).
struct job_posting {
  std::string job_id;
  std::optional<std::string> title;  // job_title
  std::optional<std::string> employer_name;
  std::optional<std::string> employer_logo;
  std::optional<std::string> employer_website;
  std::optional<std::string> employer_company_type;
  std::optional<std::string> employer_linkedin;
  std::optional<std::string> publisher;                      // job_publisher
  std::optional<std::string> employment_type;                // "FULLTIME" (legacy) or "Full-time" (current)
  std::optional<std::vector<std::string>> employment_types;  // current: ["FULLTIME"], may repeat values
  std::optional<std::string> apply_link;
  std::optional<bool> apply_is_direct;
  std::optional<double> apply_quality_score;
  std::optional<std::vector<apply_option>> apply_options;
  std::optional<std::string> description;
  std::optional<bool> is_remote;
  std::optional<std::string> posted_at;  // relative text, "2 days ago"
  std::optional<std::int64_t> posted_at_timestamp;
  std::optional<std::string> posted_at_datetime_utc;
  std::optional<std::string> location;  // current: "Washington, DC"
  std::optional<std::string> city;
  std::optional<std::string> state;  // legacy "TX", current "Texas"
  std::optional<std::string> country;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::optional<std::vector<std::string>> benefits;
  std::optional<std::string> google_link;
  std::optional<std::string> offer_expiration_datetime_utc;
  std::optional<std::int64_t> offer_expiration_timestamp;
  std::optional<core::required_experience> required_experience;
  std::optional<std::vector<std::string>> required_skills;
  std::optional<core::required_education> required_education;
  std::optional<bool> experience_in_place_of_education;
  std::optional<std::string> salary;  // job_salary (current; null in every capture so far)
  std::optional<double> min_salary;
  std::optional<double> max_salary;
  std::optional<std::string> salary_currency;
  std::optional<std::string> salary_period;
  std::optional<std::map<std::string, std::vector<std::string>>> highlights;
  std::optional<std::string> job_job_title;
  std::optional<std::string> posting_language;
  std::optional<std::string> onet_soc;
  std::optional<std::string> onet_job_zone;  // text even when the JSON has a number
  std::optional<std::vector<std::string>> occupational_categories;
  std::optional<std::string> naics_code;
  std::optional<std::string> naics_name;
  std::optional<boost::json::array> employer_reviews;    // /job-details, kept as-is
  std::optional<boost::json::array> estimated_salaries;  // /job-details (legacy), kept as-is

  job_generation generation = job_generation::unknown;
  std::vector<std::string> warnings;  // one line per field of a wrong type, e.g. "job_min_salary: expected ..."
  boost::json::object raw;            // the object verbatim, for raw_data
};

struct job_parse_result {
  std::optional<job_posting> job;
  std::string error;  // set when !job
  bool ok() const noexcept { return job.has_value(); }
};

job_generation detect_generation(const boost::json::object& job);

// Fails only when v is not an object or job_id is missing, not a string or blank. Never throws.
job_parse_result parse_job(const boost::json::value& v);

// What the body of a reply turned out to be.
enum class page_kind {
  results,          // status OK (or no status) with data: /search, /job-details, /search-v2
  api_error,        // JSearch's own "status":"ERROR" with error{message, code}
  gateway_message,  // RapidAPI body without data: {"message": ...} or {"messages": ..., "info": ...}
};

struct search_page {
  page_kind kind = page_kind::results;
  std::string status;  // as sent ("OK", "ERROR"), empty when absent
  std::string request_id;
  boost::json::object parameters;
  std::vector<boost::json::value> job_values;  // unparsed, so that each job can fail on its own
  std::optional<std::string> cursor;           // /search-v2 next page
  std::optional<std::string> error_message;    // api_error / gateway_message
  int error_code = 0;                          // api_error's error.code when given
  std::size_t utf8_repairs = 0;                // invalid bytes replaced by U+FFFD before parsing
};

enum class envelope_failure { none, empty, invalid_json, truncated, not_object, missing_data };
const char* to_string(envelope_failure f) noexcept;

struct envelope_result {
  std::optional<search_page> page;
  envelope_failure failure = envelope_failure::none;
  std::string error;  // what was wrong and where, when !page
  bool ok() const noexcept { return page.has_value(); }
};

// Never throws. A leading UTF-8 byte order mark is skipped. Invalid UTF-8 does not reject the page:
// each bad byte becomes U+FFFD (counted in utf8_repairs), as a reply's exact bytes stay in the raw store.
envelope_result parse_envelope(std::string_view body);

// parse_job over page.job_values, index for index.
std::vector<job_parse_result> parse_jobs(const search_page& page);

/// The job_id of every job object on a reply's page (empty when the body is not a results page):
/// what incremental collection compares with the jobs already stored.
std::vector<std::string> job_ids_on_page(std::string_view body);

// Every object below v with a non-blank string "job_id" (not descending into found jobs, nor into
// "parameters", which echoes job_id in /job-details replies). Counts jobs in arbitrary recorded files.
std::vector<boost::json::object> find_job_objects(const boost::json::value& v);

}  // namespace jobpilot::core
