#include "core/on_demand_request.hpp"

#include <boost/json.hpp>

namespace jobpilot::core {

std::optional<on_demand_request> parse_on_demand_request(std::string_view json, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<on_demand_request> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  boost::json::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec) return fail("the body is not JSON: " + ec.message());
  if (!v.is_object()) return fail("the body must be a JSON object such as {\"query\": \"python developer\"}");
  const auto& o = v.as_object();
  for (const auto& kv : o)
    if (kv.key() != "query" && kv.key() != "location" && kv.key() != "pages")
      return fail("unknown field '" + std::string(kv.key()) + "' (fields: query, location, pages)");
  on_demand_request r;
  const auto* q = o.if_contains("query");
  if (!q || !q->is_string()) return fail("query: required, a string");
  r.query = std::string(q->as_string());
  if (r.query.empty() || r.query.size() > 200) return fail("query: must be 1 to 200 characters");
  if (const auto* l = o.if_contains("location"); l && !l->is_null()) {
    if (!l->is_string()) return fail("location: must be a string");
    r.location = std::string(l->as_string());
    if (r.location.size() > 200) return fail("location: must be at most 200 characters");
  }
  if (const auto* p = o.if_contains("pages"); p && !p->is_null()) {
    if (!p->is_int64() || p->as_int64() < 1 || p->as_int64() > 20) return fail("pages: must be an integer from 1 to 20");
    r.pages = static_cast<int>(p->as_int64());
  }
  return r;
}

std::string to_json(const on_demand_request& r) {
  return boost::json::serialize(boost::json::object{{"query", r.query}, {"location", r.location}, {"pages", r.pages}});
}

std::optional<reprocess_request> parse_reprocess_request(std::string_view json, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<reprocess_request> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  reprocess_request r;
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return r;  // no body: the defaults
  boost::json::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec) return fail("the body is not JSON: " + ec.message());
  if (!v.is_object()) return fail("the body must be a JSON object such as {\"status\": \"failed\"}");
  for (const auto& kv : v.as_object()) {
    if (kv.key() == "status") {
      const auto& s = kv.value();
      if (!s.is_string() || (s.as_string() != "failed" && s.as_string() != "partial" && s.as_string() != "all"))
        return fail("status: must be \"failed\", \"partial\" or \"all\"");
      r.status = std::string(s.as_string());
    } else if (kv.key() == "dead_letters") {
      if (!kv.value().is_bool()) return fail("dead_letters: must be true or false");
      r.dead_letters = kv.value().as_bool();
    } else {
      return fail("unknown field '" + std::string(kv.key()) + "' (fields: status, dead_letters)");
    }
  }
  return r;
}

std::string to_json(const reprocess_request& r) {
  return boost::json::serialize(boost::json::object{{"status", r.status}, {"dead_letters", r.dead_letters}});
}

}  // namespace jobpilot::core
