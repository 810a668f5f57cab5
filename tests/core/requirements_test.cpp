// Tests for experience and education extraction: phrases from real JSearch descriptions, traps, and the real corpus.
#include "core/jsearch_model.hpp"
#include "core/requirements.hpp"

#include "tests/support/real_corpus.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace jobpilot::core;

TEST_CASE("core: extract_experience_years table", "[core][requirements]") {
  struct row {
    std::string text;
    std::optional<double> years;
  };
  const auto none = std::optional<double>{};
  const std::vector<row> rows = {
      // the forms the transform must understand
      {"3+ years of experience", 3.0},
      {"3-5 years of experience", 3.0},
      {"Requires a minimum of five years in a similar role", 5.0},
      {"at least two (2) years of experience", 2.0},
      {"5 years' experience in Java", 5.0},
      {"5 years\xE2\x80\x99 experience in Java", 5.0},
      {"10+ yrs exp with SQL", 10.0},
      {"one year of experience", 1.0},
      {"six months of experience", 0.5},
      {"18 months experience in retail", 1.5},
      {"1.5+ years of software development experience.", 1.5},
      // phrases from real descriptions
      {"\xE2\x80\xA2 5+ year experience with JavaScript / HTML / CSS with 2 years focused in React JS", 5.0},
      {"\xE2\x80\xA2 2-3 \"years\" experience of working with React", 2.0},
      {"At least 10 years of web development experience is required", 10.0},
      {"We need a React Developer with 7+ years of IT experience", 7.0},
      {"Experience Required - 2 to 4 Years", 2.0},
      {"Experience : 7 -10 Years", 7.0},
      {"Python Experience of 5+ Years", 5.0},
      {"\xE2\x80\xA2 Should have minimum of 3+ years in React Native and Node", 3.0},
      {"- 6+ years as a React Developer", 6.0},
      {"\xE2\x80\xA2 Front-end development: 5 years (Required)", 5.0},
      {"Bachelor in computer science or any relevant field with 0-3 year of experience", 0.0},
      {"\xE2\x80\xA2 0 to 2 years of experience in Python development", 0.0},
      {"Minimum 8 Year (s) of Data Scientist experience", 8.0},
      {"\xE2\x80\xA2 Eight plus (8 ) years of experience as a Software Engineer", 8.0},
      {"\xE2\x80\xA2 Six to eight years of relevant experience", 6.0},
      {"Strong background with React.js. Required, 5 years.", 5.0},
      {"\xE2\x80\xA2 Less than one year of experience preferred", 0.0},
      {"\xE2\x80\xA2 4-year technical degree (or equivalent work experience)\n"
       "\xE2\x80\xA2 2+ years software development experience",
       2.0},
      {"Duration: 6 month contract\n2+ years of experience as a Python Developer (6+ years for Senior role)", 2.0},
      {"Remote Duration : 5 months Type: contract Job Description : Minimum of 7 years overall IT experience", 7.0},
      // traps: no experience requirement
      {"401k matching and 20 days PTO", none},
      {"Posted in 2024, apply by 2025", none},
      {"Applicants must be 18 years old", none},
      {"We have been in business for 20 years", none},
      {"placement firm servicing client in America for the past 12+ years", none},
      {"Costa Rican Software Development company with more than 16 years providing tech solutions", none},
      {"With over 40 years of semiconductor process control experience, chipmakers rely on us", none},
      {"Duration: 12 Months Contract", none},
      {"Duration: 6+ Months", none},
      {"\xE2\x80\xA2 Bachelor's Degree (BA/BS) from 4-year college or university preferred", none},
      {"The salary range is $100,000 - $130,000 /year", none},
      {"Fertility HRA (up to $5,000 per year)", none},
      {"15 vacation days each year", none},
      {"with a TAM projected to climb from $2B to $7B in the next 5 years", none},
      {"Python developer, 5 years", none},
      {"", none},
  };
  for (const auto& r : rows) {
    INFO(r.text);
    const auto got = extract_experience_years(r.text);
    REQUIRE(got.has_value() == r.years.has_value());
    if (got) CHECK(*got == Approx(*r.years));
  }
}

