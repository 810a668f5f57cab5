// Tolerant parsing of JSearch job objects and response envelopes.
#include "core/jsearch_model.hpp"

#include "core/ascii.hpp"
#include "core/json_fields.hpp"
#include "core/utf8.hpp"

#include <array>

namespace jobpilot::core {
namespace {

namespace json = boost::json;

// Keys that exist in only one generation (notes/jsearch-api.md 3.2); a null value still counts as present.
constexpr std::array<std::string_view, 4> current_markers = {"job_location", "job_posted_at", "job_employment_types",
                                                             "job_salary"};
constexpr std::array<std::string_view, 13> legacy_markers = {
    "job_apply_quality_score", "job_required_experience", "job_required_education", "job_job_title",
    "job_salary_currency", "job_posting_language", "job_required_skills", "job_experience_in_place_of_education",
    "job_offer_expiration_datetime_utc", "job_offer_expiration_timestamp", "employer_company_type",
    "job_occupational_categories", "job_naics_code"};

std::optional<std::vector<apply_option>> read_apply_options(field_reader& r) {
  const auto* arr = r.read_array("apply_options");
  if (arr == nullptr) return std::nullopt;
  std::vector<apply_option> out;
  out.reserve(arr->size());
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto& e = (*arr)[i];
    const std::string name = "apply_options[" + std::to_string(i) + "]";
    if (!e.is_object()) {
      r.warn_type(name, "object", e, false);
      continue;
    }
    auto o = r.nested(e.get_object(), name);
    out.push_back({o.read_string("publisher"), o.read_string("apply_link"), o.read_bool("is_direct")});
  }
  return out;
}

std::optional<required_experience> read_experience(field_reader& r) {
  const auto* obj = r.read_object("job_required_experience");
  if (obj == nullptr) return std::nullopt;
  auto o = r.nested(*obj, "job_required_experience");
  required_experience x;
  x.no_experience_required = o.read_bool("no_experience_required");
  x.required_experience_in_months = o.read_integer("required_experience_in_months");
  x.experience_mentioned = o.read_bool("experience_mentioned");
  x.experience_preferred = o.read_bool("experience_preferred");
  return x;
}

std::optional<required_education> read_education(field_reader& r) {
  const auto* obj = r.read_object("job_required_education");
  if (obj == nullptr) return std::nullopt;
  auto o = r.nested(*obj, "job_required_education");
  required_education x;
  x.postgraduate_degree = o.read_bool("postgraduate_degree");
  x.professional_certification = o.read_bool("professional_certification");
  x.high_school = o.read_bool("high_school");
  x.associates_degree = o.read_bool("associates_degree");
  x.bachelors_degree = o.read_bool("bachelors_degree");
  x.degree_mentioned = o.read_bool("degree_mentioned");
  x.degree_preferred = o.read_bool("degree_preferred");
  x.professional_certification_mentioned = o.read_bool("professional_certification_mentioned");
  return x;
}

// Keys vary ("Qualifications", "Responsibilities", "Benefits", any may be missing); {} stays an empty map.
std::optional<std::map<std::string, std::vector<std::string>>> read_highlights(field_reader& r) {
  const auto* obj = r.read_object("job_highlights");
  if (obj == nullptr) return std::nullopt;
  auto o = r.nested(*obj, "job_highlights");
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& member : *obj) {
    if (auto list = o.read_string_list(member.key())) out[std::string(member.key())] = std::move(*list);
  }
  return out;
}

std::optional<json::array> read_raw_array(field_reader& r, std::string_view key) {
  if (const auto* arr = r.read_array(key)) return *arr;
  return std::nullopt;
}

job_parse_result fail(std::string error) { return {std::nullopt, std::move(error)}; }

envelope_result envelope_error(envelope_failure f, std::string error) { return {std::nullopt, f, std::move(error)}; }

std::optional<std::string> text_of(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_number()) return json_number_text(*v);
  return std::nullopt;
}

// RapidAPI's gateway writes "message", or "messages" (plural, 502/504); either may be a list.
std::optional<std::string> gateway_text(const json::object& obj) {
  for (const char* key : {"message", "messages"}) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr || v->is_null()) continue;
    if (auto s = text_of(v)) return s;
    if (v->is_array()) {
      std::string joined;
      for (const auto& e : v->get_array()) {
        if (auto s = text_of(&e)) {
          if (!joined.empty()) joined += "; ";
          joined += *s;
        }
      }
      if (!joined.empty()) return joined;
    }
  }
  return std::nullopt;
}

