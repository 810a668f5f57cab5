#include "tests/support/openapi_check.hpp"

#include <boost/json.hpp>
#include <yaml-cpp/yaml.h>

namespace jobpilot::test {

namespace {

const YAML::Node& spec() {
  static const YAML::Node s = YAML::LoadFile(JOBPILOT_SOURCE_DIR "/deploy/openapi.yaml");
  return s;
}

YAML::Node resolve(YAML::Node schema) {
  while (schema["$ref"]) {
    auto ref = schema["$ref"].as<std::string>();  // "#/components/schemas/Name"
    schema = spec()["components"]["schemas"][ref.substr(ref.rfind('/') + 1)];
  }
  return schema;
}

void check(YAML::Node schema, const boost::json::value& v, const std::string& at, std::vector<std::string>& out) {
  schema = resolve(schema);
  if (!schema) {
    out.push_back(at + ": no schema");
    return;
  }
  if (schema["allOf"]) {
    for (const auto& part : schema["allOf"]) check(part, v, at, out);
    return;
  }
  if (v.is_null()) {
    if (!schema["nullable"] || !schema["nullable"].as<bool>()) out.push_back(at + ": null where the spec has no nullable");
    return;
  }
  const auto type = schema["type"] ? schema["type"].as<std::string>() : "";
  auto wrong = [&](const char* expected) { out.push_back(at + ": expected " + expected + ", got " + boost::json::serialize(v)); };
  if (type == "object") {
    if (!v.is_object()) return wrong("an object");
    const auto& o = v.as_object();
    if (schema["required"])
      for (const auto& r : schema["required"])
        if (!o.contains(r.as<std::string>())) out.push_back(at + ": missing required '" + r.as<std::string>() + "'");
    for (const auto& kv : o) {
      const std::string key(kv.key());
      if (schema["properties"] && schema["properties"][key]) check(schema["properties"][key], kv.value(), at + "." + key, out);
      else if (schema["additionalProperties"] && schema["additionalProperties"].IsMap())
        check(schema["additionalProperties"], kv.value(), at + "." + key, out);
    }
  } else if (type == "array") {
    if (!v.is_array()) return wrong("an array");
    std::size_t i = 0;
    for (const auto& e : v.as_array()) check(schema["items"], e, at + "[" + std::to_string(i++) + "]", out);
  } else if (type == "string") {
    if (!v.is_string()) return wrong("a string");
    if (schema["enum"]) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e.as<std::string>() == v.as_string().c_str();
      if (!found) out.push_back(at + ": '" + std::string(v.as_string()) + "' is not in the enum");
    }
  } else if (type == "integer") {
    if (!v.is_int64() && !v.is_uint64()) return wrong("an integer");
  } else if (type == "number") {
    if (!v.is_number()) return wrong("a number");
  } else if (type == "boolean") {
    if (!v.is_bool()) return wrong("a boolean");
  }
}

}  // namespace

std::vector<std::string> openapi_problems(const std::string& path_template, const std::string& method, int status,
                                          const boost::json::value& body) {
  std::vector<std::string> out;
  auto op = spec()["paths"][path_template][method];
  if (!op) return {"no operation " + method + " " + path_template + " in deploy/openapi.yaml"};
  auto response = op["responses"][std::to_string(status)];
  if (!response) return {"status " + std::to_string(status) + " is not documented for " + method + " " + path_template};
  check(response["content"]["application/json"]["schema"], body, method + " " + path_template, out);
  return out;
}

}  // namespace jobpilot::test
