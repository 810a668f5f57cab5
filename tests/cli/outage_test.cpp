// Outage: the PostgreSQL server stopped (immediate shutdown) for 12 s in the middle of `run --once`,
// while pages are still being bought and collections are in every stage, then started again. The
// run must ride it out: no hang, exit 0, every page bought once and stored once, and the loaded rows
// those of an uninterrupted run. The test stops a server, so it brings its own cluster
// (scripts/pg.sh on JOBPILOT_TEST_OUTAGE_PG_PORT) and runs as its own CTest entry, alone.
#include "storage/database.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <cstdlib>
#include <iostream>
#include <thread>

using namespace jobpilot;
using test::count;

namespace {

// A cluster of the test's own (scripts/pg.sh), removed at the end.
struct own_cluster {
  std::string port;
  std::vector<std::string> env;

  own_cluster() {
    const char* p = std::getenv("JOBPILOT_TEST_OUTAGE_PG_PORT");
    port = p && *p ? p : "55441";
    env = {"PGTEST_PORT=" + port, "PGTEST_DIR=/tmp/jobpilot-pgoutage-" + port};
    pg_sh("start");
  }
  ~own_cluster() { test::run_process({script(), "stop"}, env); }

  static std::string script() { return std::string(JOBPILOT_SOURCE_DIR) + "/scripts/pg.sh"; }
  void pg_sh(const std::string& what) const {
    auto r = test::run_process({script(), what}, env, std::chrono::seconds(120));
    INFO("scripts/pg.sh " << what << ": " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::string url(const std::string& db) const { return "postgresql://postgres@127.0.0.1:" + port + "/" + db; }
  std::string create(const std::string& db) const {
    std::string err;
    auto target = storage::parse_database_url(url("postgres"), "/tmp", &err);
    REQUIRE(target);
    storage::database::open(*target, 1)->with_session([&](soci::session& s) { s << "CREATE DATABASE " + db; });
    return url(db);
  }
};

const int pages_per_query = 20;
const char* config =
    // 10 pages a second: buying the 100 pages takes about 10 s, so the outage starts while the
    // collector still buys and the other stages have work in hand.
    "collector:\n  requests_per_second: 10\n  workers: 1\n"
    "run:\n  queries: [\"software engineer\", \"data scientist\", \"registered nurse\", \"accountant\","
    " \"truck driver\"]\n  locations: []\n  pages: 20\n";

}  // namespace

TEST_CASE("outage: PostgreSQL stopped for 12 s in the middle of run --once: no hang, nothing lost, exit 0",
          "[outage]") {
  own_cluster pg;
  test::temp_dir t;
  const int pages = 5 * pages_per_query;

  // The uninterrupted run, for the rows to compare with.
  test::fake_jsearch reference_fake({"--postings", "6000", "--seed", "17"});
  test::workspace reference{pg.create("reference"), t.path / "reference"};
  reference.write_config(config);
  auto r = reference.run({"run", "--once", "--base-url", reference_fake.base_url()});
  INFO(r.out << test::tail(r.err));
  REQUIRE(r.exit_code == 0);
  REQUIRE(reference_fake.total_calls() == pages);

  test::fake_jsearch fake({"--postings", "6000", "--seed", "17"});
  test::workspace ws{pg.create("outage"), t.path / "outage"};
  ws.write_config(config);
  test::background_process run(ws.command({"run", "--once", "--base-url", fake.base_url()}),
                               {"JSEARCH_API_KEY=" + test::test_api_key}, true);
  // The server goes down when 30 of the 100 pages are stored, with collections through the whole
  // pipeline already: every stage has run and has work in hand.
  REQUIRE_FALSE(run.wait_for_line("[30/" + std::to_string(pages) + "] page", std::chrono::seconds(120)).empty());
  REQUIRE_THAT(run.output(), Catch::Contains("collections through the pipeline"));
  const auto calls_before = fake.total_calls();
  pg.pg_sh("down");
  const auto down_at = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - down_at < std::chrono::seconds(12)) {
    run.read_available();  // the run keeps logging: its pipe must not fill up
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const bool running_when_back = run.running();
  const auto calls_during = fake.total_calls() - calls_before;
  pg.pg_sh("up");
  const int exit_code = run.wait_exit(std::chrono::seconds(600));
  std::cout << "outage test: " << calls_before << " of " << pages << " pages bought before the server went down, "
            << calls_during << " while it was down (12 s); run ended "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - down_at).count()
            << " s after the outage began, exit " << exit_code << "\n";

  INFO(test::tail(run.output(), 6000));
  REQUIRE(running_when_back);           // the outage fell inside the run
  CHECK(calls_before < pages);          // ... while pages were still being bought
  CHECK(exit_code == 0);
  CHECK_THAT(run.output(), Catch::Contains("database unavailable") && Catch::Contains("database is back"));
  CHECK_THAT(run.output(), !Catch::Contains("\nWARNING:"));  // libpq's notices go to the log, not raw to stderr
  // Every page bought once (one call each: the fake server has no faults here) and stored once.
  CHECK(fake.total_calls() == pages);
  CHECK(fake.calls_with_outcome("ok") == pages);
  CHECK_THAT(run.output(), Catch::Contains("pages collected: " + std::to_string(pages) + " (0 failed"));
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections") == pages);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status <> 'loaded'") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data") == count(*reference.db(), "SELECT COUNT(*) FROM processed_job_data"));
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data WHERE load_status <> 'loaded'") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations") == 0);
  const auto got = test::read_loaded_rows(*db), expected = test::read_loaded_rows(*reference.db());
  INFO(test::difference(got, expected));
  CHECK(got == expected);
  CHECK(got.jobs.size() > 500);
}