void read_api_error(const json::object& obj, search_page& page) {
  page.kind = page_kind::api_error;
  if (const auto* err = obj.if_contains("error"); err != nullptr && err->is_object()) {
    const auto& e = err->get_object();
    page.error_message = text_of(e.if_contains("message"));
    std::optional<std::int64_t> code;
    if (const auto* c = e.if_contains("code"); c != nullptr && c->is_int64()) code = c->get_int64();
    else if (c != nullptr && c->is_string()) code = parse_integer_text(c->get_string());
    if (code && *code > 0 && *code < 100000) page.error_code = static_cast<int>(*code);
  } else if (err != nullptr && err->is_string()) {
    page.error_message = std::string(err->get_string());
  }
  if (!page.error_message) page.error_message = gateway_text(obj);
  if (!page.error_message) page.error_message = "status ERROR without a message";
}

void find_jobs_into(const json::value& v, std::vector<json::object>& out) {
  if (v.is_array()) {
    for (const auto& e : v.get_array()) find_jobs_into(e, out);
    return;
  }
  if (!v.is_object()) return;
  const auto& obj = v.get_object();
  // Same rule as parse_job: a blank id is not a job.
  if (const auto* id = obj.if_contains("job_id"); id != nullptr && id->is_string() && !trim(id->get_string()).empty()) {
    out.push_back(obj);
    return;
  }
  for (const auto& member : obj) {
    if (member.key() == "parameters") continue;  // the request echo, not a job
    find_jobs_into(member.value(), out);
  }
}

}  // namespace

