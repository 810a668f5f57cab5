// `jobpilot-etl run`, the service, as a user runs it: the example config's schedule against the
// fake server, triggers, the quota condition, restarts after SIGKILL and SIGTERM, and every HTTP
// endpoint with good and bad input, checked against deploy/openapi.yaml.
#include "tests/service/service_harness.hpp"
#include "tests/support/openapi_check.hpp"

#include "storage/database.hpp"
#include "storage/schedule_run_repository.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace jobpilot;
using test::count;
using test::http_call;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// The latest 09:00 UTC at or before now.
std::int64_t latest_nine_utc() {
  const std::int64_t day = 86'400'000, nine = 9 * 3'600'000LL;
  const auto today = now_ms() / day * day;
  return now_ms() >= today + nine ? today + nine : today - day + nine;
}

void check_schema(const std::string& path, const std::string& method, const test::http_reply& r) {
  auto problems = test::openapi_problems(path, method, r.status, r.json());
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  INFO(method << " " << path << " -> " << r.status << ": " << r.body.substr(0, 2000) << "\n" << all);
  CHECK(problems.empty());
}

std::string bearer() { return "Bearer " + test::test_api_token; }

std::string state_of(const test::workspace& ws, const std::string& schedule, std::int64_t fire) {
  for (const auto& row : test::schedule_rows(ws, schedule))
    if (row.substr(row.find('@') + 1) == std::to_string(fire)) return row.substr(0, row.find('@'));
  return "";
}

}  // namespace

