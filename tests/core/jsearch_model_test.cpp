// Tests for the typed JSearch model: fixtures of both generations, tolerant parsing, envelopes, the real corpus.
#include "core/jsearch_model.hpp"
#include "core/json_fields.hpp"
#include "core/utf8.hpp"
#include "tests/support/real_corpus.hpp"

#include <catch2/catch.hpp>

#include <tuple>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace jobpilot::core;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture(const std::string& name) {
  return read_file(fs::path(JOBPILOT_SOURCE_DIR) / "tests" / "fixtures" / "jsearch" / name);
}

search_page page_of(const std::string& body) {
  auto r = parse_envelope(body);
  INFO(r.error);
  REQUIRE(r.ok());
  return std::move(*r.page);
}

job_posting job_of(const json::value& v) {
  auto r = parse_job(v);
  INFO(r.error);
  REQUIRE(r.ok());
  return std::move(*r.job);
}

bool has_warning(const job_posting& j, const std::string& line) {
  for (const auto& w : j.warnings)
    if (w == line) return true;
  return false;
}

}  // namespace

TEST_CASE("core: utf8 validation finds the first bad byte", "[core][utf8]") {
  struct row {
    std::string text;
    std::size_t bad;
  };
  const auto npos = std::string_view::npos;
  const std::vector<row> rows = {
      {"", npos},
      {"plain ascii {\"a\":1}", npos},
      {"M\xC3\xBCnchen \xE2\x80\x93 \xF0\x9F\x98\x80", npos},  // ü, en dash, emoji
      {"\xEF\xBB\xBF{}", npos},                               // BOM is valid UTF-8
      {"ab\xFF", 2},                                          // never valid
      {"a\xC0\xAF", 1},                                       // overlong '/'
      {"a\xC1\xBF", 1},                                       // overlong
      {"\xE0\x80\xAF", 0},                                    // overlong 3-byte
      {"x\xED\xA0\x80y", 1},                                  // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 0},                                // above U+10FFFF
      {"\xF5\x80\x80\x80", 0},
      {"ok \xE2\x80", 3},                                     // cut-off sequence at the end
      {"ok \xE2\x28\xA1", 3},                                 // bad continuation
      {"\x80", 0},                                            // lone continuation
      {"caf\xC3\xA9\xC3", 5},
  };
  for (const auto& r : rows) {
    INFO("row: " << r.text);
    CHECK(find_invalid_utf8(r.text) == r.bad);
    CHECK(is_valid_utf8(r.text) == (r.bad == npos));
  }
  // A cut never splits a character.
  const std::string s = "ab\xC3\xBC\xE2\x80\x93";  // a b ü –
  CHECK(utf8_prefix(s, 3) == "ab");
  CHECK(utf8_prefix(s, 4) == "ab\xC3\xBC");
  CHECK(utf8_prefix(s, 6) == "ab\xC3\xBC");
  CHECK(utf8_prefix(s, 7) == s);
  CHECK(utf8_prefix(s, 100) == s);
}

TEST_CASE("core: json number text and tolerant number parsing", "[core][jsearch]") {
  CHECK(json_number_text(json::value(139464)) == "139464");
  CHECK(json_number_text(json::value(139464.0)) == "139464");
  CHECK(json_number_text(json::value(0.9274)) == "0.9274");
  CHECK(json_number_text(json::value(-95.712891)) == "-95.712891");
  CHECK(json_number_text(json::value(52.403846)) == "52.403846");
  CHECK(json_number_text(json::value(18446744073709551615ull)) == "18446744073709551615");
  CHECK(json_number_text(json::value("4")).empty());

  struct row {
    std::string text;
    std::optional<double> number;
    std::optional<std::int64_t> integer;
  };
  const std::vector<row> rows = {
      {"139464", 139464.0, 139464},
      {" 165000.50 ", 165000.5, std::nullopt},
      {"+42", 42.0, 42},
      {"-7", -7.0, -7},
      {"1748217600.0", 1748217600.0, 1748217600},
      {"1e3", 1000.0, 1000},
      {"", std::nullopt, std::nullopt},
      {"   ", std::nullopt, std::nullopt},
      {"$120k", std::nullopt, std::nullopt},
      {"120,000", std::nullopt, std::nullopt},
      {"12abc", std::nullopt, std::nullopt},
      {"nan", std::nullopt, std::nullopt},
      {"inf", std::nullopt, std::nullopt},
      {"true", std::nullopt, std::nullopt},
      {"99999999999999999999", 1e20, std::nullopt},
  };
  for (const auto& r : rows) {
    INFO("text: '" << r.text << "'");
    CHECK(parse_number_text(r.text) == r.number);
    CHECK(parse_integer_text(r.text) == r.integer);
  }
}

