#include "tests/support/real_corpus.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace jobpilot::test {

std::filesystem::path real_corpus_dir() {
  std::filesystem::path dir(JOBPILOT_SOURCE_DIR "/../shared/data/jsearch-real");
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) ? dir : std::filesystem::path();
}

std::filesystem::path require_real_corpus() {
  auto dir = real_corpus_dir();
  INFO("this [real] test needs the shared corpus " JOBPILOT_SOURCE_DIR "/../shared/data/jsearch-real; "
       "run it through CTest (ctest -R real_corpus), which skips it when the corpus is absent");
  REQUIRE_FALSE(dir.empty());
  return dir;
}

std::vector<boost::json::object> real_job_objects(bool distinct) {
  std::vector<boost::json::object> out;
  auto dir = real_corpus_dir();
  if (dir.empty()) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::set<std::string> seen;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    boost::json::error_code ec;
    auto v = boost::json::parse(ss.str(), ec);
    if (ec) continue;
    for (auto& o : core::find_job_objects(v)) {
      if (distinct && !seen.insert(std::string(o.at("job_id").as_string())).second) continue;
      out.push_back(std::move(o));
    }
  }
  return out;
}

std::vector<boost::json::object> real_described_jobs() {
  std::vector<boost::json::object> out;
  for (auto& o : real_job_objects(true))
    if (o.contains("job_description")) out.push_back(std::move(o));
  return out;
}

std::vector<core::job_posting> real_job_postings(bool distinct) {
  std::vector<core::job_posting> out;
  for (const auto& o : real_job_objects(distinct))
    if (auto r = core::parse_job(o); r.ok()) out.push_back(std::move(*r.job));
  return out;
}

}  // namespace jobpilot::test
