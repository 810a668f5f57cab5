#include "core/enhanced_job.hpp"

#include <boost/json.hpp>

namespace jobpilot::core {

namespace json = boost::json;

namespace {

json::value opt_time(const std::optional<sys_time>& t) { return t ? json::value(iso8601_utc(*t)) : json::value(nullptr); }
json::value opt_num(const std::optional<double>& d) { return d ? json::value(*d) : json::value(nullptr); }
json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string get_string(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::optional<double> get_num(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}
std::optional<sys_time> get_time(const json::object& o, const char* k) {
  auto s = get_string(o, k);
  if (s.empty()) return std::nullopt;
  return parse_iso8601_utc(s);
}
std::vector<std::string> get_strings(const json::object& o, const char* k) {
  std::vector<std::string> out;
  auto* v = o.if_contains(k);
  if (v && v->is_array())
    for (const auto& x : v->as_array())
      if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

}  // namespace

const std::vector<std::string>& completeness_fields() {
  static const std::vector<std::string> fields = {"title",      "company",         "location",   "country",
                                                  "employment", "description",     "apply_url",  "salary",
                                                  "posted_at",  "skills",          "experience", "education"};
  return fields;
}

std::vector<bool> present_fields(const enhanced_job& j) {
  return {!j.title.empty(),
          !j.company.empty(),
          !j.location.city.empty() || j.location.remote,
          !j.location.country.empty(),
          !j.employment_type.empty(),
          j.description.size() >= 100,
          !j.apply_url_canonical.empty(),
          j.salary.has_value(),
          j.posted_at.has_value(),
          !j.skills.empty(),
          j.experience_years.has_value(),
          !j.education_level.empty()};
}

std::string embedding_text(const enhanced_job& j) { return j.title + "\n" + j.description; }

json::object to_json(const enhanced_job& j) {
  json::object o;
  o["jsearch_job_id"] = j.jsearch_job_id;
  o["generation"] = j.generation;
  o["title"] = j.title;
  o["company"] = j.company;
  o["company_type"] = j.company_type;
  o["publisher"] = j.publisher;
  o["location"] = json::object{{"city", j.location.city},
                               {"state", j.location.state},
                               {"country", j.location.country},
                               {"remote", j.location.remote},
                               {"display", j.location.display}};
  o["is_remote"] = j.is_remote ? json::value(*j.is_remote) : json::value(nullptr);
  o["employment_types"] = strings(j.employment_types);
  o["employment_type"] = j.employment_type;
  o["description"] = j.description;
  o["apply_url"] = j.apply_url;
  o["apply_url_canonical"] = j.apply_url_canonical;
  o["other_apply_urls"] = strings(j.other_apply_urls);
  if (j.salary) {
    const auto& s = *j.salary;
    o["salary"] = json::object{{"min", opt_num(s.min)},
                               {"max", opt_num(s.max)},
                               {"currency", s.currency},
                               {"period", s.period ? json::value(to_string(*s.period)) : json::value(nullptr)},
                               {"annual_min", opt_num(s.annual_min)},
                               {"annual_max", opt_num(s.annual_max)},
                               {"source", s.source}};
  } else {
    o["salary"] = nullptr;
  }
  o["posted_at"] = opt_time(j.posted_at);
  o["expires_at"] = opt_time(j.expires_at);
  o["skills"] = strings(j.skills);
  o["experience_years"] = opt_num(j.experience_years);
  o["education_level"] = j.education_level;
  o["benefits"] = strings(j.benefits);
  o["completeness"] = j.completeness;
  o["warnings"] = strings(j.warnings);
  o["title_key"] = j.title_key;
  o["company_key"] = j.company_key;
  o["location_key"] = j.location_key;
  return o;
}

enhanced_job enhanced_job_from_json(const json::object& o) {
  enhanced_job j;
  j.jsearch_job_id = get_string(o, "jsearch_job_id");
  j.generation = get_string(o, "generation");
  j.title = get_string(o, "title");
  j.company = get_string(o, "company");
  j.company_type = get_string(o, "company_type");
  j.publisher = get_string(o, "publisher");
  if (auto* l = o.if_contains("location"); l && l->is_object()) {
    const auto& lo = l->as_object();
    j.location.city = get_string(lo, "city");
    j.location.state = get_string(lo, "state");
    j.location.country = get_string(lo, "country");
    j.location.display = get_string(lo, "display");
    auto* r = lo.if_contains("remote");
    j.location.remote = r && r->is_bool() && r->as_bool();
  }
  if (auto* r = o.if_contains("is_remote"); r && r->is_bool()) j.is_remote = r->as_bool();
  j.employment_types = get_strings(o, "employment_types");
  j.employment_type = get_string(o, "employment_type");
  j.description = get_string(o, "description");
  j.apply_url = get_string(o, "apply_url");
  j.apply_url_canonical = get_string(o, "apply_url_canonical");
  j.other_apply_urls = get_strings(o, "other_apply_urls");
  if (auto* s = o.if_contains("salary"); s && s->is_object()) {
    const auto& so = s->as_object();
    salary_info si;
    si.min = get_num(so, "min");
    si.max = get_num(so, "max");
    si.currency = get_string(so, "currency");
    auto period = get_string(so, "period");
    if (!period.empty()) si.period = parse_pay_period(period);
    si.annual_min = get_num(so, "annual_min");
    si.annual_max = get_num(so, "annual_max");
    si.source = get_string(so, "source");
    j.salary = si;
  }
  j.posted_at = get_time(o, "posted_at");
  j.expires_at = get_time(o, "expires_at");
  j.skills = get_strings(o, "skills");
  j.experience_years = get_num(o, "experience_years");
  j.education_level = get_string(o, "education_level");
  j.benefits = get_strings(o, "benefits");
  j.completeness = get_num(o, "completeness").value_or(0.0);
  j.warnings = get_strings(o, "warnings");
  j.title_key = get_string(o, "title_key");
  j.company_key = get_string(o, "company_key");
  j.location_key = get_string(o, "location_key");
  return j;
}

}  // namespace jobpilot::core
