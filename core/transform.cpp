#include "core/transform.hpp"

#include "core/employment_type.hpp"
#include "core/posting_dates.hpp"
#include "core/requirements.hpp"
#include "core/skills.hpp"
#include "core/text_clean.hpp"
#include "core/url_canonical.hpp"

namespace jobpilot::core {

namespace {

std::string text_of(const std::optional<std::string>& s) { return s ? *s : std::string(); }

// The highlights as one text block (Qualifications first: requirements live there).
std::string highlights_text(const job_posting& p) {
  std::string out;
  if (!p.highlights) return out;
  for (const char* key : {"Qualifications", "Responsibilities", "Benefits"}) {
    auto it = p.highlights->find(key);
    if (it == p.highlights->end()) continue;
    for (const auto& line : it->second) {
      out += line;
      out += '\n';
    }
  }
  return out;
}

std::string warning_for(const job_posting& p, const std::string& field) {
  for (const auto& w : p.warnings)
    if (w.rfind(field + ":", 0) == 0) return w;
  return {};
}

}  // namespace

transform_result transform_job(const job_posting& p, sys_time collected_at) {
  transform_result r;
  enhanced_job j;
  j.jsearch_job_id = p.job_id;
  j.generation = to_string(p.generation);
  j.title = clean_line(text_of(p.title));
  if (j.title.empty()) {
    r.error_type = "schema_validation";
    auto w = warning_for(p, "job_title");
    r.error_message = w.empty() ? "Missing required field: job_title" : "Invalid required field: " + w;
    return r;
  }
  j.warnings = p.warnings;
  j.company = clean_line(text_of(p.employer_name));
  j.company_type = clean_line(text_of(p.employer_company_type));
  j.publisher = clean_line(text_of(p.publisher));
  j.description = clean_text(text_of(p.description));
  j.location = normalize_location(text_of(p.city), text_of(p.state), text_of(p.country), text_of(p.location),
                                  p.is_remote);
  j.is_remote = p.is_remote;
  if (j.location.remote) j.is_remote = true;

  j.employment_types = normalize_employment_types(text_of(p.employment_type),
                                                  p.employment_types ? *p.employment_types : std::vector<std::string>{});
  j.employment_type = primary_employment_type(j.employment_types);

  j.apply_url = text_of(p.apply_link);
  if (!j.apply_url.empty()) {
    if (auto c = canonicalize_url(j.apply_url))
      j.apply_url_canonical = *c;
    else
      j.warnings.push_back("job_apply_link: not a valid http(s) URL (ignored for dedupe)");
  }
  if (p.apply_options) {
    for (const auto& o : *p.apply_options) {
      if (!o.apply_link) continue;
      if (auto c = canonicalize_url(*o.apply_link); c && *c != j.apply_url_canonical) {
        bool seen = false;
        for (const auto& u : j.other_apply_urls) seen = seen || u == *c;
        if (!seen) j.other_apply_urls.push_back(*c);
      }
    }
  }

  const std::string highlights = highlights_text(p);
  // Salary: the structured fields first, else the description, else the highlights.
  j.salary = salary_from_structured(p.min_salary, p.max_salary, text_of(p.salary_currency), text_of(p.salary_period));
  if (!j.salary && p.salary) j.salary = parse_salary_text(*p.salary);
  if (!j.salary) j.salary = parse_salary_text(j.description);
  if (!j.salary && !highlights.empty()) j.salary = parse_salary_text(highlights);
  if (j.salary && j.salary->currency.empty() && j.location.country == "US") j.salary->currency = "USD";

  j.posted_at = resolve_posted_at(p.posted_at_timestamp, text_of(p.posted_at_datetime_utc), text_of(p.posted_at),
                                  collected_at);
  j.expires_at = resolve_expiry(p.offer_expiration_timestamp, text_of(p.offer_expiration_datetime_utc));

  j.skills = extract_skills(highlights + "\n" + j.description);
  if (p.required_skills) {
    std::string listed;
    for (const auto& s : *p.required_skills) listed += s + ", ";
    j.skills = merge_skills(j.skills, extract_skills(listed));
  }
  if (p.required_experience && p.required_experience->required_experience_in_months)
    j.experience_years = static_cast<double>(*p.required_experience->required_experience_in_months) / 12.0;
  else if (p.required_experience && p.required_experience->no_experience_required.value_or(false))
    j.experience_years = 0.0;
  else
    j.experience_years = extract_experience_years(highlights + "\n" + j.description);
  j.education_level = extract_education_level(highlights + "\n" + j.description);
  if (j.education_level.empty() && p.required_education) {
    const auto& e = *p.required_education;
    j.education_level = education_from_flags(e.postgraduate_degree.value_or(false), e.bachelors_degree.value_or(false),
                                             e.associates_degree.value_or(false), e.high_school.value_or(false));
  }
  if (p.benefits) j.benefits = *p.benefits;

  j.title_key = normalize_title(j.title);
  j.company_key = normalize_company(j.company);
  j.location_key = location_key(j.location);

  auto present = present_fields(j);
  std::size_t n = 0;
  for (bool b : present) n += b ? 1 : 0;
  j.completeness = present.empty() ? 0.0 : static_cast<double>(n) / static_cast<double>(present.size());
  r.job = std::move(j);
  return r;
}

transform_result transform_job_value(const boost::json::value& raw, sys_time collected_at) {
  auto parsed = parse_job(raw);
  if (!parsed.ok()) {
    transform_result r;
    r.error_type = "schema_validation";
    r.error_message = parsed.error;
    return r;
  }
  return transform_job(*parsed.job, collected_at);
}

std::string_view rejection_reason(const std::string& error_type, const std::string& error_message) {
  if (error_type != "schema_validation") return "other";
  return error_message.rfind("Missing required field", 0) == 0 ? "missing_field" : "invalid_value";
}

}  // namespace jobpilot::core