TEST_CASE("core: extract_education_level table", "[core][requirements]") {
  struct row {
    std::string text;
    std::string level;
  };
  const std::vector<row> rows = {
      // the brief's cases
      {"Bachelor's degree in CS or equivalent; Master's preferred", "bachelors"},
      {"BS/MS in Computer Science", "bachelors"},
      {"High school diploma or GED", "high_school"},
      // phrases from real descriptions
      {"\xE2\x80\xA2 Bachelor\xE2\x80\x99s degree in Computer Science, related field or equivalent experience",
       "bachelors"},
      {"\xE2\x80\xA2 BS in Computer Science, Engineering or Related Fields", "bachelors"},
      {"Basic Qualifications:\n\xE2\x80\xA2 Bachelors degree, or equivalent work experience", "bachelors"},
      {"What We're Looking For\xE2\x80\xA2 Masters or Ph.D. in Computer Science, Electrical Engineering", "masters"},
      {"\xE2\x80\xA2 Master's or Ph.D. degree in Computational Biology, Computer Science", "masters"},
      {"\xE2\x80\xA2 PhD, or a Master's degree and experience in CS, CE, ML or related field", "masters"},
      {"The ideal candidate must have a minimum of 5 years of experience in ML/NLP and a Master\xE2\x80\x99s degree",
       "masters"},
      {"\xE2\x80\xA2 Is a current PhD candidate or graduate", "phd"},
      {"\xE2\x80\xA2 Have an Associate's degree from an accredited university in an Engineering field", "associates"},
      {"Must-have experience (Required)\n\xE2\x80\xA2 High School Diploma or GED", "high_school"},
      {"education: High School", "high_school"},
      {"Minimum qualifications:\nBachelor's degree or equivalent practical experience.\n\nPreferred qualifications:\n"
       "Master's degree or PhD in Computer Science or related technical field.",
       "bachelors"},
      {"Minimum Qualifications:\n\xE2\x80\xA2 Bachelor's degree in Engineering and 4+ years\nOR\nMaster's degree in "
       "Engineering and 2+ years\nOR\nPhD in Engineering",
       "bachelors"},
      {"Requires a Bachelor's degree in Software Engineering. Also requires 2+ years of job-related experience or a "
       "Master's degree.",
       "bachelors"},
      {"Years of Experience needed: 0-2 with MS, 2-4 with BS, 8-10 with HS diploma", "high_school"},
      {"BS/CS, MS/CS or equivalent.", "bachelors"},
      {"\xE2\x80\xA2 MSc in Computer Science", "masters"},
      {"\xE2\x80\xA2 Advanced degree in Computer Science", "masters"},
      {"A B.S. in Computer Science is required.", "bachelors"},
      {"M.S. degree required", "masters"},
      {"An MBA is required", "masters"},
      {"Doctorate in Physics required", "phd"},
      {"Associate degree or 2-year degree in electronics", "associates"},
      // preferred only
      {"Preferred Qualifications\n\xE2\x80\xA2 3+ years of experience\n\xE2\x80\xA2 Bachelor's degree in computer "
       "science or equivalent",
       ""},
      {"Requirements:\n\xE2\x80\xA2 Bachelor\xE2\x80\x99s degree preferred or commensurate industry experience", ""},
      {"PhD a plus", ""},
      {"Nice to have: Master's degree", ""},
      {"Preferred: Master's + 5 years industry experience", ""},
      {"Degree not required", ""},
      // traps
      {"Strong skills with MS Office Word, Excel, and Power Point", ""},
      {"Experience with MS SQL Server", ""},
      {"Boston, MA or remote", ""},
      {"Meeting with high school students over Zoom", ""},
      {"Programs range from high school completion to bachelor's degrees", ""},
      {"Scrum Master certification", ""},
      {"Claims Care Associate (Remote available)", ""},
      {"Degree in Computer Science", ""},
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.text);
    CHECK(extract_education_level(r.text) == r.level);
  }
}

TEST_CASE("core: education_from_flags table", "[core][requirements]") {
  CHECK(education_from_flags(false, false, false, false).empty());
  CHECK(education_from_flags(false, true, false, false) == "bachelors");
  CHECK(education_from_flags(true, false, false, false) == "masters");
  CHECK(education_from_flags(true, true, false, false) == "masters");
  CHECK(education_from_flags(false, false, true, false) == "associates");
  CHECK(education_from_flags(false, false, false, true) == "high_school");
  CHECK(education_from_flags(false, true, true, true) == "bachelors");
}

namespace {


}  // namespace

TEST_CASE("core: experience extraction agrees with the legacy structured field on real jobs",
          "[core][requirements][real]") {
  // Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
  jobpilot::test::require_real_corpus();
  const std::vector<job_posting> jobs = jobpilot::test::real_job_postings();
  REQUIRE(jobs.size() >= 400);
  std::size_t compared = 0, agreed = 0;
  for (const auto& j : jobs) {
    if (!j.description || !j.required_experience || !j.required_experience->required_experience_in_months) continue;
    const auto ours = extract_experience_years(*j.description);
    if (!ours) continue;
    ++compared;
    agreed += *ours * 12 == Approx(static_cast<double>(*j.required_experience->required_experience_in_months)) ? 1 : 0;
  }
  std::cout << "experience: " << agreed << " of " << compared << " agree with job_required_experience\n";
  // Measured: 174 of 194 (the corpus holds duplicates); the legacy field itself is wrong at times
  // ("at 6 months is required" for a relocation read as 6 months of experience).
  CHECK(compared >= 150);
  CHECK(agreed >= compared * 8 / 10);
}
