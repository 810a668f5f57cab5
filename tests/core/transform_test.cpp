// The transform as a whole: both job generations mapped to the same clean record, broken
// jobs reported (not thrown), every real job object transformed, completeness printed.
#include "core/enhanced_job.hpp"
#include "core/jsearch_model.hpp"
#include "core/transform.hpp"
#include "tests/support/real_corpus.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace jobpilot::core;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json::value fixture_job(const char* file, std::size_t index) {
  auto v = json::parse(read(fs::path(JOBPILOT_SOURCE_DIR) / "tests/fixtures/jsearch" / file));
  return v.as_object().at("data").as_array().at(index);
}

const sys_time collected = *parse_iso8601_utc("2025-06-15T12:00:00Z");

}  // namespace

TEST_CASE("core: transform maps a legacy job", "[core][transform]") {
  auto r = transform_job_value(fixture_job("search_legacy.json", 0), collected);
  REQUIRE(r.ok());
  const auto& j = *r.job;
  CHECK(j.jsearch_job_id == "Xk2mQ9vTbW8AAAAAAAAAAA==");
  CHECK(j.generation == "legacy");
  CHECK(j.title == "Senior Python Developer");
  CHECK(j.company == "Lone Star Analytics");
  CHECK(j.location.city == "Austin");
  CHECK(j.location.state == "TX");
  CHECK(j.location.country == "US");
  CHECK(j.employment_type == "full_time");
  REQUIRE(j.salary);
  CHECK(j.salary->source == "structured");
  CHECK(j.salary->annual_min == Approx(120000));
  CHECK(j.salary->annual_max == Approx(150000));
  CHECK(j.salary->currency == "USD");
  REQUIRE(j.posted_at);
  CHECK(iso8601_utc(*j.posted_at) == "2023-11-14T00:00:00.000Z");
  CHECK(j.apply_url_canonical.rfind("https://www.linkedin.com/jobs/view/", 0) == 0);
  CHECK(j.title_key == "senior python developer");
  CHECK(j.location_key == "austin|tx|us");
  CHECK(j.completeness > 0.5);
}

TEST_CASE("core: transform maps a current (2025+) job the same way", "[core][transform]") {
  auto r = transform_job_value(fixture_job("search_current.json", 0), collected);
  REQUIRE(r.ok());
  const auto& j = *r.job;
  CHECK(j.generation == "current");
  CHECK(j.title == "Senior Data Scientist – NLP");
  CHECK(j.location.city == "Washington");
  CHECK(j.location.state == "DC");  // "District of Columbia" -> code
  CHECK(j.location.country == "US");
  CHECK(j.employment_type == "full_time");  // "Full-time" and ["FULLTIME"] agree
  CHECK(j.employment_types == std::vector<std::string>{"full_time"});
  CHECK(j.apply_url_canonical.find("utm_") == std::string::npos);
  CHECK(j.apply_url_canonical.find("jk=7a6b5c4d3e2f1a0b") != std::string::npos);
  REQUIRE(j.salary);
  CHECK(j.salary->annual_min == Approx(145000));
  CHECK(j.salary->annual_max == Approx(185000));
  REQUIRE(j.posted_at);
  CHECK(to_epoch_seconds(*j.posted_at) == 1749772800);  // the timestamp wins over "2 days ago"
}

TEST_CASE("core: enhanced_job survives its JSON form", "[core][transform]") {
  auto r = transform_job_value(fixture_job("search_legacy.json", 0), collected);
  REQUIRE(r.ok());
  auto back = enhanced_job_from_json(to_json(*r.job));
  CHECK(json::serialize(to_json(back)) == json::serialize(to_json(*r.job)));
}