TEST_CASE("service: the example config runs its schedule against the fake server; missed days run once",
          "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "500", "--seed", "3"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  // The example config as shipped, on a free port.
  auto example = read_file(JOBPILOT_SOURCE_DIR "/config/jobpilot.example.yaml");
  example = std::regex_replace(example, std::regex("\n  port: 8080\n"), "\n  port: 0\n");
  ws.write_config(example);
  // The service last ran daily_collection two days ago: the fire times since then are one run now.
  const auto seeded = test::seed_past_run(ws, "daily_collection", 9);
  const auto due = latest_nine_utc();

  test::service_process svc(ws, fake.base_url(), {"JOBPILOT_API_TOKEN=" + test::test_api_token});
  const bool done = svc.wait_until([&] { return state_of(ws, "daily_collection", due) == "done"; },
                                   std::chrono::seconds(180));
  INFO(test::tail(svc.proc().output(), 6000));
  REQUIRE(done);
  CHECK(test::schedule_rows(ws, "daily_collection") ==
        std::vector<std::string>{"done@" + std::to_string(seeded), "done@" + std::to_string(due)});
  // 3 queries x 3 locations x 1 page, each bought once, all through the pipeline.
  CHECK(fake.total_calls() == 9);
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 9);
  const auto jobs = count(*db, "SELECT COUNT(*) FROM enhanced_jobs");
  CHECK(jobs > 0);
  // processing_batch (after_collection, 5 minutes) is now due 5 minutes after the run ended.
  long long finished = 0, batch = 0;
  db->with_session([&](soci::session& s) {
    s << "SELECT finished_at FROM schedule_runs WHERE schedule = 'daily_collection' AND fire_time = :f",
        soci::use(due), soci::into(finished);
    s << "SELECT fire_time FROM schedule_runs WHERE schedule = 'processing_batch'", soci::into(batch);
  });
  CHECK(batch == finished + 5 * 60'000);
  CHECK(state_of(ws, "processing_batch", batch) == "due");

  // The status endpoint shows the schedule and its next fire time (tomorrow's or today's 09:00 UTC).
  auto status = http_call(svc.base_url(), "GET", "/api/jobs/processing-status");
  REQUIRE(status.status == 200);
  check_schema("/api/jobs/processing-status", "get", status);
  const auto status_json = status.json();
  const auto& schedules = status_json.at("schedules").as_array();
  REQUIRE(schedules.size() == 3);
  CHECK(schedules[0].at("name") == "daily_collection");
  CHECK(std::string(schedules[0].at("next_fire").as_string()).substr(10) == "T09:00:00.000Z");

  // Metrics scraped from the running service: promtool finds nothing, and the counters moved by
  // what happened (9 calls, 9 pages stored, the jobs loaded, one successful scheduled run).
  auto metrics = http_call(svc.base_url(), "GET", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.headers["content-type"].rfind("text/plain; version=0.0.4", 0) == 0);
  const auto file = (t.path / "metrics.txt").string();
  std::ofstream(file) << metrics.body;
  auto lint = test::run_process({"/bin/sh", "-c", "promtool check metrics < " + file + " 2>&1"});
  INFO("promtool: " << lint.out << lint.err);
  CHECK(lint.exit_code == 0);
  CHECK(lint.out.empty());
  CHECK(test::metric_value(metrics.body, "jobpilot_api_calls_total", "outcome=\"ok\"") == 9);
  CHECK(test::metric_value(metrics.body, "jobpilot_api_calls_total") == 9);
  CHECK(test::metric_value(metrics.body, "jobpilot_api_request_duration_seconds_count") == 9);
  CHECK(test::metric_value(metrics.body, "jobpilot_pages_collected_total", "result=\"stored\"") == 9);
  CHECK(test::metric_value(metrics.body, "jobpilot_jobs_loaded_total", "kind=\"new\"") == jobs);
  CHECK(test::metric_value(metrics.body, "jobpilot_jobs_processed_total") ==
        count(*db, "SELECT COUNT(*) FROM processed_job_data"));
  // One per dedupe decision that found a duplicate (a posting seen again counts, though its source row exists).
  CHECK(test::metric_value(metrics.body, "jobpilot_duplicates_total") ==
        count(*db, "SELECT COUNT(*) FROM processed_job_data WHERE dedupe_reason <> 'canonical'"));
  CHECK(test::metric_value(metrics.body, "jobpilot_scheduler_runs_total",
                           "schedule=\"daily_collection\",result=\"ok\"") == 1);
  CHECK(test::metric_value(metrics.body, "jobpilot_collections", "status=\"loaded\"") == 9);
  CHECK(test::metric_value(metrics.body, "jobpilot_api_quota_remaining_requests") == 10000 - 9);
  CHECK(test::metric_value(metrics.body, "jobpilot_breaker_state", "dependency=\"jsearch\"") == 0);
  CHECK(test::metric_value(metrics.body, "jobpilot_scheduler_next_fire_timestamp_seconds",
                           "schedule=\"daily_collection\"") > static_cast<double>(now_ms()) / 1000.0);

  CHECK(svc.terminate() == 0);
}

