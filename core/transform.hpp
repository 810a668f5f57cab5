// JSearch job object (either generation) -> enhanced_job. Pure: the collection time is
// passed in, so "2 days ago" resolves the same way on every run.
#pragma once

#include "core/enhanced_job.hpp"
#include "core/jsearch_model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

struct transform_result {
  std::optional<enhanced_job> job;
  std::string error_type;     ///< schema_validation, parse_error, ... when !job
  std::string error_message;  ///< "Missing required field: job_title"
  bool ok() const { return job.has_value(); }
};

transform_result transform_job(const job_posting& posting, sys_time collected_at);

/// parse_job + transform_job for one raw job value.
transform_result transform_job_value(const boost::json::value& raw, sys_time collected_at);

/// Why a job was rejected, as the metrics label it: missing_field, invalid_value or other.
std::string_view rejection_reason(const std::string& error_type, const std::string& error_message);

}  // namespace jobpilot::core
