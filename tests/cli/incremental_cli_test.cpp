// Incremental collection: a bought page whose jobs are all loaded already ends its search, so
// collecting an unchanged corpus again costs one call per search, not one per page.
#include "tests/support/cli_harness.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace jobpilot;

TEST_CASE("cli: a page of only known jobs ends its search; collection.stop_on_known_page: false buys every page",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "500", "--seed", "7"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  const std::string run_section = "run:\n  queries: [\"software engineer\"]\n  locations: []\n  pages: 3\n";
  ws.write_config("collector:\n  requests_per_second: 0\n  cache_ttl: 0ms\n" + run_section);
  auto first = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(first.out << test::tail(first.err));
  REQUIRE(first.exit_code == 0);
  REQUIRE(fake.total_calls() == 3);  // three pages with results, all loaded

  // The same search again (no cache): page 1 holds only loaded jobs, pages 2 and 3 are not bought.
  auto second = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(second.out << test::tail(second.err));
  CHECK(second.exit_code == 0);
  CHECK(fake.total_calls() == 4);
  CHECK_THAT(second.out, Catch::Contains("pages collected: 1 (0 failed, 0 from cache, 2 not requested), API calls: 1"));
  std::ifstream log(t.path / "logs" / "collector.log");
  std::stringstream text;
  text << log.rdbuf();
  CHECK_THAT(text.str(), Catch::Contains("jobs are stored already: the later pages of this search are not bought"));

  // Switched off, every page is bought again.
  ws.write_config("collector:\n  requests_per_second: 0\n  cache_ttl: 0ms\n  stop_on_known_page: false\n" + run_section);
  auto third = ws.run({"run", "--once", "--base-url", fake.base_url()});
  CHECK(third.exit_code == 0);
  CHECK(fake.total_calls() == 7);
}
