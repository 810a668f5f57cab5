// Jobs as JSON, the same for `jobs --json`, `search --json` and the HTTP API.
#pragma once

#include <boost/json/object.hpp>

namespace jobpilot::storage {
struct job_summary;
struct job_source_row;
}  // namespace jobpilot::storage

namespace jobpilot::app {

boost::json::object to_json(const storage::job_summary& j);
boost::json::object to_json(const storage::job_source_row& s);

}  // namespace jobpilot::app
