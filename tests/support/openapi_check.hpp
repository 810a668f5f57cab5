// Checks a live JSON response against deploy/openapi.yaml (the subset of JSON Schema the file
// uses: $ref, allOf, type, nullable, required, properties, items, enum, additionalProperties).
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace jobpilot::test {

/// Problems of `body` as the response of `method path_template` with `status` ("" when it fits);
/// path_template is the spec's key, e.g. "/api/jobs/{id}".
std::vector<std::string> openapi_problems(const std::string& path_template, const std::string& method, int status,
                                          const boost::json::value& body);

}  // namespace jobpilot::test