TEST_CASE("core: field_reader conversions and warnings", "[core][jsearch]") {
  const auto obj = json::parse(R"({
    "s": "text", "s_num": 4, "s_dbl": 0.5, "s_bool": true, "s_arr": ["x"],
    "n": 12.5, "n_str": "139464", "n_bad": "$1", "n_empty": "", "n_bool": false,
    "i": 1700006400, "i_dbl": 1700006400.0, "i_frac": 24.5, "i_str": "36", "i_big": 18446744073709551615,
    "b": true, "b_str": " TRUE ", "b_str_f": "false", "b_one": 1, "b_two": 2, "b_word": "yes",
    "l": ["a", "b"], "l_str": "solo", "l_empty_str": "", "l_mixed": ["a", 1, null, {}], "l_obj": {"a": 1},
    "nul": null, "o": {"k": 1}, "o_bad": [1]
  })").as_object();
  std::vector<std::string> w;
  field_reader r(obj, w);

  CHECK(r.read_string("s") == "text");
  CHECK(r.read_string("missing") == std::nullopt);
  CHECK(r.read_string("nul") == std::nullopt);
  CHECK(w.empty());  // missing and null are not wrong types
  CHECK(r.read_string("s_num") == "4");
  CHECK(r.read_string("s_dbl") == "0.5");
  CHECK(r.read_string("s_bool") == "true");
  CHECK(r.read_string("s_arr") == std::nullopt);

  CHECK(r.read_number("n") == 12.5);
  CHECK(r.read_number("i") == 1700006400.0);
  CHECK(r.read_number("n_str") == 139464.0);
  CHECK(r.read_number("n_bad") == std::nullopt);
  CHECK(r.read_number("n_empty") == std::nullopt);
  CHECK(r.read_number("n_bool") == std::nullopt);

  CHECK(r.read_integer("i") == 1700006400);
  CHECK(r.read_integer("i_dbl") == 1700006400);
  CHECK(r.read_integer("i_frac") == std::nullopt);
  CHECK(r.read_integer("i_str") == 36);
  CHECK(r.read_integer("i_big") == std::nullopt);

  CHECK(r.read_bool("b") == true);
  CHECK(r.read_bool("b_str") == true);
  CHECK(r.read_bool("b_str_f") == false);
  CHECK(r.read_bool("b_one") == true);
  CHECK(r.read_bool("b_two") == std::nullopt);
  CHECK(r.read_bool("b_word") == std::nullopt);

  CHECK(r.read_string_list("l") == std::vector<std::string>{"a", "b"});
  CHECK(r.read_string_list("l_str") == std::vector<std::string>{"solo"});
  CHECK(r.read_string_list("l_empty_str") == std::vector<std::string>{});
  CHECK(r.read_string_list("l_mixed") == std::vector<std::string>{"a", "1"});
  CHECK(r.read_string_list("l_obj") == std::nullopt);

  CHECK(r.read_object("o") != nullptr);
  CHECK(r.read_object("o_bad") == nullptr);
  CHECK(r.read_array("l") != nullptr);
  CHECK(r.read_array("o") == nullptr);

  const std::vector<std::string> expected = {
      "s_num: expected string, got number (converted)",
      "s_dbl: expected string, got number (converted)",
      "s_bool: expected string, got bool (converted)",
      "s_arr: expected string, got array (ignored)",
      "n_str: expected number, got string (converted)",
      "n_bad: expected number, got string (ignored)",
      "n_empty: expected number, got string (ignored)",
      "n_bool: expected number, got bool (ignored)",
      "i_frac: expected integer, got fractional number (ignored)",
      "i_str: expected integer, got string (converted)",
      "i_big: integer out of range (ignored)",
      "b_str: expected bool, got string (converted)",
      "b_str_f: expected bool, got string (converted)",
      "b_one: expected bool, got number (converted)",
      "b_two: expected bool, got number (ignored)",
      "b_word: expected bool, got string (ignored)",
      "l_str: expected array, got string (converted)",
      "l_empty_str: expected array, got string (converted)",
      "l_mixed: expected array of strings, 1 element(s) converted, 2 dropped",
      "l_obj: expected array, got object (ignored)",
      "o_bad: expected object, got array (ignored)",
      "o: expected array, got object (ignored)",
  };
  CHECK(w == expected);

  std::vector<std::string> w2;
  field_reader outer(obj, w2);
  auto inner = outer.nested(obj.at("o").as_object(), "o");
  CHECK(inner.read_string("k") == "1");
  CHECK(w2 == std::vector<std::string>{"o.k: expected string, got number (converted)"});
}

