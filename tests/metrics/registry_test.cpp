// metrics/registry and metrics/jobpilot_metrics: exact text of every metric type, escaping, value
// formatting, registration errors, exact totals under concurrency, and the service's metrics linted by
// `promtool check metrics` (Debian package prometheus; a missing promtool fails the test).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "metrics/jobpilot_metrics.hpp"
#include "metrics/registry.hpp"

using namespace jobpilot::metrics;

namespace {

struct command_result {
  int exit_status = -1;
  std::string output;  ///< stdout and stderr
};

/// Runs `command` through the shell and captures its output.
command_result run(const std::string& command) {
  command_result r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int status = ::pclose(pipe);
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Writes `text` to a new temporary file and returns its path.
std::string write_temp_file(const std::string& text) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/jobpilot_metrics_XXXXXX";
  const int fd = ::mkstemp(path.data());
  REQUIRE(fd >= 0);
  FILE* f = ::fdopen(fd, "w");
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
  REQUIRE(std::fclose(f) == 0);
  return path;
}

}  // namespace

// -- rendering -----------------------------------------------------------------------------------

TEST_CASE("a counter renders HELP, TYPE and its children ordered by label values", "[metrics]") {
  registry reg;
  auto& requests = reg.add_counter("test_requests_total", "Requests handled.", {"stage"});
  requests.with({"processor"}).inc(3);
  requests.with({"collector"}).inc();
  requests.with({"processor"}).inc(0.5);
  CHECK(reg.render() ==
        "# HELP test_requests_total Requests handled.\n"
        "# TYPE test_requests_total counter\n"
        "test_requests_total{stage=\"collector\"} 1\n"
        "test_requests_total{stage=\"processor\"} 3.5\n");
}

TEST_CASE("a counter without labels renders 0 before its first increment and ignores decrements", "[metrics]") {
  registry reg;
  auto& c = reg.add_counter("test_events_total", "Events.");
  CHECK(reg.render() == "# HELP test_events_total Events.\n# TYPE test_events_total counter\ntest_events_total 0\n");
  c.with({}).inc(2);
  c.with({}).inc(-1);
  c.with({}).inc(std::numeric_limits<double>::quiet_NaN());
  CHECK(c.with({}).value() == 2);
}

TEST_CASE("families render in registration order, multi-label children in lexicographic order", "[metrics]") {
  registry reg;
  auto& runs = reg.add_counter("test_runs_total", "Runs.", {"schedule", "result"});
  auto& up = reg.add_gauge("test_up", "Up.");
  runs.with({"nightly", "ok"}).inc();
  runs.with({"daily", "skipped"}).inc(2);
  runs.with({"daily", "failed"}).inc();
  up.with({}).set(1);
  CHECK(reg.render() ==
        "# HELP test_runs_total Runs.\n"
        "# TYPE test_runs_total counter\n"
        "test_runs_total{schedule=\"daily\",result=\"failed\"} 1\n"
        "test_runs_total{schedule=\"daily\",result=\"skipped\"} 2\n"
        "test_runs_total{schedule=\"nightly\",result=\"ok\"} 1\n"
        "# HELP test_up Up.\n"
        "# TYPE test_up gauge\n"
        "test_up 1\n");
}

TEST_CASE("a histogram renders cumulative buckets including +Inf, then _sum and _count", "[metrics]") {
  registry reg;
  auto& h = reg.add_histogram("test_duration_seconds", "Durations.", {"stage"}, {0.125, 0.5, 1, 2.5});
  auto& p = h.with({"processor"});
  for (double v : {0.0625, 0.125, 0.25, 0.75, 3.0}) p.observe(v);  // 0.125 is on a bound: le is inclusive
  p.observe(std::numeric_limits<double>::quiet_NaN());      // ignored
  CHECK(reg.render() ==
        "# HELP test_duration_seconds Durations.\n"
        "# TYPE test_duration_seconds histogram\n"
        "test_duration_seconds_bucket{stage=\"processor\",le=\"0.125\"} 2\n"
        "test_duration_seconds_bucket{stage=\"processor\",le=\"0.5\"} 3\n"
        "test_duration_seconds_bucket{stage=\"processor\",le=\"1\"} 4\n"
        "test_duration_seconds_bucket{stage=\"processor\",le=\"2.5\"} 4\n"
        "test_duration_seconds_bucket{stage=\"processor\",le=\"+Inf\"} 5\n"
        "test_duration_seconds_sum{stage=\"processor\"} 4.1875\n"
        "test_duration_seconds_count{stage=\"processor\"} 5\n");
}