TEST_CASE("service: after_collection fires after its delay, after_processing after that", "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  requests_per_second: 0\n"
      "schedules:\n"
      "  nightly:\n    trigger: \"cron(0 3 * * *)\"\n    queries: [nurse]\n    pages: 2\n"
      "  sweep:\n    trigger: after_collection\n    delay_minutes: 0.05\n"      // 3 s
      "  tidy:\n    trigger: after_processing\n    delay_minutes: 0.02\n"      // 1.2 s
      "http:\n  port: 0\n");
  test::seed_past_run(ws, "nightly", 3);
  test::service_process svc(ws, fake.base_url());
  const bool done = svc.wait_until(
      [&] {
        auto rows = test::schedule_rows(ws, "tidy");
        return !rows.empty() && rows.back().rfind("done@", 0) == 0;
      },
      std::chrono::seconds(120));
  INFO(test::tail(svc.proc().output(), 6000));
  REQUIRE(done);
  auto db = ws.db();
  long long nightly_end = 0, sweep_fire = 0, sweep_start = 0, sweep_end = 0, tidy_fire = 0, tidy_start = 0;
  db->with_session([&](soci::session& s) {
    s << "SELECT MAX(finished_at) FROM schedule_runs WHERE schedule = 'nightly'", soci::into(nightly_end);
    s << "SELECT fire_time, started_at, finished_at FROM schedule_runs WHERE schedule = 'sweep'", soci::into(sweep_fire),
        soci::into(sweep_start), soci::into(sweep_end);
    s << "SELECT fire_time, started_at FROM schedule_runs WHERE schedule = 'tidy'", soci::into(tidy_fire),
        soci::into(tidy_start);
  });
  CHECK(sweep_fire == nightly_end + 3'000);
  CHECK(sweep_start >= sweep_fire);
  CHECK(tidy_fire == sweep_end + 1'200);
  CHECK(tidy_start >= tidy_fire);
  // One of each: nothing chains further (tidy sets nothing off) and nothing repeats.
  CHECK(test::schedule_rows(ws, "sweep").size() == 1);
  CHECK(test::schedule_rows(ws, "tidy").size() == 1);
  CHECK(fake.total_calls() == 2);
  CHECK(svc.terminate() == 0);
}

TEST_CASE("service: the same schedule over an unchanged corpus costs at most one call per query the second time",
          "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "500", "--seed", "7"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  requests_per_second: 0\n  cache_ttl: 0ms\n"
      "schedules:\n  nightly:\n    trigger: \"cron(0 3 * * *)\"\n"
      "    queries: [\"software engineer\", \"data scientist\"]\n    pages: 3\n"
      "http:\n  port: 0\n");
  test::seed_past_run(ws, "nightly", 3);
  test::service_process svc(ws, fake.base_url());
  auto done_runs = [&] {
    int n = 0;
    for (const auto& row : test::schedule_rows(ws, "nightly")) n += row.rfind("done@", 0) == 0 ? 1 : 0;
    return n;
  };
  REQUIRE(svc.wait_until([&] { return done_runs() == 2; }, std::chrono::seconds(120)));
  const auto first = fake.total_calls();
  REQUIRE(first == 2 * 3);  // nothing was loaded before the first run: every page is bought
  // The next fire time, now (as cron would at its next time): a due row, taken up within a tick.
  {
    auto db = ws.db();
    storage::schedule_run_repository runs(db);
    REQUIRE(runs.add_due("nightly", now_ms(), "cron(0 3 * * *)", now_ms()));
  }
  const bool again = svc.wait_until([&] { return done_runs() == 3; }, std::chrono::seconds(120));
  INFO(test::tail(svc.proc().output(), 6000));
  REQUIRE(again);
  // Page 1 of each search holds only jobs loaded by the first run: pages 2 and 3 are not bought.
  CHECK(fake.total_calls() - first == 2);
  CHECK(svc.proc().output().find("jobs are stored already: the later pages of this search are not bought") !=
        std::string::npos);
  CHECK(svc.terminate() == 0);
}

TEST_CASE("service: a due run is skipped when its pages would cross the quota reserve", "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--monthly-quota", "12"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  requests_per_second: 0\n  quota_reserve: 5\n"
      "schedules:\n  nightly:\n    trigger: \"cron(0 3 * * *)\"\n    queries: [nurse, welder]\n    pages: 2\n"
      "http:\n  port: 0\n");
  // 5 of the 12 calls used: 7 left; the schedule's 4 pages would leave 3, below the reserve of 5.
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "python developer", "-n", "5"});
  REQUIRE(c.exit_code == 0);
  REQUIRE(fake.total_calls() == 5);
  test::seed_past_run(ws, "nightly", 3);
  test::service_process svc(ws, fake.base_url());
  std::string reason;
  const bool skipped = svc.wait_until(
      [&] {
        auto rows = test::schedule_rows(ws, "nightly");
        return rows.size() == 2 && rows.back().rfind("skipped@", 0) == 0;
      },
      std::chrono::seconds(60));
  INFO(test::tail(svc.proc().output(), 4000));
  REQUIRE(skipped);
  ws.db()->with_session([&](soci::session& s) {
    s << "SELECT reason FROM schedule_runs WHERE state = 'skipped'", soci::into(reason);
  });
  CHECK(reason == "quota: 4 page(s) would leave 3 call(s), below collector.quota_reserve 5");
  auto metrics = http_call(svc.base_url(), "GET", "/metrics").body;
  CHECK(test::metric_value(metrics, "jobpilot_scheduler_runs_total", "schedule=\"nightly\",result=\"skipped\"") == 1);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a few scheduler ticks: still no call
  CHECK(fake.total_calls() == 5);
  CHECK(svc.terminate() == 0);
}

