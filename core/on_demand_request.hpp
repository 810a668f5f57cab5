// The body of POST /api/jobs/collect: one search, collected now. Checked once at the door (a 400
// names the field); stored as canonical JSON in schedule_runs, read back by the scheduler.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

/// Schedule names reserved for runs asked for through the API (config schedules may not use them).
inline constexpr const char* on_demand_schedule = "api_collect";
inline constexpr const char* reprocess_schedule = "api_reprocess";

struct on_demand_request {
  std::string query;     ///< required, 1-200 characters
  std::string location;  ///< optional
  int pages = 1;         ///< 1-20
};

/// nullopt and `error` ("pages: must be an integer from 1 to 20") for a body that is not such a request.
std::optional<on_demand_request> parse_on_demand_request(std::string_view json, std::string* error);

std::string to_json(const on_demand_request& r);

/// The body of POST /api/jobs/reprocess (may be empty): which collections go back to pending.
struct reprocess_request {
  std::string status = "failed";  ///< failed, partial or all
  bool dead_letters = true;       ///< loader dead letters are queued again too
};

std::optional<reprocess_request> parse_reprocess_request(std::string_view json, std::string* error);

std::string to_json(const reprocess_request& r);

}  // namespace jobpilot::core