TEST_CASE("core: legacy search fixture parses into typed jobs", "[core][jsearch]") {
  const auto page = page_of(fixture("search_legacy.json"));
  CHECK(page.kind == page_kind::results);
  CHECK(page.status == "OK");
  CHECK(page.request_id == "5b6c1c3e-9f4a-4e7b-8d2a-0c1f2e3d4c5b");
  CHECK(page.parameters.at("query").as_string() == "python developer in texas, usa");
  CHECK(page.parameters.at("num_pages").as_int64() == 1);
  CHECK_FALSE(page.cursor);
  CHECK_FALSE(page.error_message);
  REQUIRE(page.job_values.size() == 5);

  const auto results = parse_jobs(page);
  REQUIRE(results.size() == 5);
  for (const auto& r : results) {
    REQUIRE(r.ok());
    CHECK(r.job->generation == job_generation::legacy);
    CHECK(r.job->warnings.empty());
  }

  const job_posting& a = *results[0].job;
  CHECK(a.job_id == "Xk2mQ9vTbW8AAAAAAAAAAA==");
  CHECK(a.title == "Senior Python Developer");
  CHECK(a.employer_name == "Lone Star Analytics");
  CHECK(a.employer_website == "https://www.lonestaranalytics.example");
  CHECK(a.employer_company_type == "Computer Services");
  CHECK_FALSE(a.employer_linkedin);
  CHECK(a.publisher == "LinkedIn");
  CHECK(a.employment_type == "FULLTIME");
  CHECK_FALSE(a.employment_types);
  CHECK(a.apply_is_direct == false);
  CHECK(a.apply_quality_score == Approx(0.8123));
  REQUIRE(a.apply_options);
  REQUIRE(a.apply_options->size() == 3);
  CHECK((*a.apply_options)[1].publisher == "Lone Star Analytics Careers");
  CHECK((*a.apply_options)[1].is_direct == true);
  CHECK((*a.apply_options)[2].apply_link ==
        "https://www.glassdoor.com/job-listing/senior-python-developer-lone-star-analytics-JV_IC1139761_KO0,23_KE24,"
        "43.htm?jl=1008998877665");
  REQUIRE(a.description);
  CHECK(a.description->find("\xE2\x80\xA2 Mentor two junior engineers\n") != std::string::npos);  // "•" bullet
  CHECK(a.is_remote == false);
  CHECK(a.posted_at_timestamp == 1699920000);
  CHECK(a.posted_at_datetime_utc == "2023-11-14T00:00:00.000Z");
  CHECK_FALSE(a.posted_at);
  CHECK_FALSE(a.location);
  CHECK(a.city == "Austin");
  CHECK(a.state == "TX");
  CHECK(a.country == "US");
  CHECK(a.latitude == Approx(30.267153));
  CHECK(a.longitude == Approx(-97.7430608));
  CHECK(a.benefits == std::vector<std::string>{"health_insurance", "retirement_savings", "paid_time_off"});
  CHECK(a.offer_expiration_timestamp == 1702512000);
  CHECK(a.offer_expiration_datetime_utc == "2023-12-14T00:00:00.000Z");
  REQUIRE(a.required_experience);
  CHECK(a.required_experience->required_experience_in_months == 60);
  CHECK(a.required_experience->experience_mentioned == true);
  CHECK(a.required_experience->no_experience_required == false);
  CHECK(a.required_skills == std::vector<std::string>{"Python", "Django", "PostgreSQL", "AWS"});
  REQUIRE(a.required_education);
  CHECK(a.required_education->bachelors_degree == true);
  CHECK(a.required_education->postgraduate_degree == false);
  CHECK(a.required_education->professional_certification_mentioned == false);
  CHECK(a.experience_in_place_of_education == true);
  CHECK_FALSE(a.salary);
  CHECK(a.min_salary == 120000.0);
  CHECK(a.max_salary == 150000.0);
  CHECK(a.salary_currency == "USD");
  CHECK(a.salary_period == "YEAR");
  REQUIRE(a.highlights);
  CHECK(a.highlights->size() == 3);
  CHECK(a.highlights->at("Responsibilities").at(2) == "Mentor two junior engineers");
  CHECK(a.job_job_title == "Senior python developer");
  CHECK(a.posting_language == "en");
  CHECK(a.onet_soc == "15113200");
  CHECK(a.onet_job_zone == "4");
  CHECK(a.occupational_categories == std::vector<std::string>{"Developer"});
  CHECK(a.naics_code == "541511");
  CHECK(a.naics_name == "Custom Computer Programming Services");
  CHECK_FALSE(a.employer_reviews);
  CHECK(a.raw.at("job_id").as_string() == "Xk2mQ9vTbW8AAAAAAAAAAA==");
  CHECK(a.raw.size() == page.job_values[0].as_object().size());

  // The aggregator posting: no city/state (country centroid), nothing about salary, empty highlights.
  const job_posting& b = *results[1].job;
  CHECK(b.employer_name == "Jobs via Dice");
  CHECK_FALSE(b.city);
  CHECK_FALSE(b.state);
  CHECK(b.latitude == Approx(37.09024));
  CHECK_FALSE(b.min_salary);
  CHECK_FALSE(b.max_salary);
  CHECK_FALSE(b.salary_currency);
  CHECK_FALSE(b.salary_period);
  REQUIRE(b.highlights);
  CHECK(b.highlights->empty());
  REQUIRE(b.apply_options);
  CHECK(b.apply_options->empty());
  CHECK_FALSE(b.required_skills);
  CHECK_FALSE(b.employer_logo);
  CHECK(b.posted_at_timestamp == 1699900927);

  // Hourly contract; period without amounts; only a minimum.
  CHECK(results[2].job->employment_type == "CONTRACTOR");
  CHECK(results[2].job->min_salary == 55.0);
  CHECK(results[2].job->salary_period == "HOUR");
  CHECK(results[3].job->salary_period == "YEAR");
  CHECK_FALSE(results[3].job->min_salary);
  CHECK(results[3].job->required_experience->no_experience_required == true);
  CHECK_FALSE(results[3].job->required_experience->required_experience_in_months);
  CHECK(results[3].job->onet_job_zone == "3");
  CHECK(results[4].job->min_salary == 98000.0);
  CHECK_FALSE(results[4].job->max_salary);
  CHECK(results[4].job->is_remote == true);
}

