// The command line as a user meets it: help texts and clear errors with exit code 2.
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace jobpilot;

TEST_CASE("cli: --help lists every command and every command has complete help", "[cli]") {
  auto top = test::run_process({test::binary_path(), "--help"});
  CHECK(top.exit_code == 0);
  for (const char* word : {"migrate", "collect", "process", "reprocess", "jobs", "search", "run", "status",
                           "fake-jsearch", "--config", "--db", "--data-dir", "--log-level", "JSEARCH_API_KEY"})
    CHECK_THAT(top.out, Catch::Contains(word));

  struct expectation {
    const char* command;
    std::vector<const char*> words;
  };
  std::vector<expectation> table = {
      {"collect", {"--query", "--location", "--pages", "--num-pages", "--base-url", "--country", "--date-posted", "--remote",
                   "--employment-types", "--job-requirements", "--radius", "--exclude-publishers", "--fields",
                   "--endpoint", "--no-cache", "--json"}},
      {"status", {"--json", "--recent"}},
      {"process", {"--json", "no API calls"}},
      {"reprocess", {"--collection", "--status", "--json"}},
      {"jobs", {"--json", "--title", "--company", "--location", "--remote", "--min-salary", "--limit"}},
      {"search", {"TEXT", "-k", "--json"}},
      {"run", {"--once", "--base-url", "--json"}},
      {"migrate", {"schema"}},
      {"fake-jsearch", {"--port", "--seed", "--postings", "--responses", "--labels-out", "--api-key", "--monthly-quota",
                        "--rps", "--latency-ms", "--burst-429-rate", "--quota-429-rate", "--error-5xx-rate",
                        "--hang-rate", "--cut-rate", "--malformed-json-rate", "--invalid-utf8-rate", "--truncate-rate",
                        "listening on"}},
  };
  for (const auto& e : table) {
    INFO(e.command);
    auto r = test::run_process({test::binary_path(), e.command, "--help"});
    CHECK(r.exit_code == 0);
    for (const char* w : e.words) CHECK_THAT(r.out, Catch::Contains(w));
  }
}

TEST_CASE("cli: bad arguments give a clear message and exit code 2", "[cli]") {
  struct bad {
    std::vector<std::string> args;
    const char* message;
  };
  std::vector<bad> table = {
      {{}, "A subcommand is required"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"collect"}, "--query is required"},
      {{"collect", "--query", "x", "--pages", "0"}, "--pages"},
      {{"collect", "--query", "x", "--pages", "50", "--num-pages", "5"}, "JSearch serves pages 1 to 100"},
      {{"collect", "--query", "x", "--date-posted", "yesterday"}, "yesterday"},
      {{"collect", "--query", "x", "--bogus"}, "--bogus"},
      {{"status", "--recent", "many"}, "many"},
      {{"--log-level", "loud", "status"}, "loud"},
      {{"--config", "/nonexistent/jobpilot.yaml", "status"}, "/nonexistent/jobpilot.yaml"},
      {{"fake-jsearch", "--hang-rate", "1.5"}, "1.5"},
      {{"reprocess"}, "exactly one of --collection ID, --status failed|partial|all or --dead-letters"},
      {{"reprocess", "--status", "failed", "--dead-letters"}, "exactly one of"},
      {{"reprocess", "--status", "failed", "--include-paid"}, "--include-paid goes with --dead-letters"},
      {{"collect", "-q", "x", "--country", "USA"}, "did you mean 'us'?"},
      {{"collect", "-q", "x", "--base-url", "http://jsearch.example.com"}, "use https"},
      {{"reprocess", "--status", "sometimes"}, "sometimes"},
      {{"reprocess", "--collection", "not-a-uuid"}, "not a collection id"},
      {{"search"}, "text is required"},
      {{"config"}, "A subcommand is required"},
      {{"config", "check", "/nonexistent/jobpilot.yaml"}, "/nonexistent/jobpilot.yaml: config file not found"},
      {{"--db", "mysql://x", "status"}, "must start with sqlite:"},
  };
  for (const auto& b : table) {
    std::vector<std::string> args{test::binary_path()};
    args.insert(args.end(), b.args.begin(), b.args.end());
    std::string joined;
    for (auto& a : b.args) joined += a + " ";
    INFO(joined);
    auto r = test::run_process(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err + r.out, Catch::Contains(b.message));
  }
}

TEST_CASE("cli: config check names every problem; config show prints what loads back, password masked", "[cli]") {
  test::temp_dir dir;
  auto ok = test::run_process({test::binary_path(), "config", "check", JOBPILOT_SOURCE_DIR "/config/jobpilot.example.yaml"});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("jobpilot.example.yaml: OK (3 schedule(s), 3 enabled; time zone UTC; HTTP "
                                     "127.0.0.1:8080)"));
  auto bad_file = dir.path / "bad.yaml";
  std::ofstream(bad_file) << "schedules:\n  nightly:\n    trigger: \"cron(0 9 * * moonday)\"\n    queries: [x]\n"
                             "http:\n  port: -1\n";
  auto bad = test::run_process({test::binary_path(), "config", "check", bad_file.string()});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.yaml:3:5: schedules.nightly.trigger:") &&
                          Catch::Contains("field 5 (day-of-week)"));
  CHECK_THAT(bad.err, Catch::Contains("bad.yaml:6:3: http.port: must be between 0 and 65535 (got -1)"));

  auto shown = test::run_process({test::binary_path(), "--db", "postgresql://etl:hunter2@db.example:5432/jobs",
                                  "--data-dir", dir.path.string(), "config", "show"});
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("hunter2") == std::string::npos);
  CHECK_THAT(shown.out, Catch::Contains("postgresql://etl:***@db.example:5432/jobs"));
  CHECK_THAT(shown.out, Catch::Contains("daily_collection:"));
  // Without a password the shown file is the configuration itself: it checks, and shows the same again.
  auto plain = test::run_process({test::binary_path(), "--data-dir", dir.path.string(), "config", "show"});
  auto shown_file = dir.path / "shown.yaml";
  std::ofstream(shown_file) << plain.out;
  auto again = test::run_process({test::binary_path(), "--config", shown_file.string(), "config", "show"});
  CHECK(again.exit_code == 0);
  CHECK(again.out == plain.out);
}

TEST_CASE("cli: a bad config file is rejected with file, line and key", "[cli]") {
  test::temp_dir dir;
  auto cfg = dir.path / "jobpilot.yaml";
  {
    std::ofstream f(cfg);
    f << "database:\n  url: sqlite:x.db\ncollector:\n  workers: 0\n  retries: 3\n";
  }
  auto r = test::run_process({test::binary_path(), "--config", cfg.string(), "--data-dir", dir.path.string(), "status"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("jobpilot.yaml:4:") && Catch::Contains("collector.workers"));
  CHECK_THAT(r.err, Catch::Contains("jobpilot.yaml:5:") && Catch::Contains("retries"));
}