TEST_CASE("service: a due run killed with SIGKILL runs to its end at the next start, once, nothing bought twice",
          "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "500", "--latency-ms", "400"});  // the run lasts a few seconds
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  requests_per_second: 0\n  workers: 2\n"
      "schedules:\n  nightly:\n    trigger: \"cron(0 3 * * *)\"\n"
      "    queries: [nurse, welder, \"python developer\"]\n    pages: 3\n"
      "http:\n  port: 0\n");
  const auto seeded = test::seed_past_run(ws, "nightly", 3);
  std::int64_t due = 0;
  {
    test::service_process svc(ws, fake.base_url());
    REQUIRE(svc.wait_until([&] { return fake.total_calls() >= 2; }, std::chrono::seconds(60)));
    // A scrape in the middle of the run passes promtool too, with the calls made so far.
    test::http_reply metrics;
    REQUIRE(svc.wait_until(
        [&] {
          metrics = http_call(svc.base_url(), "GET", "/metrics");
          return test::metric_value(metrics.body, "jobpilot_api_calls_total") >= 1;
        },
        std::chrono::seconds(30)));
    const auto file = (t.path / "metrics-mid-run.txt").string();
    std::ofstream(file) << metrics.body;
    auto lint = test::run_process({"/bin/sh", "-c", "promtool check metrics < " + file + " 2>&1"});
    INFO("promtool: " << lint.out << lint.err);
    CHECK(lint.exit_code == 0);
    CHECK(lint.out.empty());
    CHECK(test::metric_value(metrics.body, "jobpilot_scheduler_runs_total") == 0);  // the run is still going
    svc.proc().kill_now();
  }
  auto rows = test::schedule_rows(ws, "nightly");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].rfind("running@", 0) == 0);  // stranded by the kill
  due = std::stoll(rows[1].substr(rows[1].find('@') + 1));
  const auto calls_at_kill = fake.total_calls();
  CHECK(calls_at_kill < 9);

  test::service_process again(ws, fake.base_url());
  const bool done = again.wait_until([&] { return state_of(ws, "nightly", due) == "done"; }, std::chrono::seconds(120));
  INFO(test::tail(again.proc().output(), 6000));
  REQUIRE(done);
  CHECK(test::schedule_rows(ws, "nightly") ==
        std::vector<std::string>{"done@" + std::to_string(seeded), "done@" + std::to_string(due)});
  auto db = ws.db();
  // Every page stored once; a call can have been in flight on each of the 2 workers at the kill.
  CHECK(count(*db, "SELECT COUNT(DISTINCT query_hash) FROM raw_job_collections") == 9);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 9);
  CHECK(fake.total_calls() <= 9 + 2);
  CHECK(again.terminate() == 0);
}