TEST_CASE("core: current (2025+) search fixture parses into typed jobs", "[core][jsearch]") {
  const auto page = page_of(fixture("search_current.json"));
  CHECK(page.parameters.at("country").as_string() == "us");
  REQUIRE(page.job_values.size() == 5);
  const auto results = parse_jobs(page);
  for (const auto& r : results) {
    REQUIRE(r.ok());
    CHECK(r.job->generation == job_generation::current);
    CHECK(r.job->warnings.empty());
    CHECK_FALSE(r.job->salary);  // job_salary: present, always null
    CHECK(r.job->raw.contains("job_salary"));
    CHECK_FALSE(r.job->salary_currency);
    CHECK_FALSE(r.job->apply_quality_score);
    CHECK_FALSE(r.job->required_experience);
  }
  const job_posting& a = *results[0].job;
  CHECK(a.job_id == "q3RvX1mNa8Hk2LzpAAAAAA==");
  CHECK(a.title == "Senior Data Scientist \xE2\x80\x93 NLP");  // sent as \u2013
  CHECK(a.employment_type == "Full-time");
  CHECK(a.employment_types == std::vector<std::string>{"FULLTIME"});
  CHECK(a.location == "Washington, DC");
  CHECK(a.state == "District of Columbia");
  CHECK(a.posted_at == "2 days ago");
  CHECK(a.posted_at_timestamp == 1749772800);
  CHECK(a.posted_at_datetime_utc == "2025-06-13T00:00:00.000Z");
  CHECK(a.min_salary == 145000.0);
  CHECK(a.max_salary == 185000.0);
  CHECK(a.salary_period == "YEAR");
  CHECK(a.onet_job_zone == "5");
  REQUIRE(a.apply_options);
  CHECK(a.apply_options->size() == 3);
  CHECK(a.google_link ==
        "https://www.google.com/search?q=jobs&gl=us&hl=en&udm=8#vhid=vt%3D20/docid%3Dq3RvX1mNa8Hk2LzpAAAAAA%3D%3D&"
        "vssid=jobs-detail-viewer");

  const job_posting& b = *results[1].job;  // null posting times
  CHECK(b.state == "Texas");
  CHECK_FALSE(b.posted_at);
  CHECK_FALSE(b.posted_at_timestamp);
  CHECK_FALSE(b.posted_at_datetime_utc);
  CHECK(b.raw.at("job_posted_at").is_null());

  const job_posting& c = *results[2].job;  // job_is_remote: null; repeated employment types
  CHECK_FALSE(c.is_remote);
  CHECK(c.raw.at("job_is_remote").is_null());
  CHECK(c.employment_types == std::vector<std::string>{"CONTRACTOR", "CONTRACTOR"});
  CHECK_FALSE(c.city);
  CHECK(c.posted_at == "20 hours ago");
  CHECK(c.salary_period == "HOUR");

  const job_posting& d = *results[3].job;
  CHECK(d.employment_type == "Full-time, Part-time, and Contractor");
  CHECK(d.employment_types == std::vector<std::string>{"FULLTIME", "PARTTIME", "CONTRACTOR"});

  const job_posting& e = *results[4].job;
  CHECK(e.country == "DE");
  CHECK(e.location == "Berlin, Germany");
  REQUIRE(e.description);
  CHECK(e.description->find("M\xC3\xBCnchen") != std::string::npos);
}

TEST_CASE("core: search-v2 fixture and cursor placement", "[core][jsearch]") {
  const auto page = page_of(fixture("search_v2.json"));
  CHECK(page.kind == page_kind::results);
  REQUIRE(page.job_values.size() == 2);
  CHECK(page.cursor == "CiQKIgoaRWpXSmdUaGVDdXJzb3JUb2tlbhIECAIQCg==");
  const auto results = parse_jobs(page);
  CHECK(results[0].job->job_id == "q3RvX1mNa8Hk2LzpAAAAAA==");
  CHECK(results[1].job->job_id == "Hc5yN2bVt6QoWs1eAAAAAA==");

  struct row {
    std::string body;
    std::optional<std::string> cursor;
    std::size_t jobs;
  };
  const std::vector<row> rows = {
      {R"({"status":"OK","data":{"jobs":[],"cursor":"abc"}})", "abc", 0},
      {R"({"status":"OK","data":{"jobs":[{"job_id":"x"}]},"cursor":"top"})", "top", 1},
      {R"({"status":"OK","data":{"jobs":[],"cursor":"inner"},"cursor":"top"})", "inner", 0},
      {R"({"status":"OK","data":{"jobs":[],"cursor":""}})", std::nullopt, 0},
      {R"({"status":"OK","data":{"jobs":[],"cursor":null}})", std::nullopt, 0},
      {R"({"status":"OK","data":[{"job_id":"x"},{"job_id":"y"}]})", std::nullopt, 2},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    const auto p = page_of(r.body);
    CHECK(p.cursor == r.cursor);
    CHECK(p.job_values.size() == r.jobs);
  }
}