TEST_CASE("core: broken jobs are reported with a type and a message, never thrown", "[core][transform]") {
  struct row {
    const char* job;
    const char* error_type;
    const char* message;
  };
  const row rows[] = {
      {R"({"job_id":"a==","employer_name":"X"})", "schema_validation", "Missing required field: job_title"},
      {R"({"job_id":"a==","job_title":"   "})", "schema_validation", "Missing required field: job_title"},
      {R"({"job_id":"a==","job_title":{"text":"x"}})", "schema_validation", "job_title"},
      {R"({"job_id":"a==","job_title":["x"]})", "schema_validation", "job_title"},
      {R"({"job_title":"No id"})", "schema_validation", "job_id"},
      {R"({"job_id":42,"job_title":"Numeric id"})", "schema_validation", "job_id"},
      {R"("just a string")", "schema_validation", "object"},
      {R"(null)", "schema_validation", "object"},
  };
  for (const auto& r : rows) {
    INFO(r.job);
    auto res = transform_job_value(json::parse(r.job), collected);
    CHECK_FALSE(res.ok());
    CHECK(res.error_type == r.error_type);
    CHECK_THAT(res.error_message, Catch::Contains(r.message));
  }
  // Wrong types elsewhere are not fatal: the field is dropped with a warning, the job goes on.
  auto ok = transform_job_value(
      json::parse(R"({"job_id":"b==","job_title":"Nurse","job_min_salary":"lots","job_city":7,"job_is_remote":"maybe",
                     "job_apply_link":"not a url","job_description":["x"]})"),
      collected);
  REQUIRE(ok.ok());
  CHECK_FALSE(ok.job->salary);
  CHECK(ok.job->apply_url_canonical.empty());
  CHECK(ok.job->warnings.size() >= 3);
}

namespace {

struct transform_pass {
  std::size_t present = 0, transformed = 0;
  std::vector<std::size_t> have;  // per completeness_fields() entry: jobs that carry it
  std::vector<std::string> failures;
};

// Transforms every job object of every *.json file under `root` and prints completeness per field.
transform_pass transform_all(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  transform_pass t;
  t.have.assign(completeness_fields().size(), 0);
  double completeness = 0;
  for (const auto& f : files) {
    json::error_code ec;
    auto v = json::parse(read(f), ec);
    if (ec) continue;
    for (const auto& obj : find_job_objects(v)) {
      ++t.present;
      auto r = transform_job_value(obj, collected);
      if (!r.ok()) {
        t.failures.push_back(f.filename().string() + ": " + r.error_message);
        continue;
      }
      ++t.transformed;
      completeness += r.job->completeness;
      auto p = present_fields(*r.job);
      for (std::size_t i = 0; i < p.size(); ++i) t.have[i] += p[i] ? 1 : 0;
    }
  }
  std::cout << root.filename().string() << ": " << t.transformed << " of " << t.present
            << " job objects transformed; field completeness:\n";
  for (std::size_t i = 0; i < t.have.size(); ++i)
    std::cout << "  " << std::left << std::setw(12) << completeness_fields()[i] << std::right << std::setw(6)
              << std::fixed << std::setprecision(1) << (t.present ? 100.0 * t.have[i] / t.present : 0.0) << " %\n";
  std::cout << "  mean completeness " << std::setprecision(3) << (t.transformed ? completeness / t.transformed : 0.0)
            << "\n";
  for (const auto& f : t.failures) std::cout << "  failed: " << f << "\n";
  return t;
}

}  // namespace

TEST_CASE("core: our fixture job objects transform; completeness per field", "[core][transform]") {
  // Both generations; the weird_types fixture holds jobs built to fail.
  const auto t = transform_all(fs::path(JOBPILOT_SOURCE_DIR) / "tests/fixtures/jsearch");
  CHECK(t.transformed >= 14);
}

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("core: every real JSearch job object transforms; completeness per field", "[core][transform][real]") {
  const auto t = transform_all(jobpilot::test::require_real_corpus());
  CHECK(t.present >= 400);
  CHECK(t.failures.empty());
  CHECK(t.transformed == t.present);
  CHECK(t.have[0] == t.present);  // every real job has a title
}

TEST_CASE("core transform: dates outside what a time point holds are ignored, not overflowed", "[core]") {
  // Found by the transform fuzzer (fuzz/): years beyond 2262 overflowed the nanosecond clock.
  for (const char* job : {R"({"job_id":"x","job_title":"t","job_posted_at_datetime_utc":"4050-10-09T00:00:00.000Z"})",
                          R"({"job_id":"x","job_title":"t","job_offer_expiration_datetime_utc":"0001-01-01"})",
                          R"({"job_id":"x","job_title":"t","job_posted_at_datetime_utc":"9999-12-31T23:59:59Z"})"}) {
    INFO(job);
    auto r = jobpilot::core::transform_job_value(boost::json::parse(job), collected);
    REQUIRE(r.ok());
    CHECK_FALSE(r.job->expires_at);
    CHECK((!r.job->posted_at || *r.job->posted_at <= collected));
  }
  CHECK_FALSE(jobpilot::core::parse_iso8601_utc("2263-01-01T00:00:00Z"));
  CHECK(jobpilot::core::parse_iso8601_utc("2261-12-31T00:00:00Z"));
  CHECK(jobpilot::core::parse_iso8601_utc("1678-01-01"));
}
