// Loading recorded JSearch responses as a corpus: object discovery, byte-faithful raw text, errors.
#include "fake_jsearch/recorded_corpus.hpp"

#include "tests/support/real_corpus.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

using namespace jobpilot::fake_jsearch;

namespace {

void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

const char* const search_response = R"({
  "status": "OK",
  "request_id": "f7c3c7d5-ae2c-469d-9305-d33a76d8b0ba",
  "parameters": {"query": "react developer", "page": 1, "num_pages": 1},
  "data": [
    {"job_id": "AAAAAAAAAAAAAAAAAAAAAA==", "job_title": "React Developer", "job_latitude": 38.8816208,
     "apply_options": [{"publisher": "LinkedIn", "job_id": "nested-not-a-job"}], "job_description": "a \"quoted\" {brace}"},
    {"job_id": "BBBBBBBBBBBBBBBBBBBBBB==", "job_title": "Registered Nurse", "job_min_salary": 1.39464E5}
  ]
})";

const char* const details_response = R"({"status":"OK","request_id":"x",
 "parameters":{"job_id":"CCCCCCCCCCCCCCCCCCCCCC==","extended_publisher_details":false},
 "data":[{"employer_name":"Boeing","job_id":"CCCCCCCCCCCCCCCCCCCCCC==","job_title":"Warehouse Associate"}]})";

}  // namespace

TEST_CASE("fake_jsearch: find_job_objects picks job objects only", "[fake_jsearch]") {
  const struct {
    std::string text;
    std::vector<std::string> expected;
  } table[] = {
      {R"({"job_id":"a"})", {R"({"job_id":"a"})"}},
      {R"([{"job_id":"a"},{"job_id":"b","x":{"job_id":"inner"}}])", {R"({"job_id":"a"})", R"({"job_id":"b","x":{"job_id":"inner"}})"}},
      {R"({"parameters":{"job_id":"echo"},"data":[{"job_id":"real"}]})", {R"({"job_id":"real"})"}},
      {R"({"job_id":17,"list":[{"job_id":null},{"title":"job_id"}]})", {}},
      {R"({"k":"{\"job_id\":\"fake\"}","v":{ "job_id" : "spaced" }})", {R"({ "job_id" : "spaced" })"}},
      {R"({"job_title":"x","job_id":"last"})", {R"({"job_title":"x","job_id":"last"})"}},
      {"[]", {}},
  };
  for (const auto& row : table) {
    INFO(row.text);
    std::vector<std::string> got;
    for (const auto& span : find_job_objects(row.text)) got.push_back(row.text.substr(span.begin, span.end - span.begin));
    CHECK(got == row.expected);
  }
}

TEST_CASE("fake_jsearch: recorded corpus loads job objects byte for byte", "[fake_jsearch]") {
  jobpilot::test::temp_dir dir;
  write(dir.path / "b_search.json", search_response);
  write(dir.path / "a" / "details.json", details_response);
  write(dir.path / "SOURCES.md", "# not json {");
  write(dir.path / "notes.txt", "not json either");
  std::string error;
  const auto c = load_recorded(dir.path.string(), &error);
  INFO(error);
  REQUIRE(c);
  CHECK_FALSE(c->labelled);
  REQUIRE(c->postings.size() == 3);
  // Sorted paths: "a/details.json" before "b_search.json".
  CHECK(c->postings[0].opening_id == "CCCCCCCCCCCCCCCCCCCCCC==");
  CHECK(c->postings[0].family == "warehouse");
  CHECK(c->postings[1].opening_id == "AAAAAAAAAAAAAAAAAAAAAA==");
  CHECK(c->postings[1].family == "software_engineer");
  CHECK(c->postings[2].family == "registered_nurse");
  for (const auto& p : c->postings) {
    CHECK(p.kind == "recorded");
    CHECK(p.job.at("job_id").as_string() == p.opening_id);
    const bool exact_bytes = std::string(search_response).find(p.raw) != std::string::npos ||
                             std::string(details_response).find(p.raw) != std::string::npos;
    CHECK(exact_bytes);
  }
  CHECK(c->postings[1].raw.find("38.8816208") != std::string::npos);
  CHECK(c->postings[2].raw.find("1.39464E5") != std::string::npos);
  CHECK(c->postings[1].job.at("apply_options").as_array().size() == 1);
}

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("fake_jsearch: the shared real corpus loads all 403 objects byte for byte", "[fake_jsearch][real]") {
  const auto real = jobpilot::test::require_real_corpus();
  std::string error;
  const auto r = load_recorded(real.string(), &error);
  INFO(error);
  REQUIRE(r);
  CHECK(r->postings.size() == 403);
  std::set<std::string> ids;
  for (const auto& p : r->postings) {
    ids.insert(p.opening_id);
    CHECK(boost::json::parse(p.raw).as_object() == p.job);
  }
  CHECK(ids.size() == 373);  // distinct job ids
}

TEST_CASE("fake_jsearch: recorded corpus errors name the problem", "[fake_jsearch]") {
  std::string error;
  CHECK_FALSE(load_recorded("/nonexistent/jobpilot/folder", &error));
  CHECK(error.find("/nonexistent/jobpilot/folder") != std::string::npos);

  jobpilot::test::temp_dir bad;
  write(bad.path / "good.json", details_response);
  write(bad.path / "sub" / "broken.json", R"({"data":[{"job_id":"x")");
  error.clear();
  CHECK_FALSE(load_recorded(bad.path.string(), &error));
  CHECK(error.find("broken.json") != std::string::npos);
  CHECK(error.find("not valid JSON") != std::string::npos);

  jobpilot::test::temp_dir empty;
  write(empty.path / "other.json", R"({"status":"OK","data":[]})");
  error.clear();
  CHECK_FALSE(load_recorded(empty.path.string(), &error));
  CHECK(error.find("no job objects") != std::string::npos);
}