TEST_CASE("core: job-details fixture keeps reviews and estimated salaries", "[core][jsearch]") {
  const auto page = page_of(fixture("job_details_legacy.json"));
  CHECK(page.parameters.at("job_id").as_string() == "Xk2mQ9vTbW8AAAAAAAAAAA==");
  CHECK(page.parameters.at("extended_publisher_details").as_bool() == false);
  REQUIRE(page.job_values.size() == 1);
  const auto j = job_of(page.job_values[0]);
  CHECK(j.generation == job_generation::legacy);
  CHECK(j.warnings.empty());
  REQUIRE(j.employer_reviews);
  REQUIRE(j.employer_reviews->size() == 2);
  CHECK(j.employer_reviews->at(0).at("publisher").as_string() == "Glassdoor");
  CHECK(j.employer_reviews->at(1).at("review_count").as_int64() == 57);
  REQUIRE(j.estimated_salaries);
  REQUIRE(j.estimated_salaries->size() == 2);
  CHECK(j.estimated_salaries->at(1).at("salary_period").as_string() == "HOUR");
  CHECK(j.estimated_salaries->at(1).at("min_salary").as_double() == Approx(52.403846));
  // The request echo holds a job_id too, but it is not a job.
  const auto found = find_job_objects(json::parse(fixture("job_details_legacy.json")));
  REQUIRE(found.size() == 1);
  CHECK(found[0].contains("employer_reviews"));
}

TEST_CASE("core: weird_types fixture converts, warns and fails per job", "[core][jsearch]") {
  const auto page = page_of(fixture("weird_types.json"));
  CHECK(page.parameters.at("page").as_string() == "1");  // echoed as-is
  REQUIRE(page.job_values.size() == 7);
  const auto results = parse_jobs(page);
  REQUIRE(results.size() == 7);

  // 0: numbers as strings, strings where arrays belong, unknown keys.
  REQUIRE(results[0].ok());
  const job_posting& a = *results[0].job;
  CHECK(a.generation == job_generation::current);  // has job_employment_types, which only 2025+ sends
  CHECK(a.min_salary == 139464.0);
  CHECK(a.max_salary == 165000.5);
  CHECK(a.apply_quality_score == Approx(0.7312));
  CHECK(a.apply_is_direct == true);
  CHECK(a.is_remote == true);
  CHECK(a.posted_at_timestamp == 1700006400);
  CHECK(a.latitude == Approx(30.267153));
  CHECK(a.employment_types == std::vector<std::string>{"FULLTIME"});
  CHECK(a.benefits == std::vector<std::string>{"health_insurance"});
  CHECK(a.required_skills == std::vector<std::string>{"Python", "42"});
  CHECK(a.experience_in_place_of_education == false);
  CHECK(a.onet_soc == "15113200");
  CHECK(a.onet_job_zone == "4");
  CHECK(a.naics_code == "541511");
  CHECK_FALSE(a.required_education);
  REQUIRE(a.required_experience);
  CHECK(a.required_experience->required_experience_in_months == 36);
  CHECK_FALSE(a.required_experience->no_experience_required);
  CHECK_FALSE(a.required_experience->experience_preferred);
  REQUIRE(a.highlights);
  CHECK(a.highlights->at("Qualifications") == std::vector<std::string>{"Python 3"});
  CHECK(a.highlights->at("Responsibilities") == std::vector<std::string>{"Ship code", "7"});
  CHECK(a.highlights->count("Benefits") == 0);
  REQUIRE(a.apply_options);
  REQUIRE(a.apply_options->size() == 2);
  CHECK((*a.apply_options)[0].is_direct == false);
  CHECK_FALSE((*a.apply_options)[1].publisher);
  CHECK(a.raw.at("work_arrangement").as_string() == "remote");  // unknown keys stay in raw
  CHECK(a.raw.contains("applied"));
  const std::vector<std::string> expected = {
      "job_employment_types: expected array, got string (converted)",
      "job_apply_is_direct: expected bool, got number (converted)",
      "job_apply_quality_score: expected number, got string (converted)",
      "apply_options[0].is_direct: expected bool, got string (converted)",
      "apply_options[1]: expected object, got string (ignored)",
      "job_is_remote: expected bool, got string (converted)",
      "job_posted_at_timestamp: expected integer, got string (converted)",
      "job_latitude: expected number, got string (converted)",
      "job_benefits: expected array, got string (converted)",
      "job_required_experience.no_experience_required: expected bool, got string (ignored)",
      "job_required_experience.required_experience_in_months: expected integer, got string (converted)",
      "job_required_skills: expected array of strings, 1 element(s) converted, 2 dropped",
      "job_experience_in_place_of_education: expected bool, got string (converted)",
      "job_min_salary: expected number, got string (converted)",
      "job_max_salary: expected number, got string (converted)",
      "job_highlights.Qualifications: expected array, got string (converted)",
      "job_highlights.Responsibilities: expected array of strings, 1 element(s) converted, 0 dropped",
      "job_onet_soc: expected string, got number (converted)",
      "job_onet_job_zone: expected string, got number (converted)",
      "job_naics_code: expected string, got number (converted)",
  };
  CHECK(a.warnings == expected);

  // 1: null everywhere but the id.
  REQUIRE(results[1].ok());
  const job_posting& n = *results[1].job;
  CHECK(n.job_id == "Nu1lNu1lNu1lAAAAAAAAAA==");
  CHECK(n.warnings.empty());
  CHECK(n.generation == job_generation::legacy);  // legacy keys present, even if null
  CHECK_FALSE(n.title);
  CHECK_FALSE(n.employer_name);
  CHECK_FALSE(n.apply_options);
  CHECK_FALSE(n.is_remote);
  CHECK_FALSE(n.highlights);
  CHECK_FALSE(n.required_experience);
  CHECK_FALSE(n.min_salary);
  CHECK_FALSE(n.latitude);

  // 2-5: no usable id.
  CHECK_FALSE(results[2].ok());
  CHECK(results[2].error == "missing 'job_id'");
  CHECK_FALSE(results[3].ok());
  CHECK(results[3].error == "'job_id' is not a string (got number)");
  CHECK_FALSE(results[4].ok());
  CHECK(results[4].error == "job is not a JSON object (got string)");
  CHECK_FALSE(results[5].ok());
  CHECK(results[5].error == "'job_id' is empty");

  // 6: wrong types that cannot be converted are dropped, with a warning each.
  REQUIRE(results[6].ok());
  const job_posting& u = *results[6].job;
  CHECK(u.generation == job_generation::legacy);  // job_required_experience, though a string
  CHECK_FALSE(u.title);  // a missing title is transform's business, not a parse error
  CHECK(u.description == "123");
  CHECK_FALSE(u.min_salary);
  CHECK_FALSE(u.max_salary);
  CHECK_FALSE(u.salary_period);
  CHECK_FALSE(u.is_remote);
  CHECK_FALSE(u.posted_at_timestamp);
  CHECK_FALSE(u.highlights);
  CHECK_FALSE(u.required_experience);
  CHECK_FALSE(u.apply_options);
  CHECK_FALSE(u.employer_reviews);
  CHECK_FALSE(u.latitude);
  CHECK(u.warnings.size() == 12);
  CHECK(has_warning(u, "job_title: expected string, got object (ignored)"));
  CHECK(has_warning(u, "job_min_salary: expected number, got string (ignored)"));
  CHECK(has_warning(u, "job_posted_at_timestamp: expected integer, got fractional number (ignored)"));
  CHECK(has_warning(u, "employer_reviews: expected array, got string (ignored)"));
  CHECK(has_warning(u, "job_latitude: expected number, got bool (ignored)"));
}