TEST_CASE("a histogram without labels renders le as its only label", "[metrics]") {
  registry reg;
  auto& h = reg.add_histogram("test_wait_seconds", "Waits.", {}, {1});
  h.with({}).observe(2);
  CHECK(reg.render() ==
        "# HELP test_wait_seconds Waits.\n"
        "# TYPE test_wait_seconds histogram\n"
        "test_wait_seconds_bucket{le=\"1\"} 0\n"
        "test_wait_seconds_bucket{le=\"+Inf\"} 1\n"
        "test_wait_seconds_sum 2\n"
        "test_wait_seconds_count 1\n");
}

TEST_CASE("label values escape backslash, double quote and newline; HELP escapes backslash and newline",
          "[metrics]") {
  registry reg;
  auto& g = reg.add_gauge("test_value", "Help with \\ a backslash,\na newline and \"quotes\".", {"name"});
  g.with({"a\"b\\c\nd"}).set(1);
  CHECK(reg.render() ==
        "# HELP test_value Help with \\\\ a backslash,\\na newline and \"quotes\".\n"
        "# TYPE test_value gauge\n"
        "test_value{name=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST_CASE("gauges set, inc, dec and compute their value at scrape time", "[metrics]") {
  registry reg;
  auto& depth = reg.add_gauge("test_queue_depth", "Depth.", {"stage"});
  auto& a = depth.with({"a"});
  a.set(5);
  a.inc();
  a.dec(2.5);
  CHECK(a.value() == 3.5);

  int queued = 7;
  auto& b = depth.with({"b"});
  b.compute([&queued] { return static_cast<double>(queued); });
  queued = 9;
  auto& c = depth.with({"c"});
  c.compute([]() -> double { throw std::runtime_error("source gone"); });
  CHECK(reg.render() ==
        "# HELP test_queue_depth Depth.\n"
        "# TYPE test_queue_depth gauge\n"
        "test_queue_depth{stage=\"a\"} 3.5\n"
        "test_queue_depth{stage=\"b\"} 9\n"
        "test_queue_depth{stage=\"c\"} NaN\n");
  b.compute(nullptr);  // back to the stored value
  CHECK(b.value() == 0);
}

TEST_CASE("values are formatted as Prometheus parses them", "[metrics]") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(-0.0) == "0");
  CHECK(format_value(42) == "42");
  CHECK(format_value(-3) == "-3");
  CHECK(format_value(1e6) == "1000000");
  CHECK(format_value(1700000000) == "1700000000");
  CHECK(format_value(0.25) == "0.25");
  CHECK(format_value(0.1) == "0.1");
  CHECK(format_value(0.005) == "0.005");
  CHECK(format_value(1e20) == "1e+20");
  CHECK(format_value(1.5e-7) == "1.5e-07");
  CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(format_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

// -- registration errors -------------------------------------------------------------------------

TEST_CASE("registration rejects invalid metric and label names", "[metrics]") {
  CHECK(valid_metric_name("jobpilot_api:calls_total"));
  CHECK_FALSE(valid_metric_name(""));
  CHECK_FALSE(valid_metric_name("1abc"));
  CHECK_FALSE(valid_metric_name("job-pilot"));
  CHECK(valid_label_name("outcome_2"));
  CHECK_FALSE(valid_label_name("__name"));
  CHECK_FALSE(valid_label_name("a:b"));
  CHECK_FALSE(valid_label_name("2a"));

  registry reg;
  CHECK_THROWS_AS(reg.add_gauge("9lives", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("bad-name", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_value", "x", {"__reserved"}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_value", "x", {"bad-label"}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_value", "x", {"stage", "stage"}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_value", ""), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_histogram("test_seconds", "x", {"le"}, {1}), std::invalid_argument);
  CHECK(reg.render().empty());  // nothing half-registered
}

TEST_CASE("registration enforces _total on counters only and keeps histogram suffixes free", "[metrics]") {
  registry reg;
  CHECK_THROWS_WITH(reg.add_counter("test_requests", "x"), Catch::Contains("must end in _total"));
  CHECK_THROWS_AS(reg.add_gauge("test_requests_total", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_histogram("test_requests_total", "x", {}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_requests_count", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_requests_sum", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("test_requests_bucket", "x"), std::invalid_argument);
  CHECK_NOTHROW(reg.add_counter("test_requests_total", "x"));
}

TEST_CASE("registration rejects a duplicate family name", "[metrics]") {
  registry reg;
  reg.add_counter("test_requests_total", "x");
  CHECK_THROWS_WITH(reg.add_counter("test_requests_total", "y"), Catch::Contains("already registered"));
  reg.add_gauge("test_value", "x");
  CHECK_THROWS_AS(reg.add_histogram("test_value", "x", {}, {1}), std::invalid_argument);
  CHECK(reg.describe().size() == 2);
}

TEST_CASE("histogram bounds must be finite and strictly ascending", "[metrics]") {
  registry reg;
  CHECK_THROWS_AS(reg.add_histogram("test_a_seconds", "x", {}, {1, 0.5}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_histogram("test_b_seconds", "x", {}, {1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_histogram("test_c_seconds", "x", {}, {1, std::numeric_limits<double>::infinity()}),
                  std::invalid_argument);
  CHECK_THROWS_AS(reg.add_histogram("test_d_seconds", "x", {}, {std::nan("")}), std::invalid_argument);
  CHECK_NOTHROW(reg.add_histogram("test_e_seconds", "x", {}, {}));  // only +Inf
}

TEST_CASE("with() rejects the wrong number of label values and non-UTF-8 values", "[metrics]") {
  registry reg;
  auto& runs = reg.add_counter("test_runs_total", "Runs.", {"schedule", "result"});
  CHECK_THROWS_WITH(runs.with({"daily"}), Catch::Contains("expects 2 label value(s) (schedule, result), got 1"));
  CHECK_THROWS_AS(runs.with({"daily", "ok", "extra"}), std::invalid_argument);
  CHECK_THROWS_AS(runs.with(std::vector<std::string>{}), std::invalid_argument);
  CHECK_THROWS_AS(runs.with({"daily", "\xff"}), std::invalid_argument);
  auto& up = reg.add_gauge("test_up", "Up.");
  CHECK_THROWS_AS(up.with({"x"}), std::invalid_argument);
  auto& h = reg.add_histogram("test_seconds", "x", {"stage"}, {1});
  CHECK_THROWS_AS(h.with({}), std::invalid_argument);
  // The same values, given as a vector of strings, find the same child.
  CHECK(&runs.with({"daily", "ok"}) == &runs.with(std::vector<std::string>{"daily", "ok"}));
}

// -- concurrency ---------------------------------------------------------------------------------

TEST_CASE("8 threads x 100k increments give the exact totals", "[metrics]") {
  registry reg;
  auto& calls = reg.add_counter("test_calls_total", "Calls.", {"outcome"});
  auto& depth = reg.add_gauge("test_depth", "Depth.");
  auto& h = reg.add_histogram("test_seconds", "x", {}, {0.5});
  constexpr int threads = 8;
  constexpr int per_thread = 100'000;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto& ok = calls.with({"ok"});  // looked up once, then lock-free
      auto& mine = calls.with({t % 2 == 0 ? "even" : "odd"});
      auto& d = depth.with({});
      auto& hist = h.with({});
      for (int i = 0; i < per_thread; ++i) {
        ok.inc();
        mine.inc();
        d.inc();
        d.dec(0.5);
        hist.observe(i % 2 == 0 ? 0.25 : 1.0);
        if (i % 25'000 == 0) (void)reg.render();  // scrapes while the values change
      }
    });
  }
  for (auto& th : pool) th.join();
  CHECK(calls.with({"ok"}).value() == threads * per_thread);
  CHECK(calls.with({"even"}).value() == threads / 2 * per_thread);
  CHECK(depth.with({}).value() == threads * per_thread * 0.5);
  const auto s = h.with({}).read();
  CHECK(s.count == static_cast<std::uint64_t>(threads) * per_thread);
  CHECK(s.cumulative.front() == static_cast<std::uint64_t>(threads) * per_thread / 2);
  CHECK(s.sum == threads * per_thread * 0.625);
  CHECK_THAT(reg.render(), Catch::Contains("test_calls_total{outcome=\"ok\"} 800000\n"));
}

// -- the service's metrics -----------------------------------------------------------------------

namespace {

/// Every family of jobpilot_metrics with at least one non-zero child.
std::string populated_jobpilot_metrics() {
  registry reg;
  jobpilot_metrics m(reg, "1.2.3", 1.7e9);
  m.api_calls.with({"ok"}).inc(12);
  m.api_calls.with({"rate_limited"}).inc();
  m.api_request_duration.with({}).observe(1.2);
  m.api_quota_remaining.with({}).set(150);
  m.api_quota_limit.with({}).set(200);
  m.pages_collected.with({"stored"}).inc(12);
  m.breaker_state.with({"jsearch"}).set(2);
  m.breaker_openings.with({"jsearch"}).inc();
  m.stage_restarts.with({"processor"}).inc();
  m.dead_letters.with({"loader"}).inc();
  m.dead_letters_pending.with({"loader"}).set(1);
  m.jobs_processed.with({}).inc(100);
  m.jobs_failed.with({"missing_field"}).inc(3);
  m.processing_duration.with({}).observe(0.02);
  m.field_completeness.with({"salary"}).set(0.375);
  m.embedding_duration.with({}).observe(0.4);
  m.index_update_duration.with({}).observe(0.003);
  m.duplicates.with({"url"}).inc(4);
  m.jobs_loaded.with({"new"}).inc(90);
  m.load_duration.with({}).observe(0.15);
  m.stage_queue_depth.with({"embedder"}).compute([] { return 2.0; });
  m.collections.with({"loaded"}).set(11);
  m.oldest_unfinished_collection_age.with({}).set(42.5);
  m.cluster_workers.with({"lost"}).set(1);
  m.scheduler_runs.with({"daily_collection", "ok"}).inc();
  m.scheduler_next_fire.with({"daily_collection"}).set(1.7e9 + 3600);
  return reg.render();
}

}  // namespace

TEST_CASE("jobpilot_metrics declares every family once with the jobpilot_ prefix", "[metrics]") {
  registry reg;
  jobpilot_metrics m(reg, "", 0);
  const auto families = reg.describe();
  CHECK(families.size() == 27);
  for (const auto& f : families) {
    INFO(f.name);
    CHECK(f.name.rfind("jobpilot_", 0) == 0);
    CHECK_FALSE(f.help.empty());
  }
  const std::string text = reg.render();
  CHECK_THAT(text, Catch::Contains("jobpilot_build_info{version=\"unknown\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("jobpilot_breaker_state{dependency=\"jsearch\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("jobpilot_jobs_failed_total{reason=\"other\"} 0\n"));
  CHECK_THROWS_AS(jobpilot_metrics(reg, "", 0), std::invalid_argument);  // one set per registry

  const std::string table = jobpilot_metrics_table();
  CHECK(table.rfind("| Name | Type | Labels | Help |\n|---|---|---|---|\n", 0) == 0);
  for (const auto& f : families) CHECK_THAT(table, Catch::Contains("| `" + f.name + "` | "));
  CHECK_THAT(table, Catch::Contains("| `jobpilot_scheduler_runs_total` | counter | `schedule`, `result` | "));
}

TEST_CASE("promtool check metrics accepts the populated jobpilot metrics", "[metrics]") {
  const auto which = run("command -v promtool");
  if (which.exit_status != 0)
    FAIL("promtool is not on PATH: install the Debian package 'prometheus' (CI does); this test does not skip");
  const std::string text = populated_jobpilot_metrics();
  CHECK_THAT(text, Catch::Contains("jobpilot_api_quota_remaining_requests 150\n"));
  CHECK_THAT(text, Catch::Contains("jobpilot_stage_queue_depth{stage=\"embedder\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("jobpilot_scheduler_next_fire_timestamp_seconds{schedule=\"daily_collection\"} "
                                   "1700003600\n"));
  const std::string path = write_temp_file(text);
  const auto lint = run("promtool check metrics < '" + path + "'");
  std::remove(path.c_str());
  INFO("promtool output:\n" << lint.output);
  CHECK(lint.exit_status == 0);
  CHECK(lint.output.empty());
}

TEST_CASE("promtool check metrics reports a broken exposition (the check can fail)", "[metrics]") {
  const auto which = run("command -v promtool");
  if (which.exit_status != 0) FAIL("promtool is not on PATH: install the Debian package 'prometheus'");
  const std::string path = write_temp_file("# HELP jobpilot_things x\n# TYPE jobpilot_things counter\njobpilot_things 1\n");
  const auto lint = run("promtool check metrics < '" + path + "'");
  std::remove(path.c_str());
  CHECK(lint.exit_status != 0);
  CHECK_THAT(lint.output, Catch::Contains("_total"));
}
