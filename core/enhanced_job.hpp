// The clean job record the transform produces (one per posting) and that the loader
// writes into enhanced_jobs. Stored in processed_job_data.processed_data as JSON.
#pragma once

#include "core/location.hpp"
#include "core/salary.hpp"
#include "core/time_format.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace jobpilot::core {

struct enhanced_job {
  std::string jsearch_job_id;
  std::string generation;       ///< legacy, current or unknown (the JSearch job shape)
  std::string title;
  std::string company;
  std::string company_type;
  std::string publisher;
  normalized_location location;
  std::optional<bool> is_remote;
  std::vector<std::string> employment_types;  ///< full_time, part_time, contract, internship, temporary
  std::string employment_type;                ///< the first of them, or ""
  std::string description;
  std::string apply_url;
  std::string apply_url_canonical;            ///< "" when the link is missing or invalid
  std::vector<std::string> other_apply_urls;  ///< canonical links of apply_options (other boards)
  std::optional<salary_info> salary;
  std::optional<sys_time> posted_at;
  std::optional<sys_time> expires_at;
  std::vector<std::string> skills;
  std::optional<double> experience_years;
  std::string education_level;                ///< phd, masters, bachelors, associates, high_school or ""
  std::vector<std::string> benefits;
  double completeness = 0;                    ///< share of the key fields present, 0..1
  std::vector<std::string> warnings;          ///< fields that had wrong types or were dropped as invalid
  // dedupe keys (normalised forms)
  std::string title_key;
  std::string company_key;
  std::string location_key;
};

boost::json::object to_json(const enhanced_job& job);
/// Reads what to_json wrote; missing fields keep their defaults.
enhanced_job enhanced_job_from_json(const boost::json::object& o);

/// The text that is embedded for a job (title and description): the same for storage and search.
std::string embedding_text(const enhanced_job& job);

/// Names of the fields the completeness score counts, in a fixed order.
const std::vector<std::string>& completeness_fields();
/// Which of completeness_fields() are present in `job`.
std::vector<bool> present_fields(const enhanced_job& job);

}  // namespace jobpilot::core