TEST_CASE("core: parse_job rejects only bad ids and non-objects", "[core][jsearch]") {
  struct row {
    std::string json;
    std::string error;  // empty: parses
  };
  const std::vector<row> rows = {
      {R"({"job_id":"abc=="})", ""},
      {R"({"job_id":"abc==","job_title":null})", ""},
      {R"({"job_id":"abc==","job_title":17})", ""},
      {R"({})", "missing 'job_id'"},
      {R"({"job_id":null})", "'job_id' is not a string (got null)"},
      {R"({"job_id":["a"]})", "'job_id' is not a string (got array)"},
      {R"({"job_id":""})", "'job_id' is empty"},
      {R"([{"job_id":"a"}])", "job is not a JSON object (got array)"},
      {R"(null)", "job is not a JSON object (got null)"},
      {R"(42)", "job is not a JSON object (got number)"},
  };
  for (const auto& r : rows) {
    INFO(r.json);
    const auto res = parse_job(json::parse(r.json));
    CHECK(res.ok() == r.error.empty());
    CHECK(res.error == r.error);
  }
}

TEST_CASE("core: generation detection from marker keys", "[core][jsearch]") {
  struct row {
    std::string json;
    job_generation g;
  };
  const std::vector<row> rows = {
      {R"({"job_id":"a","job_apply_quality_score":0.5})", job_generation::legacy},
      {R"({"job_id":"a","job_required_experience":{}})", job_generation::legacy},
      {R"({"job_id":"a","job_salary_currency":null})", job_generation::legacy},
      {R"({"job_id":"a","job_job_title":null})", job_generation::legacy},
      {R"({"job_id":"a","job_location":"Austin, TX"})", job_generation::current},
      {R"({"job_id":"a","job_posted_at":null})", job_generation::current},
      {R"({"job_id":"a","job_employment_types":["FULLTIME"]})", job_generation::current},
      {R"({"job_id":"a","job_salary":null})", job_generation::current},
      {R"({"job_id":"a","job_salary":null,"job_naics_code":"1"})", job_generation::current},
      {R"({"job_id":"a","job_title":"t","job_city":"x"})", job_generation::unknown},
  };
  for (const auto& r : rows) {
    INFO(r.json);
    CHECK(detect_generation(json::parse(r.json).as_object()) == r.g);
    CHECK(job_of(json::parse(r.json)).generation == r.g);
  }
  CHECK(std::string(to_string(job_generation::current)) == "current");
}

