#include "core/jsearch_query.hpp"

#include "core/ascii.hpp"
#include "core/countries.hpp"
#include "core/ids.hpp"

#include <boost/json.hpp>

#include <map>

namespace jobpilot::core {

bool operator==(const jsearch_query& a, const jsearch_query& b) {
  return a.endpoint == b.endpoint && a.query == b.query && a.location == b.location && a.page == b.page &&
         a.num_pages == b.num_pages && a.country == b.country && a.language == b.language &&
         a.date_posted == b.date_posted && a.work_from_home == b.work_from_home &&
         a.employment_types == b.employment_types && a.job_requirements == b.job_requirements &&
         a.radius == b.radius && a.exclude_job_publishers == b.exclude_job_publishers && a.fields == b.fields &&
         a.cursor == b.cursor && a.job_ids == b.job_ids;
}

std::string percent_encode(const std::string& text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string effective_query_text(const jsearch_query& q) {
  if (q.location.empty()) return q.query;
  return q.query + " in " + q.location;
}

namespace {

// Parameters in a fixed order; the same list feeds the target and the canonical JSON.
std::map<std::string, std::string> parameter_map(const jsearch_query& q) {
  std::map<std::string, std::string> p;
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) p[k] = v;
  };
  if (q.endpoint == "job-details") {
    put("job_id", q.job_ids);
  } else {
    put("query", effective_query_text(q));
    if (q.endpoint == "search") {
      p["page"] = std::to_string(q.page);
      p["num_pages"] = std::to_string(q.num_pages);
    } else {
      put("cursor", q.cursor);
    }
    // The API's defaults are left out, so a request that spells them out and one that does not
    // are one request (one cache entry, one payment).
    if (q.date_posted != "all") put("date_posted", q.date_posted);
    if (q.work_from_home) p["work_from_home"] = "true";
    put("employment_types", q.employment_types);
    put("job_requirements", q.job_requirements);
    put("radius", q.radius);
    put("exclude_job_publishers", q.exclude_job_publishers);
  }
  if (to_lower(q.country) != "us") put("country", to_lower(q.country));
  put("language", to_lower(q.language));
  put("fields", q.fields);
  return p;
}

}  // namespace

std::string request_target(const jsearch_query& q) {
  std::string t = "/" + q.endpoint;
  char sep = '?';
  for (const auto& [k, v] : parameter_map(q)) {
    t += sep;
    t += k;
    t += '=';
    t += percent_encode(v);
    sep = '&';
  }
  return t;
}

std::string canonical_params_json(const jsearch_query& q) {
  boost::json::object o;
  o["endpoint"] = q.endpoint;
  for (const auto& [k, v] : parameter_map(q)) {
    if (k == "page" || k == "num_pages")
      o[k] = std::stoll(v);
    else if (k == "work_from_home")
      o[k] = true;
    else
      o[k] = v;
  }
  if (!q.location.empty()) o["location"] = q.location;
  // boost::json::object keeps insertion order; the map above is already sorted.
  return boost::json::serialize(o);
}

std::string query_hash(const jsearch_query& q) { return sha256_hex(canonical_params_json(q)); }

std::optional<jsearch_query> query_from_params_json(std::string_view text) {
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto str = [&](const char* k) {
    auto* x = o.if_contains(k);
    return x && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  auto num = [&](const char* k, std::int32_t dflt) {
    auto* x = o.if_contains(k);
    return x && x->is_int64() ? static_cast<std::int32_t>(x->as_int64()) : dflt;
  };
  jsearch_query q;
  q.endpoint = str("endpoint").empty() ? "search" : str("endpoint");
  q.location = str("location");
  q.query = str("query");
  const std::string suffix = " in " + q.location;  // the location was appended to the query text
  if (!q.location.empty() && q.query.size() > suffix.size() && ends_with(q.query, suffix))
    q.query.resize(q.query.size() - suffix.size());
  q.page = num("page", 1);
  q.num_pages = num("num_pages", 1);
  q.country = str("country");
  q.language = str("language");
  q.date_posted = str("date_posted");
  if (auto* w = o.if_contains("work_from_home")) q.work_from_home = w->is_bool() ? w->as_bool() : true;
  q.employment_types = str("employment_types");
  q.job_requirements = str("job_requirements");
  q.radius = str("radius");
  q.exclude_job_publishers = str("exclude_job_publishers");
  q.fields = str("fields");
  q.cursor = str("cursor");
  q.job_ids = str("job_id");
  return q;
}

std::string validate(const jsearch_query& q) {
  if (q.endpoint != "search" && q.endpoint != "search-v2" && q.endpoint != "job-details")
    return "endpoint must be search, search-v2 or job-details (got '" + q.endpoint + "')";
  if (q.endpoint == "job-details") {
    if (q.job_ids.empty()) return "job-details needs at least one job id";
    return {};
  }
  if (q.query.empty()) return "query must not be empty";
  if (q.endpoint == "search" && (q.page < 1 || q.page > 100)) return "page must be between 1 and 100";
  if (q.num_pages < 1 || q.num_pages > 20) return "num_pages must be between 1 and 20";
  if (!q.date_posted.empty() && q.date_posted != "all" && q.date_posted != "today" && q.date_posted != "3days" &&
      q.date_posted != "week" && q.date_posted != "month")
    return "date_posted must be one of all, today, 3days, week, month (got '" + q.date_posted + "')";
  if (auto err = validate_country(q.country); !err.empty()) return err;
  if (!q.language.empty() && (q.language.size() != 2 || !is_ascii_letter(q.language[0]) || !is_ascii_letter(q.language[1])))
    return "language must be an ISO 639-1 code such as en or de (got '" + q.language + "')";
  return {};
}

std::string validate_country(const std::string& country) {
  if (country.empty()) return {};
  if (country.size() == 2 && country_name(country)) return {};
  std::string out = "country must be an ISO 3166-1 alpha-2 code such as us, gb or de (got '" + country + "'";
  if (auto code = country_code(country)) out += "; did you mean '" + to_lower(*code) + "'?";
  return out + ")";
}

void apply_defaults(jsearch_query& q, const search_defaults& defaults) {
  if (q.country.empty()) q.country = defaults.country;
  if (q.language.empty()) q.language = defaults.language;
  if (q.date_posted.empty()) q.date_posted = defaults.date_posted;
}

jsearch_query search_query(const std::string& query, const std::string& location, int page,
                           const search_defaults& defaults) {
  jsearch_query q;
  q.query = query;
  q.location = location;
  q.page = page;
  apply_defaults(q, defaults);
  return q;
}

}  // namespace jobpilot::core
