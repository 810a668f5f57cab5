// Crash: `process` over 6,000 postings killed with SIGKILL at random moments and started again, on
// SQLite and on PostgreSQL. The loaded jobs, sources and embeddings must equal those of an
// uninterrupted run over the same raw collections (compared by sorted natural keys), and every
// collection must end loaded.
#include "storage/database.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <iostream>
#include <random>
#include <thread>

using namespace jobpilot;
using test::count;

namespace {

// One query per role family of the generator: together they page through every posting.
const char* queries[] = {"software engineer", "data scientist", "product manager", "registered nurse",
                         "accountant", "sales representative", "warehouse associate", "devops engineer",
                         "customer service representative", "truck driver"};

void collect_all(const test::workspace& ws, const test::fake_jsearch& fake) {
  for (const char* q : queries) {
    auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", q, "-n", "100"});
    INFO(c.out << test::tail(c.err));
    REQUIRE(c.exit_code == 0);
  }
}

void crash_and_resume(const test::workspace& ws, const test::workspace& reference) {
  // The uninterrupted run, timed: the kills fall inside a run of that length.
  auto started = std::chrono::steady_clock::now();
  auto u = reference.run({"process"});
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(u.out << test::tail(u.err));
  REQUIRE(u.exit_code == 0);
  const auto postings = count(*reference.db(), "SELECT COUNT(*) FROM processed_job_data");
  REQUIRE(postings >= 5000);

  // Each restart has less left to do, so a moment is picked in the run's own progress: after the
  // k-th of its ~20 progress lines (k = 0: during start-up, the sweep and the index rebuild),
  // plus a random delay, so the kill lands inside a stage's work or between stages. k stays in
  // the first 40% so that six kills still leave work for the next one; a restart that ends before
  // its moment does not count, and another is started (at most 12 in all).
  std::random_device rd;
  const auto seed = rd();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> line(0, 8);
  std::uniform_int_distribution<int> extra_ms(0, 80);
  std::cout << "crash test on " << ws.db_url.substr(0, 10) << ": uninterrupted process of " << postings
            << " postings took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
            << " ms; kills (seed " << seed << "):";
  int killed_running = 0;
  for (int attempt = 0; attempt < 12 && killed_running < 6; ++attempt) {
    test::background_process p(ws.command({"process"}), {"JSEARCH_API_KEY=" + test::test_api_key}, true);
    const int after_lines = line(rng);
    const int delay = after_lines == 0 ? 100 + 5 * extra_ms(rng) : extra_ms(rng);
    for (int seen = 0; seen < after_lines;)
      if (p.wait_for_line("[", std::chrono::seconds(120)).find("collections through the pipeline") != std::string::npos)
        ++seen;
      else if (!p.running())
        break;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    const bool running = p.running();
    std::cout << " after " << after_lines << " progress line(s) + " << delay << " ms" << (running ? "" : " (had ended)");
    if (!running) {
      p.read_available();
      std::cout << " (exit code " << p.exit_code() << "; its output ended with:\n" << test::tail(p.output(), 600) << ")\n";
    }
    if (running) ++killed_running;
    p.kill_now();
  }
  std::cout << "; " << killed_running << " killed while running\n";
  CHECK(killed_running == 6);
  auto last = ws.run({"process"});
  INFO(last.out << test::tail(last.err));
  CHECK(last.exit_code == 0);

  auto db = ws.db();
  const auto got = test::read_loaded_rows(*db), expected = test::read_loaded_rows(*reference.db());
  INFO(test::difference(got, expected));
  CHECK(got == expected);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status <> 'loaded'") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data WHERE load_status <> 'loaded'") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data") == postings);
  auto status = ws.run({"status", "--json"});
  REQUIRE(status.exit_code == 0);
  auto collections = boost::json::parse(status.out).as_object().at("collections").as_object();
  CHECK(collections.size() == 1);
  CHECK(collections.contains("loaded"));
}

}  // namespace

TEST_CASE("crash: process killed at random moments ends with the rows of an uninterrupted run (SQLite)",
          "[cli][crash]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "6000", "--seed", "17"});
  test::workspace ws{"sqlite:jobpilot.db", t.path / "a"};
  ws.write_config("collector:\n  requests_per_second: 0\n  workers: 2\n");
  collect_all(ws, fake);
  std::filesystem::copy(ws.dir, t.path / "b", std::filesystem::copy_options::recursive);
  crash_and_resume(ws, test::workspace{ws.db_url, t.path / "b"});
}

TEST_CASE("crash: process killed at random moments ends with the rows of an uninterrupted run (PostgreSQL)",
          "[cli][crash][pg]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "6000", "--seed", "17"});
  test::pg_database pg;
  test::workspace ws{pg.url, t.path};
  ws.write_config("collector:\n  requests_per_second: 0\n  workers: 2\n");
  collect_all(ws, fake);
  test::pg_database copy(pg.name);
  crash_and_resume(ws, test::workspace{copy.url, t.path});
}