TEST_CASE("core: envelope kinds for error, gateway, quota, burst and empty fixtures", "[core][jsearch]") {
  {
    const auto p = page_of(fixture("error_status.json"));
    CHECK(p.kind == page_kind::api_error);
    CHECK(p.status == "ERROR");
    CHECK(p.request_id == "2a1b0c9d-8e7f-4a6b-95c4-d3e2f1a0b9c8");
    CHECK(p.error_code == 400);
    REQUIRE(p.error_message);
    CHECK(p.error_message->find("date_posted") != std::string::npos);
    CHECK(p.job_values.empty());
  }
  {
    const auto p = page_of(fixture("gateway_502.json"));
    CHECK(p.kind == page_kind::gateway_message);
    CHECK(p.error_message == "The API is unreachable, please contact the API provider");
  }
  {
    const auto p = page_of(fixture("quota_429.json"));
    CHECK(p.kind == page_kind::gateway_message);
    REQUIRE(p.error_message);
    CHECK(p.error_message->find("MONTHLY quota") != std::string::npos);
  }
  {
    const auto p = page_of(fixture("burst_429.json"));
    CHECK(p.kind == page_kind::gateway_message);
    CHECK(p.error_message == "You have exceeded the rate limit per second for your plan, BASIC, by the API provider");
  }
  {
    const auto p = page_of(fixture("empty.json"));
    CHECK(p.kind == page_kind::results);
    CHECK(p.status == "OK");
    CHECK(p.job_values.empty());
    CHECK(parse_jobs(p).empty());
    CHECK(p.parameters.at("country").as_string() == "is");
  }
  // Less common shapes of the same.
  struct row {
    std::string body;
    page_kind kind;
    std::string message;
    int code;
  };
  const std::vector<row> rows = {
      {R"({"status":"ERROR","error":{"message":"bad","code":"422"}})", page_kind::api_error, "bad", 422},
      {R"({"status":"error","error":"plain text"})", page_kind::api_error, "plain text", 0},
      {R"({"status":"ERROR","message":"top level"})", page_kind::api_error, "top level", 0},
      {R"({"status":"ERROR"})", page_kind::api_error, "status ERROR without a message", 0},
      {R"({"messages":["one","two"],"info":"x"})", page_kind::gateway_message, "one; two", 0},
      {R"({"message":"Too many requests"})", page_kind::gateway_message, "Too many requests", 0},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    const auto p = page_of(r.body);
    CHECK(p.kind == r.kind);
    CHECK(p.error_message == r.message);
    CHECK(p.error_code == r.code);
  }
}

TEST_CASE("core: broken bodies give a clear envelope error", "[core][jsearch]") {
  const std::string good = fixture("search_legacy.json");
  std::string bad_utf8 = good;
  bad_utf8[57] = '\xFF';
  std::string cut_char = R"({"status":"OK","data":[{"job_id":"a","job_title":"caf)";
  cut_char += "\xC3";
  cut_char += R"("}]})";

  struct row {
    std::string name;
    std::string body;
    envelope_failure failure;
    std::string error;  // exact, or a prefix when it ends with '*'
  };
  const std::vector<row> rows = {
      {"empty", "", envelope_failure::empty, "empty body"},
      {"blank", " \n\t ", envelope_failure::empty, "empty body"},
      {"truncated fixture", good.substr(0, 1234), envelope_failure::truncated, "truncated JSON*"},
      {"truncated object", R"({"status":"OK","data":[)", envelope_failure::truncated, "truncated JSON*"},
      {"syntax", R"({"status":"OK",,"data":[]})", envelope_failure::invalid_json, "invalid JSON at offset 15: *"},
      {"trailing garbage", R"({"data":[]} x)", envelope_failure::invalid_json, "invalid JSON at offset 12: *"},
      {"html", "<html><body>502 Bad Gateway</body></html>", envelope_failure::invalid_json,
       "invalid JSON at offset 0: *"},
      {"array", R"([{"job_id":"a"}])", envelope_failure::not_object, "body is not a JSON object (got array)"},
      {"string", R"("OK")", envelope_failure::not_object, "body is not a JSON object (got string)"},
      {"no data", R"({"status":"OK","request_id":"r"})", envelope_failure::missing_data, "missing 'data' array"},
      {"null data", R"({"status":"OK","data":null})", envelope_failure::missing_data,
       "'data' is null, expected an array or {jobs, cursor}"},
      {"string data", R"({"status":"OK","data":"none"})", envelope_failure::missing_data,
       "'data' is string, expected an array or {jobs, cursor}"},
      {"v2 without jobs", R"({"status":"OK","data":{"cursor":"x"}})", envelope_failure::missing_data,
       "'data' is an object without a 'jobs' array"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    const auto res = parse_envelope(r.body);
    CHECK_FALSE(res.ok());
    CHECK(res.failure == r.failure);
    if (!r.error.empty() && r.error.back() == '*') {
      const auto prefix = r.error.substr(0, r.error.size() - 1);
      INFO(res.error);
      CHECK(res.error.compare(0, prefix.size(), prefix) == 0);
    } else {
      CHECK(res.error == r.error);
    }
  }
  // A BOM before a good body is tolerated.
  CHECK(parse_envelope("\xEF\xBB\xBF" + good).ok());
  // Invalid UTF-8 does not cost the page: each bad byte becomes U+FFFD (the raw store keeps the bytes).
  for (const auto& [name, body, repairs] : std::vector<std::tuple<std::string, std::string, std::size_t>>{
           {"bad byte", bad_utf8, 1}, {"cut character", cut_char, 1}, {"bom then bad byte", "\xEF\xBB\xBF{\"data\":[\"\xC0\xC1\"]}", 2}}) {
    INFO(name);
    const auto res = parse_envelope(body);
    REQUIRE(res.ok());
    CHECK(res.page->utf8_repairs == repairs);
  }
  const auto cut = parse_envelope(cut_char);
  REQUIRE(cut.ok());
  CHECK(std::string(cut.page->job_values.at(0).at("job_title").as_string()) == "caf\xEF\xBF\xBD");
  // Deep nesting fails cleanly instead of blowing the stack.
  CHECK(parse_envelope(std::string(100000, '[')).failure == envelope_failure::invalid_json);
}