TEST_CASE("service: SIGTERM during a run exits 0 within the grace time; the next start finishes the work",
          "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "500", "--latency-ms", "1500"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  requests_per_second: 0\n  workers: 1\n"
      "schedules:\n  nightly:\n    trigger: \"cron(0 3 * * *)\"\n    queries: [nurse, welder]\n    pages: 3\n"
      "http:\n  port: 0\n"
      "service:\n  shutdown_grace: 2s\n");
  test::seed_past_run(ws, "nightly", 3);
  {
    test::service_process svc(ws, fake.base_url());
    REQUIRE(svc.wait_until([&] { return fake.total_calls() >= 1; }, std::chrono::seconds(60)));
    const auto start = std::chrono::steady_clock::now();
    const int code = svc.terminate(std::chrono::seconds(20));
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(test::tail(svc.proc().output(), 4000));
    CHECK(code == 0);
    CHECK(took < 2.0 + 1.5);  // the grace time, and a little for the exit itself
    CHECK(fake.total_calls() < 6);
  }
  test::service_process again(ws, fake.base_url());
  const bool done = again.wait_until(
      [&] {
        auto rows = test::schedule_rows(ws, "nightly");
        return rows.size() == 2 && rows.back().rfind("done@", 0) == 0;
      },
      std::chrono::seconds(120));
  INFO(test::tail(again.proc().output(), 4000));
  REQUIRE(done);
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(DISTINCT query_hash) FROM raw_job_collections") == 6);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 6);
  CHECK(fake.total_calls() <= 6 + 1);
  CHECK(again.terminate() == 0);
}

