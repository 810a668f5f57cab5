// Tests for employment type normalisation: legacy enums, 2025+ text, arrays, lists, duplicates, unknown words.
#include "core/employment_type.hpp"

#include "tests/support/real_corpus.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace jobpilot::core;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {


std::string str_of(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

TEST_CASE("core employment_type: text and arrays", "[core]") {
  using list = std::vector<std::string>;
  struct type_case {
    const char* text;
    list array;
    list want;
  };
  const type_case cases[] = {
      {"FULLTIME", {}, {"full_time"}},
      {"Full-time", {}, {"full_time"}},
      {"Full time", {}, {"full_time"}},
      {"full_time", {}, {"full_time"}},
      {"FULL_TIME", {}, {"full_time"}},
      {"PARTTIME", {}, {"part_time"}},
      {"Part-time", {}, {"part_time"}},
      {"part time", {}, {"part_time"}},
      {"CONTRACTOR", {}, {"contract"}},
      {"Contractor", {}, {"contract"}},
      {"Contract", {}, {"contract"}},
      {"Contract to hire", {}, {"contract"}},
      {"Freelance", {}, {"contract"}},
      {"INTERN", {}, {"internship"}},
      {"Internship", {}, {"internship"}},
      {"TEMPORARY", {}, {"temporary"}},
      {"Temp", {}, {"temporary"}},
      {"Per diem", {}, {"per_diem"}},
      {"PER_DIEM", {}, {"per_diem"}},
      {"Full-time, Part-time, and Contractor", {}, {"full_time", "part_time", "contract"}},
      {"Full-time and Part-time", {}, {"full_time", "part_time"}},
      {"Full or part time", {}, {"full_time", "part_time"}},
      {"Contractor, Full-time", {}, {"full_time", "contract"}},  // stable order, not text order
      {"Internship; Temporary; Full-time", {}, {"full_time", "internship", "temporary"}},
      {"", {"FULLTIME"}, {"full_time"}},
      {"", {"CONTRACTOR", "CONTRACTOR"}, {"contract"}},
      {"Contractor", {"CONTRACTOR", "CONTRACTOR"}, {"contract"}},
      {"Full-time", {"PARTTIME", "FULLTIME"}, {"full_time", "part_time"}},
      {"PARTTIME", {"INTERN"}, {"part_time", "internship"}},
      {"Full-time, Part-time, and Contractor", {"FULLTIME", "PARTTIME", "CONTRACTOR"},
       {"full_time", "part_time", "contract"}},
      {"", {}, {}},
      {"   ", {""}, {}},
      {"Volunteer", {"OTHER"}, {}},
      {"International", {"Internal"}, {}},  // whole words only
      {"Full", {"time"}, {}},               // "full" and "time" in different values are not full time
      {"Permanent, Full-time (remote)", {"WHATEVER"}, {"full_time"}},
  };
  for (const auto& c : cases) {
    INFO("text=\"" << c.text << "\" array size " << c.array.size());
    CHECK(normalize_employment_types(c.text, c.array) == c.want);
  }
}

TEST_CASE("core employment_type: primary type", "[core]") {
  CHECK(primary_employment_type({}) == "");
  CHECK(primary_employment_type({"part_time"}) == "part_time");
  CHECK(primary_employment_type(normalize_employment_types("Contractor, Full-time", {})) == "full_time");
  CHECK(primary_employment_type(normalize_employment_types("nonsense", {"??"})) == "");
}

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("core employment_type: real JSearch corpus", "[core][real]") {
  jobpilot::test::require_real_corpus();
  const auto jobs = jobpilot::test::real_described_jobs();
  REQUIRE(jobs.size() >= 370);
  int typed = 0;
  for (const auto& job : jobs) {
    const std::string text = str_of(job, "job_employment_type");
    std::vector<std::string> array;
    if (auto* a = job.if_contains("job_employment_types"); a && a->is_array())
      for (const auto& x : a->as_array())
        if (x.is_string()) array.emplace_back(x.as_string());
    if (text.empty() && array.empty()) continue;
    ++typed;
    INFO(text);
    auto types = normalize_employment_types(text, array);
    CHECK_FALSE(types.empty());  // every value seen in the captures is understood
    CHECK(primary_employment_type(types) == types.front());
  }
  CHECK(typed >= 370);
}