TEST_CASE("core: find_job_objects walks any JSON value", "[core][jsearch]") {
  const auto v = json::parse(R"({
    "1": {"status":"OK","parameters":{"job_id":"echo=="},"data":[{"job_id":"a","x":{"job_id":"inner"}},{"job_id":"b"}]},
    "2": {"job_id":"c"},
    "3": [[{"job_id":"d"}], {"job_id":""}, {"job_id":7}, {"nested":{"deeper":[{"job_id":"e"}]}}],
    "4": "job_id"
  })");
  const auto found = find_job_objects(v);
  std::vector<std::string> ids;
  for (const auto& o : found) ids.emplace_back(o.at("job_id").as_string());
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"a", "b", "c", "d", "e"});
  CHECK(find_job_objects(json::value(nullptr)).empty());
  CHECK(find_job_objects(json::parse(fixture("search_legacy.json"))).size() == 5);
  CHECK(find_job_objects(json::parse(fixture("search_v2.json"))).size() == 2);
  CHECK(find_job_objects(json::parse(fixture("weird_types.json"))).size() == 3);  // numeric and blank ids are no jobs
}

namespace {

struct corpus_counts {
  std::size_t files = 0, envelopes = 0, present = 0, parsed = 0, legacy = 0, current = 0, unknown = 0, warnings = 0;
  std::size_t ignored = 0;  // warnings about values that could not be converted
  std::vector<std::string> failures;
};

// Every *.json under root: job objects found anywhere, each parsed on its own; whole responses also as envelopes.
corpus_counts count_corpus(const fs::path& root) {
  corpus_counts c;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    ++c.files;
    const std::string body = read_file(path);
    INFO(path.string());
    REQUIRE(is_valid_utf8(body));
    json::error_code ec;
    const json::value v = json::parse(body, ec);
    REQUIRE_FALSE(ec);
    const auto jobs = find_job_objects(v);
    c.present += jobs.size();
    for (const auto& o : jobs) {
      const auto r = parse_job(o);
      if (!r.ok()) {
        c.failures.push_back(path.filename().string() + ": " + r.error);
        continue;
      }
      ++c.parsed;
      c.warnings += r.job->warnings.size();
      for (const auto& w : r.job->warnings) c.ignored += w.find("(ignored)") != std::string::npos ? 1 : 0;
      switch (r.job->generation) {
        case job_generation::legacy: ++c.legacy; break;
        case job_generation::current: ++c.current; break;
        case job_generation::unknown: ++c.unknown; break;
      }
      CHECK(r.job->raw == o);
    }
    // A JSearch envelope has a string status (one file wraps it in an HTTP client's {status: 200, data: ...}).
    const auto* status = v.is_object() ? v.as_object().if_contains("status") : nullptr;
    if (status != nullptr && status->is_string() && v.as_object().contains("data")) {
      const auto env = parse_envelope(body);
      INFO(env.error);
      REQUIRE(env.ok());
      CHECK(env.page->kind == page_kind::results);
      std::size_t good = 0;
      for (const auto& r : parse_jobs(*env.page)) good += r.ok() ? 1 : 0;
      CHECK(good == jobs.size());
      ++c.envelopes;
    }
  }
  return c;
}

void print_counts(const std::string& name, const corpus_counts& c) {
  std::cout << name << ": " << c.files << " files, " << c.envelopes << " envelopes, " << c.present
            << " job objects present, " << c.parsed << " parsed (" << c.legacy << " legacy, " << c.current
            << " current, " << c.unknown << " unknown), " << c.warnings << " field warnings ("
            << c.ignored << " not convertible)\n";
  for (const auto& f : c.failures) std::cout << "  failed: " << f << "\n";
}

}  // namespace

TEST_CASE("core: every job object of our fixtures parses", "[core][jsearch]") {
  // Our own fixtures, always: exact counts.
  const auto fx = count_corpus(fs::path(JOBPILOT_SOURCE_DIR) / "tests" / "fixtures" / "jsearch");
  print_counts("fixtures", fx);
  CHECK(fx.files == 10);
  CHECK(fx.envelopes == 6);
  CHECK(fx.present == 16);
  CHECK(fx.parsed == fx.present);
  CHECK(fx.legacy == 8);
  CHECK(fx.current == 8);
  CHECK(fx.unknown == 0);
  CHECK(fx.warnings == 32);
  CHECK(fx.ignored == 13);
}

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("core: every recorded real JSearch job object parses", "[core][jsearch][real]") {
  const auto c = count_corpus(jobpilot::test::require_real_corpus());
  print_counts("jsearch-real", c);
  REQUIRE(c.parsed == c.present);
  REQUIRE(c.present >= 400);
  CHECK(c.unknown == 0);
  CHECK(c.legacy + c.current == c.present);
  // Real replies do carry wrong types ("true", "36" in job_required_*), but all of them convert.
  CHECK(c.ignored == 0);
}

TEST_CASE("core: job_ids_on_page lists the job ids of a results page, nothing for anything else", "[core][jsearch]") {
  CHECK(job_ids_on_page(R"({"status":"OK","data":[{"job_id":"a=="},{"job_id":"b"},{"job_title":"no id"},{"job_id":""}]})") ==
        std::vector<std::string>{"a==", "b"});
  CHECK(job_ids_on_page(R"({"status":"OK","data":[]})").empty());
  CHECK(job_ids_on_page("not json").empty());
  CHECK(job_ids_on_page(R"({"status":"ERROR","error":{"message":"x","code":500}})").empty());
}