const char* to_string(job_generation g) noexcept {
  switch (g) {
    case job_generation::legacy: return "legacy";
    case job_generation::current: return "current";
    case job_generation::unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(envelope_failure f) noexcept {
  switch (f) {
    case envelope_failure::none: return "none";
    case envelope_failure::empty: return "empty";
    case envelope_failure::invalid_json: return "invalid_json";
    case envelope_failure::truncated: return "truncated";
    case envelope_failure::not_object: return "not_object";
    case envelope_failure::missing_data: return "missing_data";
  }
  return "unknown";
}

job_generation detect_generation(const json::object& job) {
  // The 2025 keys never existed before, while some legacy keys lingered: the new ones decide.
  for (auto key : current_markers)
    if (job.contains(key)) return job_generation::current;
  for (auto key : legacy_markers)
    if (job.contains(key)) return job_generation::legacy;
  return job_generation::unknown;
}

job_parse_result parse_job(const json::value& v) {
  if (!v.is_object()) return fail(std::string("job is not a JSON object (got ") + json_kind_name(v) + ")");
  const auto& obj = v.get_object();
  const auto* id = obj.if_contains("job_id");
  if (id == nullptr) return fail("missing 'job_id'");
  if (!id->is_string()) return fail(std::string("'job_id' is not a string (got ") + json_kind_name(*id) + ")");
  if (trim(id->get_string()).empty()) return fail("'job_id' is empty");

  job_posting j;
  j.job_id = std::string(id->get_string());
  field_reader r(obj, j.warnings);
  j.title = r.read_string("job_title");
  j.employer_name = r.read_string("employer_name");
  j.employer_logo = r.read_string("employer_logo");
  j.employer_website = r.read_string("employer_website");
  j.employer_company_type = r.read_string("employer_company_type");
  j.employer_linkedin = r.read_string("employer_linkedin");
  j.publisher = r.read_string("job_publisher");
  j.employment_type = r.read_string("job_employment_type");
  j.employment_types = r.read_string_list("job_employment_types");
  j.apply_link = r.read_string("job_apply_link");
  j.apply_is_direct = r.read_bool("job_apply_is_direct");
  j.apply_quality_score = r.read_number("job_apply_quality_score");
  j.apply_options = read_apply_options(r);
  j.description = r.read_string("job_description");
  j.is_remote = r.read_bool("job_is_remote");
  j.posted_at = r.read_string("job_posted_at");
  j.posted_at_timestamp = r.read_integer("job_posted_at_timestamp");
  j.posted_at_datetime_utc = r.read_string("job_posted_at_datetime_utc");
  j.location = r.read_string("job_location");
  j.city = r.read_string("job_city");
  j.state = r.read_string("job_state");
  j.country = r.read_string("job_country");
  j.latitude = r.read_number("job_latitude");
  j.longitude = r.read_number("job_longitude");
  j.benefits = r.read_string_list("job_benefits");
  j.google_link = r.read_string("job_google_link");
  j.offer_expiration_datetime_utc = r.read_string("job_offer_expiration_datetime_utc");
  j.offer_expiration_timestamp = r.read_integer("job_offer_expiration_timestamp");
  j.required_experience = read_experience(r);
  j.required_skills = r.read_string_list("job_required_skills");
  j.required_education = read_education(r);
  j.experience_in_place_of_education = r.read_bool("job_experience_in_place_of_education");
  j.salary = r.read_string("job_salary");
  j.min_salary = r.read_number("job_min_salary");
  j.max_salary = r.read_number("job_max_salary");
  j.salary_currency = r.read_string("job_salary_currency");
  j.salary_period = r.read_string("job_salary_period");
  j.highlights = read_highlights(r);
  j.job_job_title = r.read_string("job_job_title");
  j.posting_language = r.read_string("job_posting_language");
  j.onet_soc = r.read_string("job_onet_soc");
  j.onet_job_zone = r.read_string("job_onet_job_zone");
  j.occupational_categories = r.read_string_list("job_occupational_categories");
  j.naics_code = r.read_string("job_naics_code");
  j.naics_name = r.read_string("job_naics_name");
  j.employer_reviews = read_raw_array(r, "employer_reviews");
  j.estimated_salaries = read_raw_array(r, "estimated_salaries");
  j.generation = detect_generation(obj);
  j.raw = obj;
  return {std::move(j), {}};
}

envelope_result parse_envelope(std::string_view body) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  std::size_t base = 0;  // offsets in messages are into the body as received
  if (starts_with(body, bom)) {
    body.remove_prefix(bom.size());
    base = bom.size();
  }
  if (trim(body).empty()) return envelope_error(envelope_failure::empty, "empty body");
  std::string repaired;
  std::size_t repairs = 0;
  if (find_invalid_utf8(body) != std::string_view::npos) {
    repaired = repair_utf8(body, &repairs);
    body = repaired;
  }

  json::parse_options opts;
  opts.max_depth = 64;
  json::stream_parser parser(json::storage_ptr(), opts);
  json::error_code ec;
  const std::size_t used = parser.write(body.data(), body.size(), ec);
  if (ec) {
    return envelope_error(envelope_failure::invalid_json,
                          "invalid JSON at offset " + std::to_string(base + used) + ": " + ec.message());
  }
  if (!parser.done()) {
    return envelope_error(envelope_failure::truncated, "truncated JSON: the body ends (at offset " +
                                                           std::to_string(base + body.size()) +
                                                           ") inside an unfinished value");
  }
  parser.finish(ec);
  if (ec) return envelope_error(envelope_failure::truncated, "truncated JSON: " + ec.message());
  json::value root = parser.release();
  if (!root.is_object())
    return envelope_error(envelope_failure::not_object,
                          std::string("body is not a JSON object (got ") + json_kind_name(root) + ")");
  auto& obj = root.get_object();

  search_page page;
  page.utf8_repairs = repairs;
  if (const auto* s = obj.if_contains("status"); s != nullptr && s->is_string()) page.status = s->get_string();
  if (const auto* s = obj.if_contains("request_id"); s != nullptr && s->is_string()) page.request_id = s->get_string();
  if (auto* p = obj.if_contains("parameters"); p != nullptr && p->is_object()) page.parameters = std::move(p->get_object());

  if (iequals(page.status, "ERROR")) {
    read_api_error(obj, page);
    return {std::move(page), envelope_failure::none, {}};
  }

  auto* data = obj.if_contains("data");
  if (data == nullptr) {
    if (auto text = gateway_text(obj)) {
      page.kind = page_kind::gateway_message;
      page.error_message = std::move(text);
      return {std::move(page), envelope_failure::none, {}};
    }
    return envelope_error(envelope_failure::missing_data, "missing 'data' array");
  }
  if (data->is_array()) {
    auto& arr = data->get_array();
    page.job_values.assign(std::make_move_iterator(arr.begin()), std::make_move_iterator(arr.end()));
  } else if (data->is_object()) {  // /search-v2: {"jobs": [...], "cursor": "..."}
    auto& d = data->get_object();
    auto* jobs = d.if_contains("jobs");
    if (jobs == nullptr || !jobs->is_array()) {
      return envelope_error(envelope_failure::missing_data, "'data' is an object without a 'jobs' array");
    }
    auto& arr = jobs->get_array();
    page.job_values.assign(std::make_move_iterator(arr.begin()), std::make_move_iterator(arr.end()));
    page.cursor = text_of(d.if_contains("cursor"));
  } else {
    return envelope_error(envelope_failure::missing_data, std::string("'data' is ") + json_kind_name(*data) +
                                                              ", expected an array or {jobs, cursor}");
  }
  if (!page.cursor) page.cursor = text_of(obj.if_contains("cursor"));
  if (page.cursor && page.cursor->empty()) page.cursor.reset();  // "" means no next page
  return {std::move(page), envelope_failure::none, {}};
}

std::vector<job_parse_result> parse_jobs(const search_page& page) {
  std::vector<job_parse_result> out;
  out.reserve(page.job_values.size());
  for (const auto& v : page.job_values) out.push_back(parse_job(v));
  return out;
}

std::vector<json::object> find_job_objects(const json::value& v) {
  std::vector<json::object> out;
  find_jobs_into(v, out);
  return out;
}

std::vector<std::string> job_ids_on_page(std::string_view body) {
  std::vector<std::string> ids;
  auto env = parse_envelope(body);
  if (!env.page) return ids;
  for (const auto& v : env.page->job_values)
    if (const auto* o = v.if_object())
      if (const auto* id = o->if_contains("job_id"); id && id->is_string() && !id->as_string().empty())
        ids.emplace_back(id->as_string());
  return ids;
}

}  // namespace jobpilot::core