TEST_CASE("service: every endpoint answers good and bad input as deploy/openapi.yaml says", "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config("collector:\n  requests_per_second: 0\nschedules:\nhttp:\n  port: 0\n  max_body_bytes: 1024\n"
                  "  max_header_bytes: 2048\n");
  test::service_process svc(ws, fake.base_url(), {"JOBPILOT_API_TOKEN=" + test::test_api_token});
  const auto& base = svc.base_url();
  auto get = [&](const std::string& target) { return http_call(base, "GET", target); };
  auto post = [&](const std::string& target, const std::string& body, const std::string& auth) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!auth.empty()) h.emplace_back("Authorization", auth);
    return http_call(base, "POST", target, body, h);
  };
  auto expect_error = [&](const test::http_reply& r, int status, const std::string& part) {
    INFO(r.body);
    CHECK(r.status == status);
    CHECK_THAT(std::string(r.json().at("error").as_string()), Catch::Contains(part));
  };

  auto r = get("/healthz");
  CHECK(r.status == 200);
  check_schema("/healthz", "get", r);
  r = get("/readyz");
  CHECK(r.status == 200);
  check_schema("/readyz", "get", r);
  r = get("/api/health");
  CHECK(r.status == 200);
  check_schema("/api/health", "get", r);

  // On-demand collection: the token is required, the body is checked, the run is followed.
  expect_error(post("/api/jobs/collect", R"({"query":"nurse"})", ""), 401, "bearer token");
  expect_error(post("/api/jobs/collect", R"({"query":"nurse"})", "Bearer wrong"), 401, "bearer token");
  expect_error(post("/api/jobs/collect", "not json", bearer()), 400, "not JSON");
  expect_error(post("/api/jobs/collect", R"({"query":"nurse","pages":0})", bearer()), 400, "pages: must be");
  expect_error(post("/api/jobs/collect", R"({"query":"nurse","page":2})", bearer()), 400, "unknown field 'page'");
  expect_error(post("/api/jobs/collect", R"({"location":"Boston"})", bearer()), 400, "query: required");
  r = post("/api/jobs/collect", R"({"query":")" + std::string(2000, 'x') + R"("})", bearer());
  CHECK(r.status == 413);
  CHECK(fake.total_calls() == 0);  // nothing refused cost a call
  r = post("/api/jobs/collect", R"({"query":"nurse","pages":2})", bearer());
  REQUIRE(r.status == 202);
  check_schema("/api/jobs/collect", "post", r);
  const std::string id(r.json().at("id").as_string());
  const std::string follow(r.json().at("status_url").as_string());
  REQUIRE(svc.wait_until([&] { return std::string(get(follow).json().at("state").as_string()) == "done"; },
                         std::chrono::seconds(60)));
  r = get(follow);
  check_schema("/api/jobs/collect/{id}", "get", r);
  CHECK(r.json().at("pages") == 2);
  CHECK(r.json().at("api_calls") == 2);
  CHECK(fake.total_calls() == 2);
  expect_error(get("/api/jobs/collect/api_collect-1"), 404, "no run with id");
  expect_error(get("/api/jobs/collect/garbage"), 404, "no run with id");

  // Jobs: the list with its ETL metadata, one job, filters, paging, bad parameters.
  r = get("/api/jobs?limit=5");
  REQUIRE(r.status == 200);
  check_schema("/api/jobs", "get", r);
  const auto total = r.json().at("total").as_int64();
  CHECK(total == count(*ws.db(), "SELECT COUNT(*) FROM enhanced_jobs"));
  const auto list = r.json();
  const auto& jobs = list.at("jobs").as_array();
  REQUIRE(jobs.size() == std::min<std::size_t>(5, static_cast<std::size_t>(total)));
  const std::string job_id(jobs[0].at("id").as_string());
  CHECK_FALSE(jobs[0].at("etl").at("source_collection_id").as_string().empty());
  CHECK(static_cast<std::int64_t>(jobs[0].at("etl").at("postings").as_array().size()) ==
        jobs[0].at("sources").as_int64());
  auto page2 = get("/api/jobs?limit=5&offset=5").json();
  CHECK(page2.at("offset") == 5);
  if (total > 5) CHECK(page2.at("jobs").as_array()[0].at("id") != jobs[0].at("id"));
  expect_error(get("/api/jobs?limit=0"), 400, "limit: must be an integer from 1 to 500");
  expect_error(get("/api/jobs?offset=-1"), 400, "offset");
  expect_error(get("/api/jobs?remote=maybe"), 400, "remote: must be true or false");
  expect_error(get("/api/jobs?min_salary=lots"), 400, "min_salary");
  r = get("/api/jobs/" + job_id);
  REQUIRE(r.status == 200);
  check_schema("/api/jobs/{id}", "get", r);
  CHECK(r.json().at("id") == job_id.c_str());
  r = get("/api/jobs/00000000-0000-0000-0000-000000000000");
  expect_error(r, 404, "no job with id");
  check_schema("/api/jobs/{id}", "get", r);

  // Semantic search.
  r = get("/api/jobs/search?q=" + std::string("registered%20nurse") + "&k=3");
  REQUIRE(r.status == 200);
  check_schema("/api/jobs/search", "get", r);
  CHECK(r.json().at("results").as_array().size() == std::min<std::size_t>(3, static_cast<std::size_t>(total)));
  expect_error(get("/api/jobs/search"), 400, "q: required");
  expect_error(get("/api/jobs/search?q=x&k=1000"), 400, "k: must be");

  // Reprocess.
  expect_error(post("/api/jobs/reprocess", "", ""), 401, "bearer token");
  expect_error(post("/api/jobs/reprocess", R"({"status":"everything"})", bearer()), 400, "status: must be");
  r = post("/api/jobs/reprocess", "", bearer());
  REQUIRE(r.status == 202);
  check_schema("/api/jobs/reprocess", "post", r);

  // Wrong paths and methods; a header block over the limit.
  expect_error(get("/api/nothing"), 404, "no such path");
  expect_error(get("/nothing"), 404, "no such path");
  expect_error(http_call(base, "DELETE", "/api/jobs"), 405, "method not allowed");
  expect_error(http_call(base, "GET", "/api/jobs/collect"), 405, "method not allowed");
  r = http_call(base, "GET", "/healthz", "", {{"X-Padding", std::string(4000, 'p')}});
  CHECK(r.status == 431);

  // The dashboard: one page from the binary, with no external assets.
  r = get("/");
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"] == "text/html; charset=utf-8");
  CHECK_THAT(r.body, Catch::Contains("<title>jobpilot-etl</title>"));
  CHECK(r.body.find("src=\"http") == std::string::npos);
  CHECK(r.body.find("href=\"http") == std::string::npos);

  // The token never appears in what the service wrote.
  CHECK(svc.terminate() == 0);
  CHECK(svc.proc().output().find(test::test_api_token) == std::string::npos);
}

TEST_CASE("service: an API reprocess of every collection makes the same dedupe decisions again", "[service]") {
  // The service's deduper kept the reset collections' old decisions in its index, and every reprocessed
  // posting became an update of its own old self.
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config("collector:\n  requests_per_second: 0\nschedules:\nhttp:\n  port: 0\n");
  test::service_process svc(ws, fake.base_url(), {"JOBPILOT_API_TOKEN=" + test::test_api_token});
  const auto& base = svc.base_url();
  auto post = [&](const std::string& target, const std::string& body) {
    return http_call(base, "POST", target, body, {{"Authorization", bearer()}});
  };
  auto follow = [&](const test::http_reply& accepted) {
    REQUIRE(accepted.status == 202);
    const std::string url(accepted.json().at("status_url").as_string());
    REQUIRE(svc.wait_until(
        [&] { return std::string(http_call(base, "GET", url).json().at("state").as_string()) == "done"; },
        std::chrono::seconds(60)));
  };
  auto decisions = [&] {
    std::vector<std::string> out;
    ws.db()->with_session([&](soci::session& s) {
      soci::rowset<soci::row> rs = (s.prepare << "SELECT jsearch_job_id, COALESCE(dedupe_reason, '-'), "
                                                 "COALESCE(duplicate_of, '-') FROM processed_job_data");
      for (const auto& row : rs)
        out.push_back(row.get<std::string>(0) + "|" + row.get<std::string>(1) + "|" + row.get<std::string>(2));
    });
    std::sort(out.begin(), out.end());
    return out;
  };
  follow(post("/api/jobs/collect", R"({"query":"nurse","pages":3})"));
  const auto first = decisions();
  REQUIRE(first.size() >= 20);
  follow(post("/api/jobs/reprocess", R"({"status":"all"})"));
  const auto again = decisions();
  CHECK(again == first);
  CHECK(svc.terminate() == 0);
}

TEST_CASE("service: POST endpoints are off without a configured token", "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "100"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config("schedules:\nhttp:\n  port: 0\n");
  test::service_process svc(ws, fake.base_url());
  auto r = http_call(svc.base_url(), "POST", "/api/jobs/collect", R"({"query":"nurse"})",
                     {{"Authorization", "Bearer anything"}});
  CHECK(r.status == 503);
  CHECK_THAT(r.body, Catch::Contains("JOBPILOT_API_TOKEN holds no API token"));
  CHECK(fake.total_calls() == 0);
  CHECK(svc.terminate() == 0);
}

TEST_CASE("service: /readyz is 503 until the database is there; /healthz answers at once", "[service]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "100"});
  // Nothing listens on this port: the service waits for its database, as at boot.
  test::workspace ws{"postgresql://postgres@127.0.0.1:9/jobpilot", t.path};
  ws.write_config("schedules:\nhttp:\n  port: 0\n");
  test::service_process svc(ws, fake.base_url(), {}, false);
  auto r = http_call(svc.base_url(), "GET", "/healthz");
  CHECK(r.status == 200);
  r = http_call(svc.base_url(), "GET", "/readyz");
  CHECK(r.status == 503);
  check_schema("/readyz", "get", r);
  CHECK(r.json().at("status") == "not ready");
  r = http_call(svc.base_url(), "GET", "/api/jobs");
  CHECK(r.status == 503);
  CHECK_THAT(std::string(r.json().at("error").as_string()), Catch::Contains("not ready"));
  CHECK(svc.terminate() == 0);  // stopped while waiting: nothing to hand back
}
