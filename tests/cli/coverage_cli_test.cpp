// End-to-end checks of README promises that no other test covered, run as a user runs the
// binaries (fake-jsearch on loopback, jobpilot-etl on a temp data dir): the reply cache and its
// TTL, the number of calls `run --once` makes, reprocess really running again, the `jobs`
// filters, the search index rebuilt when missing or stale, search-v2 cursors, collector dead
// letters and their paid replay, the JSearch circuit breaker seen from the server, the quota
// 429, and scripts/demo.sh.
#include "core/jsearch_query.hpp"
#include "net/http_client.hpp"
#include "storage/database.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

using namespace jobpilot;
using namespace std::chrono_literals;
using test::count;
namespace fs = std::filesystem;

namespace {

const std::string fast = "collector:\n  requests_per_second: 0\n";

using steady = std::chrono::steady_clock;

// Polls `done` every `step` until it holds or `limit` has passed; true when it held.
template <class F>
bool wait_until(F done, std::chrono::milliseconds limit, std::chrono::milliseconds step = 20ms) {
  const auto deadline = steady::now() + limit;
  while (true) {
    if (done()) return true;
    if (steady::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

double ms_since(steady::time_point t) { return std::chrono::duration<double, std::milli>(steady::now() - t).count(); }

// A column as text whatever type the backend gave it (NULL = "~"): the SQLite backend types an
// expression column by the value it finds in the first row.
std::string as_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "~";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return row.get<std::string>(i);
    case soci::dt_double: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", row.get<double>(i));
      return buf;
    }
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    default: return "?";
  }
}

// One text column of a query, in the query's order (NULL = "~").
std::vector<std::string> column(storage::database& db, const std::string& sql) {
  std::vector<std::string> out;
  db.with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << sql);
    for (const auto& r : rs) out.push_back(as_text(r, 0));
  });
  return out;
}

// Rows of two text columns as a map (first -> second).
std::map<std::string, std::string> pairs(storage::database& db, const std::string& sql) {
  std::map<std::string, std::string> out;
  db.with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << sql);
    for (const auto& r : rs) out[as_text(r, 0)] = as_text(r, 1);
  });
  return out;
}

// The non-empty pages a search has on a fake server, asked directly (the request the product
// sends for that search) page by page until an empty one. Use a separate fake with the same
// arguments, so the counts of the fake under test stay clean.
int pages_with_results(const std::string& base_url, const std::string& query, const std::string& location) {
  auto url = net::parse_url(base_url);
  REQUIRE(url);
  net::http_client client(*url, {});
  for (int page = 1; page <= 100; ++page) {
    net::http_request req;
    req.target = core::request_target(core::search_query(query, location, page, {"us", "", "all"}));
    req.headers = {{"X-RapidAPI-Key", "probe"}};
    auto res = client.send(req);
    REQUIRE(std::holds_alternative<net::http_response>(res));
    auto body = boost::json::parse(std::get<net::http_response>(res).body).as_object();
    if (body.at("data").as_array().empty()) return page - 1;
  }
  return 100;
}

// The JSON object printed last on stdout (progress lines go to stderr, but be lenient).
boost::json::object last_json(const std::string& out) {
  auto brace = out.rfind("\n{");
  return boost::json::parse(out.substr(brace == std::string::npos ? out.find('{') : brace + 1)).as_object();
}

std::string everything_under(const fs::path& dir) {
  std::string all;
  for (auto& f : test::files_under(dir)) all += test::read_file(f);
  return all;
}

// Lines of a log that tell of the JSearch breaker being open (its wording aside).
std::size_t breaker_open_lines(const std::string& log) {
  std::size_t n = 0;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    for (auto& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (line.find("breaker") != std::string::npos && line.find("open") != std::string::npos) ++n;
  }
  return n;
}

std::vector<fs::path> index_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (auto& e : fs::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (name.rfind("search_", 0) == 0 && e.path().extension() == ".hnsw") out.push_back(e.path());
  }
  return out;
}

}  // namespace

// -- 1: the reply cache ----------------------------------------------------------------------------

TEST_CASE("coverage: an identical collect within cache_ttl makes no call; --no-cache and an expired TTL do",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "7"});
  test::workspace ws{"sqlite:jobpilot.db", t.path / "a"};
  ws.write_config(fast);  // default cache_ttl: 1h
  const std::vector<std::string> search{"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "2"};

  auto first = ws.run(search);
  INFO(first.out << test::tail(first.err));
  REQUIRE(first.exit_code == 0);
  REQUIRE(fake.total_calls() == 2);
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections") == 2);

  auto cached = ws.run(search);
  INFO(cached.out << test::tail(cached.err));
  CHECK(cached.exit_code == 0);
  CHECK(fake.total_calls() == 2);  // nothing paid twice
  CHECK_THAT(cached.out, Catch::Contains("2 from cache") && Catch::Contains("0 API call(s)"));
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections") == 2);

  auto search_no_cache = search;
  search_no_cache.push_back("--no-cache");
  auto fresh = ws.run(search_no_cache);
  INFO(fresh.out << test::tail(fresh.err));
  CHECK(fresh.exit_code == 0);
  CHECK(fake.total_calls() == 4);
  CHECK_THAT(fresh.out, Catch::Contains("2 stored") && Catch::Contains("2 API call(s)"));
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections") == 4);

  // A short TTL: once it has passed, the same request is bought again.
  test::workspace short_ttl{"sqlite:jobpilot.db", t.path / "b"};
  short_ttl.write_config(fast + "  cache_ttl: 1s\n");
  const std::vector<std::string> one{"collect", "--base-url", fake.base_url(), "-q", "data scientist"};
  REQUIRE(short_ttl.run(one).exit_code == 0);
  const auto stored_at = steady::now();
  REQUIRE(fake.total_calls() == 5);
  std::this_thread::sleep_for(1200ms - (steady::now() - stored_at));
  auto expired = short_ttl.run(one);
  INFO(expired.out << test::tail(expired.err));
  CHECK(expired.exit_code == 0);
  CHECK(fake.total_calls() == 6);
  CHECK_THAT(expired.out, Catch::Contains("1 stored") && Catch::Contains("0 from cache"));
}

// -- 2: run --once buys queries x locations x pages, and not twice ------------------------------------

TEST_CASE("coverage: run --once makes queries x locations x pages calls, then none on a second run", "[cli]") {
  test::temp_dir t;
  const std::vector<std::string> corpus{"--postings", "40", "--seed", "11"};
  test::fake_jsearch probe(corpus);
  test::fake_jsearch fake(corpus);
  const std::vector<std::string> queries{"anything", "all openings"}, locations{"Atlantis", "Gotham"};
  // Every search has more than 3 pages of results (unknown places keep the whole result).
  for (auto& q : queries)
    for (auto& l : locations) REQUIRE(pages_with_results(probe.base_url(), q, l) >= 3);
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast + "run:\n  queries: [\"anything\", \"all openings\"]\n  locations: [\"Atlantis\", \"Gotham\"]\n"
                         "  pages: 3\n");
  auto run = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(run.out << test::tail(run.err));
  REQUIRE(run.exit_code == 0);
  CHECK(fake.total_calls() == 2 * 2 * 3);
  CHECK(fake.calls_with_outcome("ok") == 12);
  CHECK_THAT(run.err, Catch::Contains("collecting 12 page(s): 2 queries x 2 locations x 3 page(s)"));
  CHECK_THAT(run.out, Catch::Contains("API calls: 12"));
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections") == 12);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 12);
  const auto loaded = test::read_loaded_rows(*db);
  CHECK(loaded.jobs.size() > 0);

  // Right after: every page comes from the raw store, nothing is bought and nothing new is loaded.
  auto again = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(again.out << test::tail(again.err));
  CHECK(again.exit_code == 0);
  CHECK(fake.total_calls() == 12);
  CHECK_THAT(again.out, Catch::Contains("12 from cache") && Catch::Contains("API calls: 0"));
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections") == 12);
  CHECK(test::read_loaded_rows(*db) == loaded);
}

TEST_CASE("coverage: run --once buys fewer pages when a search runs out of results", "[cli]") {
  test::temp_dir t;
  const std::vector<std::string> corpus{"--postings", "40", "--seed", "11"};
  test::fake_jsearch probe(corpus);
  test::fake_jsearch fake(corpus);
  const int pages = 3;
  const std::vector<std::string> queries{"anything", "registered nurse"}, locations{"Atlantis", "Gotham"};
  // Calls per search: pages 1, 2, ... up to and including the first empty one, at most `pages`.
  std::int64_t expected = 0;
  bool short_search = false;
  for (auto& q : queries)
    for (auto& l : locations) {
      const int n = pages_with_results(probe.base_url(), q, l);
      expected += std::min(pages, n + 1);
      short_search = short_search || n + 1 < pages;
    }
  REQUIRE(short_search);  // the corpus gives one query fewer pages than asked
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast + "run:\n  queries: [\"anything\", \"registered nurse\"]\n"
                         "  locations: [\"Atlantis\", \"Gotham\"]\n  pages: 3\n");
  auto run = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(run.out << test::tail(run.err));
  CHECK(run.exit_code == 0);
  CHECK(fake.total_calls() == expected);
  CHECK(fake.total_calls() < 2 * 2 * pages);
  CHECK_THAT(run.out, Catch::Contains("API calls: " + std::to_string(expected)));
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections") == expected);
}

// -- 3: reprocess runs again and changes nothing in the result --------------------------------------------

namespace {

void reprocess_reruns(const test::workspace& ws, test::fake_jsearch& fake) {
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "3"}).exit_code == 0);
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  REQUIRE(p.exit_code == 0);
  auto db = ws.db();
  const auto ids = column(*db, "SELECT CAST(collection_id AS TEXT) FROM raw_job_collections ORDER BY collection_id");
  REQUIRE(ids.size() == 3);
  // When each collection's processing started, and when its processed rows were written.
  auto started = [&] {
    return pairs(*db, "SELECT CAST(collection_id AS TEXT), MAX(" + db->ts_out("started_at") +
                          ") FROM job_processing_log GROUP BY collection_id");
  };
  auto written = [&] {
    return pairs(*db, "SELECT CAST(l.collection_id AS TEXT), MAX(" + db->ts_out("d.created_at") +
                          ") FROM processed_job_data d JOIN job_processing_log l ON l.processing_id = d.processing_id "
                          "GROUP BY l.collection_id");
  };
  const auto loaded = test::read_loaded_rows(*db);
  const auto counts = test::row_counts(*db);
  const auto started_0 = started();
  const auto written_0 = written();
  REQUIRE(started_0.size() == 3);
  std::this_thread::sleep_for(20ms);  // time stamps have millisecond resolution

  auto one = ws.run({"reprocess", "--collection", ids[1]});
  INFO(one.out << test::tail(one.err));
  CHECK(one.exit_code == 0);
  CHECK_THAT(one.out, Catch::Contains("collections processed: 1 (0 failed, 0 partial)"));
  const auto started_1 = started();
  const auto written_1 = written();
  CHECK(started_1.at(ids[1]) > started_0.at(ids[1]));  // it ran again...
  CHECK(written_1.at(ids[1]) > written_0.at(ids[1]));
  CHECK(started_1.at(ids[0]) == started_0.at(ids[0]));  // ...and only that one
  CHECK(started_1.at(ids[2]) == started_0.at(ids[2]));
  CHECK(test::read_loaded_rows(*db) == loaded);  // to the same result
  CHECK(test::row_counts(*db) == counts);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 3);
  std::this_thread::sleep_for(20ms);

  auto all = ws.run({"reprocess", "--status", "all"});
  INFO(all.out << test::tail(all.err));
  CHECK(all.exit_code == 0);
  CHECK_THAT(all.out, Catch::Contains("collections processed: 3 (0 failed, 0 partial)"));
  const auto started_2 = started();
  const auto written_2 = written();
  for (auto& id : ids) {
    CHECK(started_2.at(id) > started_1.at(id));
    CHECK(written_2.at(id) > written_1.at(id));
  }
  CHECK(test::read_loaded_rows(*db) == loaded);
  CHECK(test::row_counts(*db) == counts);

  const std::string unknown = "123e4567-e89b-42d3-a456-426614174000";
  auto missing = ws.run({"reprocess", "--collection", unknown});
  INFO(missing.out << test::tail(missing.err));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.out + missing.err, Catch::Contains(unknown));
  CHECK(test::read_loaded_rows(*db) == loaded);
  CHECK(test::row_counts(*db) == counts);
}

}  // namespace

TEST_CASE("coverage: reprocess --collection and --status all run again and leave the loaded rows identical (SQLite)",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "5"});
  reprocess_reruns(test::workspace{"sqlite:jobpilot.db", t.path}, fake);
}

TEST_CASE("coverage: reprocess --collection and --status all run again and leave the loaded rows identical "
          "(PostgreSQL)",
          "[cli][pg]") {
  test::temp_dir t;
  test::pg_database pg;
  test::fake_jsearch fake({"--postings", "300", "--seed", "5"});
  reprocess_reruns(test::workspace{pg.url, t.path}, fake);
}

// -- 4: the jobs filters -------------------------------------------------------------------------------

namespace {

struct job_row {
  std::string id, title, company, location, posted_at;
  bool remote = false;
  std::optional<double> salary;  // annual max, else annual min
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains_ci(const std::string& text, const std::string& part) {
  return lower(text).find(lower(part)) != std::string::npos;
}

std::vector<job_row> all_jobs(storage::database& db) {
  const bool pg = db.kind() == storage::dialect::postgresql;
  std::vector<job_row> out;
  // Every column as text: the SQLite backend types an expression column by its first value.
  db.with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT CAST(id AS TEXT), title, COALESCE(company, ''), COALESCE(location_text, ''), " +
                          std::string(pg ? "CAST(CAST(COALESCE(is_remote, FALSE) AS INT) AS TEXT)"
                                         : "CAST(COALESCE(is_remote, 0) AS TEXT)") +
                          ", CAST(COALESCE(salary_annual_max, salary_annual_min) AS TEXT), COALESCE(" +
                          db.ts_out("posted_at") + ", '') FROM enhanced_jobs");
    for (const auto& r : rs) {
      job_row j;
      j.id = as_text(r, 0);
      j.title = as_text(r, 1);
      j.company = as_text(r, 2);
      j.location = as_text(r, 3);
      j.remote = as_text(r, 4) != "0";
      if (r.get_indicator(5) != soci::i_null) j.salary = std::stod(as_text(r, 5));
      j.posted_at = as_text(r, 6);
      out.push_back(std::move(j));
    }
  });
  return out;
}

std::set<std::string> ids_where(const std::vector<job_row>& jobs, const std::function<bool(const job_row&)>& pred) {
  std::set<std::string> out;
  for (auto& j : jobs)
    if (pred(j)) out.insert(j.id);
  return out;
}

void jobs_filters(const test::workspace& ws, test::fake_jsearch& fake) {
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "8"}).exit_code == 0);
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  REQUIRE(p.exit_code == 0);
  auto db = ws.db();
  const auto jobs = all_jobs(*db);
  REQUIRE(jobs.size() >= 40);

  auto listed = [&](std::vector<std::string> filter) {
    std::vector<std::string> args{"jobs", "--json", "-n", "100000"};
    args.insert(args.end(), filter.begin(), filter.end());
    auto r = ws.run(args);
    INFO(r.out << test::tail(r.err));
    REQUIRE(r.exit_code == 0);
    auto obj = boost::json::parse(r.out).as_object();  // the whole stdout is one JSON document
    CHECK(obj.at("total_jobs").as_int64() == static_cast<std::int64_t>(jobs.size()));
    std::set<std::string> ids;
    for (auto& j : obj.at("jobs").as_array()) ids.insert(std::string(j.at("id").as_string()));
    return ids;
  };
  auto all = listed({});
  CHECK(all.size() == jobs.size());

  // Each filter value is taken from the data so that it keeps some jobs and drops others.
  const std::string title = "engineer";
  auto by_title = ids_where(jobs, [&](const job_row& j) { return contains_ci(j.title, title); });
  REQUIRE_FALSE(by_title.empty());
  REQUIRE(by_title.size() < jobs.size());
  CHECK(listed({"--title", "ENGINEER"}) == by_title);

  std::map<std::string, int> companies, places;
  for (auto& j : jobs) {
    if (!j.company.empty()) ++companies[j.company];
    if (j.location.size() > 4) ++places[j.location.substr(j.location.size() - 6)];  // e.g. "CA, US"
  }
  auto most = [](const std::map<std::string, int>& m) {
    return std::max_element(m.begin(), m.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  };
  const std::string company = lower(most(companies)).substr(0, std::min<std::size_t>(6, most(companies).size()));
  auto by_company = ids_where(jobs, [&](const job_row& j) { return contains_ci(j.company, company); });
  REQUIRE(by_company.size() < jobs.size());
  CHECK(listed({"--company", company}) == by_company);

  const std::string place = most(places);
  auto by_place = ids_where(jobs, [&](const job_row& j) { return contains_ci(j.location, place); });
  REQUIRE(by_place.size() < jobs.size());
  CHECK(listed({"--location", place}) == by_place);

  auto remote = ids_where(jobs, [](const job_row& j) { return j.remote; });
  REQUIRE_FALSE(remote.empty());
  REQUIRE(remote.size() < jobs.size());
  CHECK(listed({"--remote"}) == remote);

  std::vector<double> salaries;
  for (auto& j : jobs)
    if (j.salary) salaries.push_back(*j.salary);
  REQUIRE(salaries.size() >= 4);
  std::sort(salaries.begin(), salaries.end());
  const double min_salary = std::floor(salaries[salaries.size() / 2]);
  auto by_salary = ids_where(jobs, [&](const job_row& j) { return j.salary && *j.salary >= min_salary; });
  REQUIRE_FALSE(by_salary.empty());
  CHECK(listed({"--min-salary", std::to_string(static_cast<long long>(min_salary))}) == by_salary);

  // Filters together: all of them hold.
  auto remote_engineers = ids_where(jobs, [&](const job_row& j) { return j.remote && contains_ci(j.title, title); });
  CHECK(listed({"--remote", "--title", title}) == remote_engineers);

  // -n N: the N newest.
  auto three = ws.run({"jobs", "--json", "-n", "3"});
  REQUIRE(three.exit_code == 0);
  auto newest = boost::json::parse(three.out).as_object().at("jobs").as_array();
  REQUIRE(newest.size() == 3);
  std::string oldest_shown = "~";
  std::set<std::string> shown;
  for (auto& j : newest) {
    shown.insert(std::string(j.at("id").as_string()));
    auto posted = j.at("posted_at").is_string() ? std::string(j.at("posted_at").as_string()) : std::string();
    if (oldest_shown == "~" || posted < oldest_shown) oldest_shown = posted;
  }
  // Jobs left out although newer than one shown (a job without a date is the oldest: "" sorts first).
  std::vector<std::string> newer_left_out;
  for (auto& j : jobs)
    if (!shown.count(j.id) && j.posted_at > oldest_shown) newer_left_out.push_back(j.id + " " + j.posted_at);
  INFO("oldest shown: '" << oldest_shown << "'");
  CHECK(newer_left_out.empty());

  // The text form says how many of how many.
  auto text = ws.run({"jobs", "--remote", "-n", "100000"});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::StartsWith(std::to_string(remote.size()) + " of " + std::to_string(jobs.size()) + " jobs"));
}

}  // namespace

TEST_CASE("coverage: jobs --title/--company/--location/--remote/--min-salary/-n return only matching rows (SQLite)",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "7"});
  jobs_filters(test::workspace{"sqlite:jobpilot.db", t.path}, fake);
}

TEST_CASE("coverage: jobs --title/--company/--location/--remote/--min-salary/-n return only matching rows "
          "(PostgreSQL)",
          "[cli][pg]") {
  test::temp_dir t;
  test::pg_database pg;
  test::fake_jsearch fake({"--postings", "300", "--seed", "7"});
  jobs_filters(test::workspace{pg.url, t.path}, fake);
}

// -- 5: the search index on disk ----------------------------------------------------------------------

TEST_CASE("coverage: search rebuilds a missing, stale or corrupt index file and still finds a job first", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "5"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "2"}).exit_code == 0);
  REQUIRE(ws.run({"process"}).exit_code == 0);
  auto db = ws.db();
  const auto first_ids = column(*db, "SELECT id FROM enhanced_jobs");

  auto search = [&](const std::string& text) {
    auto r = ws.run({"search", text, "-k", "3", "--json"});
    INFO(r.out << test::tail(r.err));
    REQUIRE(r.exit_code == 0);
    return r;
  };
  auto top = [](const test::process_result& r) {
    auto results = boost::json::parse(r.out).as_object().at("results").as_array();
    REQUIRE_FALSE(results.empty());
    return std::string(results[0].at("id").as_string());
  };

  auto s1 = search("software engineer");
  CHECK_THAT(s1.err, Catch::Contains("rebuilt from the database (" + std::to_string(first_ids.size()) + " jobs)"));
  auto files = index_files(t.path);
  REQUIRE(files.size() == 1);
  const auto index = files[0];
  CHECK_THAT(search("software engineer").err, Catch::Contains("loaded from " + index.string()));

  // More jobs loaded after that search: the file on disk is stale.
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "--page", "3", "-n", "2"}).exit_code == 0);
  REQUIRE(ws.run({"process"}).exit_code == 0);
  const auto total = count(*db, "SELECT COUNT(*) FROM job_embeddings");
  REQUIRE(total > static_cast<std::int64_t>(first_ids.size()));
  // A job of the second load, its own title and description as the query (a text no other job has).
  std::string probe_id, probe_text;
  db->with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id, title, description FROM enhanced_jobs e WHERE description IS NOT NULL AND "
                      "(SELECT COUNT(*) FROM enhanced_jobs o WHERE o.description = e.description) = 1 ORDER BY id");
    for (const auto& r : rs) {
      auto id = as_text(r, 0);
      if (std::find(first_ids.begin(), first_ids.end(), id) != first_ids.end()) continue;
      probe_id = id;
      probe_text = as_text(r, 1) + "\n" + as_text(r, 2);
      break;
    }
  });
  REQUIRE_FALSE(probe_id.empty());
  auto s2 = search(probe_text);
  CHECK_THAT(s2.err, Catch::Contains("rebuilt from the database (" + std::to_string(total) + " jobs)"));
  CHECK(top(s2) == probe_id);
  CHECK_THAT(search(probe_text).err, Catch::Contains("loaded from"));

  // The file deleted.
  REQUIRE(fs::remove(index));
  auto s3 = search(probe_text);
  CHECK_THAT(s3.err, Catch::Contains("rebuilt from the database (" + std::to_string(total) + " jobs)"));
  CHECK(top(s3) == probe_id);
  CHECK(fs::exists(index));

  // The file overwritten with garbage (a disk error, a bad copy).
  std::ofstream(index, std::ios::binary | std::ios::trunc) << std::string(4096, '\x7f');
  auto s4 = search(probe_text);
  CHECK_THAT(s4.err, Catch::Contains("rebuilt from the database (" + std::to_string(total) + " jobs)"));
  CHECK(top(s4) == probe_id);
}

// -- 6: search-v2 follows the cursor -------------------------------------------------------------------

TEST_CASE("coverage: collect --endpoint search-v2 -n 3 follows the cursor, three collections processed", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "7"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "--endpoint", "search-v2",
                   "-n", "3", "--json"});
  INFO(c.out << test::tail(c.err));
  REQUIRE(c.exit_code == 0);
  auto calls = fake.calls();
  const auto& by_path = calls.at("by_path").as_object();
  REQUIRE(by_path.contains("/search-v2"));
  CHECK(by_path.at("/search-v2").as_object().at("ok").as_int64() == 3);
  CHECK(calls.at("total").as_int64() == 3);
  CHECK_FALSE(by_path.contains("/search"));

  auto summary = last_json(c.out);
  CHECK(summary.at("stored").as_int64() == 3);
  std::set<std::string> collections;
  for (auto& r : summary.at("results").as_array()) collections.insert(std::string(r.at("collection_id").as_string()));
  CHECK(collections.size() == 3);

  auto db = ws.db();
  // The first page without a cursor, the next two each with the cursor the page before returned.
  auto params = column(*db, "SELECT query_params FROM raw_job_collections ORDER BY timestamp");
  REQUIRE(params.size() == 3);
  std::set<std::string> cursors;
  for (auto& p : params) {
    auto o = boost::json::parse(p).as_object();
    CHECK(o.at("endpoint").as_string() == "search-v2");
    if (auto* cur = o.if_contains("cursor")) cursors.insert(std::string(cur->as_string()));
  }
  CHECK(cursors.size() == 2);
  CHECK(boost::json::parse(params[0]).as_object().if_contains("cursor") == nullptr);

  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 3);
  // Three different pages: 30 different postings, all stored.
  CHECK(count(*db, "SELECT COUNT(DISTINCT jsearch_job_id) FROM processed_job_data") == 30);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == 30);
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs") > 0);
}

TEST_CASE("coverage: a repeated search-v2 collect within cache_ttl gets all its pages from the cache", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "7"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  const std::vector<std::string> args{"collect", "--base-url", fake.base_url(), "-q", "software engineer",
                                      "--endpoint", "search-v2", "-n", "3"};
  REQUIRE(ws.run(args).exit_code == 0);
  REQUIRE(fake.total_calls() == 3);
  auto again = ws.run(args);
  INFO(again.out << test::tail(again.err));
  CHECK(again.exit_code == 0);
  CHECK(fake.total_calls() == 3);
  // The cached first page must hand on its cursor, as the paid one did.
  CHECK_THAT(again.out, Catch::Contains("3 page(s), 0 stored, 3 from cache"));
}

// -- 7: collector dead letters ---------------------------------------------------------------------------

TEST_CASE("coverage: a refused key leaves one collector dead letter without the key; --include-paid replays it",
          "[cli]") {
  test::temp_dir t;
  const std::string right_key = "sk-right-5e6f7a8b9c0d1e2f";
  test::fake_jsearch fake({"--postings", "300", "--seed", "7", "--api-key", right_key});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  // The base URL in the configuration: reprocess has no --base-url.
  ws.write_config(fast + "jsearch:\n  base_url: " + fake.base_url() + "\n");
  auto c = ws.run({"collect", "-q", "data scientist"});  // with test::test_api_key, not the right one
  INFO(c.out << test::tail(c.err));
  CHECK(c.exit_code == 1);
  CHECK(fake.total_calls() == 1);
  CHECK(fake.calls_with_outcome("forbidden") == 1);
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations") == 1);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations WHERE stage = 'collector' AND status = 'pending'") == 1);
  auto row_text = [&] {
    return column(*db, "SELECT COALESCE(CAST(id AS TEXT), '') || '|' || stage || '|' || operation || '|' || "
                       "COALESCE(payload, '') || '|' || error || '|' || COALESCE(error_kind, '') || '|' || "
                       "status FROM failed_operations");
  };
  for (auto& row : row_text()) {
    INFO(row);
    CHECK_THAT(row, Catch::Contains("data scientist"));  // what to replay
    CHECK(row.find(test::test_api_key) == std::string::npos);
    CHECK(row.find(right_key) == std::string::npos);
  }
  CHECK(everything_under(t.path).find(test::test_api_key) == std::string::npos);  // database, logs, files

  // The right key now: the replay is one call, stored, and the dead letter resolved.
  auto r = test::run_process(ws.command({"reprocess", "--dead-letters", "--include-paid"}),
                             {"JSEARCH_API_KEY=" + right_key}, std::chrono::seconds(300));
  INFO(r.out << test::tail(r.err));
  CHECK(r.exit_code == 0);
  auto calls = fake.calls();
  CHECK(calls.at("total").as_int64() == 2);
  CHECK(fake.calls_with_outcome("ok") == 1);
  CHECK(calls.at("with_key").as_int64() == 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations") == 1);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations WHERE status = 'resolved'") == 1);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE http_status = 200") == 1);
  for (auto& row : row_text()) CHECK(row.find(right_key) == std::string::npos);
  CHECK(everything_under(t.path).find(right_key) == std::string::npos);
}

// -- 8: the JSearch circuit breaker, seen from the server ---------------------------------------------------

TEST_CASE("coverage: after max_failures no call reaches JSearch until reset_timeout, then exactly one probe",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--error-5xx-rate", "1"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  max_attempts: 4\n  backoff_initial: 10ms\n  backoff_max: 20ms\n  requests_per_second: 0\n"
      "jsearch:\n  breaker:\n    max_failures: 2\n    reset_timeout: 1s\n    max_reset_timeout: 2s\n");
  test::background_process c(ws.command({"collect", "--base-url", fake.base_url(), "-q", "software engineer"}),
                             {"JSEARCH_API_KEY=" + test::test_api_key}, true);
  // Two failures in quick succession (10-20 ms apart): the breaker opens.
  REQUIRE(wait_until([&] { return fake.total_calls() >= 2; }, 30s, 5ms));
  const auto opened = steady::now();
  CHECK(fake.total_calls() == 2);
  std::this_thread::sleep_for(600ms);
  CHECK(fake.total_calls() == 2);  // open: nothing goes out
  const auto log = t.path / "logs" / "collector.log";
  // The collector says so in its log (warnings are flushed at once).
  CHECK(breaker_open_lines(test::read_file(log)) >= 1);

  // The probe, not before reset_timeout (1 s from opening, plus up to 20 % jitter).
  REQUIRE(wait_until([&] { return fake.total_calls() >= 3; }, 5s, 5ms));
  const double waited = ms_since(opened);
  CHECK(waited >= 900);
  CHECK(waited < 2500);
  // The probe failed: open again, for longer (2 s, the max_reset_timeout); a single probe went out.
  const auto probed = steady::now();
  std::this_thread::sleep_for(1000ms);
  CHECK(fake.total_calls() == 3);
  // The last attempt is the next probe; then the page has used its 4 attempts.
  REQUIRE(wait_until([&] { return fake.total_calls() >= 4; }, 6s, 5ms));
  CHECK(ms_since(probed) >= 1800);
  const int exit_code = c.wait_exit(std::chrono::seconds(30));
  INFO(c.output());
  CHECK(exit_code == 1);
  CHECK(fake.total_calls() == 4);
  CHECK(fake.calls_with_outcome("error_5xx") == 4);
  INFO(test::read_file(log));
  CHECK(breaker_open_lines(test::read_file(log)) >= 2);  // the first opening and the failed probe's
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM failed_operations WHERE stage = 'collector'") == 1);
}

TEST_CASE("coverage: a JSearch that fails every probe is given up after 8 reopenings, with exit 1", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--error-5xx-rate", "1"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  max_attempts: 20\n  backoff_initial: 10ms\n  backoff_max: 20ms\n  requests_per_second: 0\n"
      "jsearch:\n  breaker:\n    max_failures: 2\n    reset_timeout: 50ms\n    max_reset_timeout: 100ms\n");
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "1"});
  INFO(c.out << test::tail(c.err));
  CHECK(c.exit_code == 1);
  // Two failures open the breaker; then one probe per reopening, 8 failed probes, and no more calls
  // although 10 of the page's 20 attempts are left.
  CHECK(fake.total_calls() == 2 + 8);
  CHECK_THAT(c.out + c.err, Catch::Contains("failed 8 probes in a row"));
  CHECK_THAT(c.out, Catch::Contains("circuit_open"));
}

// -- 9: the quota 429 ---------------------------------------------------------------------------------------

TEST_CASE("coverage: a quota 429 stops collection at once, and the next collect makes no call", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--quota-429-rate", "1"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  auto first = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "3"});
  INFO(first.out << test::tail(first.err));
  CHECK(first.exit_code == 1);
  CHECK(fake.total_calls() == 1);
  CHECK(fake.calls_with_outcome("quota_429") == 1);
  CHECK_THAT(first.out, Catch::Contains("collection stopped (quota_exhausted)") &&
                            Catch::Contains("2 page(s) not requested"));
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM api_usage WHERE http_status = 429") == 1);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations") == 0);  // not a dead letter: it resumes after the reset

  // A new process, another search, no cache: the guard is seeded from the stored ledger.
  auto second = ws.run({"collect", "--base-url", fake.base_url(), "-q", "data scientist", "--no-cache"});
  INFO(second.out << test::tail(second.err));
  CHECK(second.exit_code == 1);
  CHECK(fake.total_calls() == 1);
  CHECK_THAT(second.out, Catch::Contains("0 API call(s)") && Catch::Contains("quota"));
  CHECK_THAT(second.out + second.err, Catch::Contains("no call made"));
}

// -- 10: scripts/demo.sh ------------------------------------------------------------------------------------

// demo.sh works in the folder above its own (`cd "$(dirname "$0")/.."`), with the default data dir
// `data` there; it first runs scripts/setup.sh (apt-get when a package is missing) and cmake. The
// script offers no other data dir, so its own bytes run from a copy in a temp checkout, with
// stand-ins that record their arguments for setup.sh (a test must not install packages) and for
// cmake on PATH (the binary is already built: BUILD_DIR points at it). JSEARCH_API_KEY is unset,
// so the script starts the fake server and collects from it.
TEST_CASE("coverage: scripts/demo.sh runs run --once against the fake and prints the promised summary", "[cli]") {
  test::temp_dir t;
  const fs::path source = JOBPILOT_SOURCE_DIR;
  const fs::path root = t.path / "checkout";
  fs::create_directories(root / "scripts");
  fs::copy_file(source / "scripts" / "demo.sh", root / "scripts" / "demo.sh");
  const fs::path shim = t.path / "shim";
  fs::create_directories(shim);
  const fs::path steps = t.path / "steps.log";
  auto stand_in = [&](const fs::path& file, const std::string& name) {
    std::ofstream(file) << "#!/bin/sh\necho \"" << name << " $*\" >> '" << steps.string() << "'\n";
    fs::permissions(file, fs::perms::owner_all, fs::perm_options::add);
  };
  stand_in(root / "scripts" / "setup.sh", "setup");
  stand_in(shim / "cmake", "cmake");
  const fs::path build = fs::path(test::binary_path()).parent_path();
  const char* path = std::getenv("PATH");

  auto r = test::run_process({"/usr/bin/env", "-u", "JSEARCH_API_KEY", "/bin/bash", (root / "scripts/demo.sh").string()},
                             {"PATH=" + shim.string() + ":" + (path ? path : "/usr/bin:/bin"), "BUILD_DIR=" + build.string()},
                             std::chrono::seconds(600));
  INFO(r.out << test::tail(r.err));
  REQUIRE(r.exit_code == 0);
  const auto log = test::read_file(steps);
  CHECK(log.rfind("setup", 0) == 0);  // packages first
  CHECK_THAT(log, Catch::Contains("cmake -S . -B " + build.string()));
  CHECK_THAT(log, Catch::Contains("cmake --build " + build.string() + " --target jobpilot-etl"));
  CHECK_THAT(r.out, Catch::Contains("no JSEARCH_API_KEY: using the fake JSearch server on http://127.0.0.1:"));
  // The summary: collections, jobs processed and failed, duplicates by reason, jobs loaded, time, and
  // the commands to list and search. The default run: 3 queries x 3 locations x 1 page.
  CHECK_THAT(r.out, Catch::Contains("pages collected: 9 (0 failed, 0 from cache"));
  CHECK_THAT(r.out, Catch::Contains("collections processed: 9 (0 failed, 0 partial)"));
  CHECK_THAT(r.out, Catch::Contains("jobs processed: ") && Catch::Contains(", failed: 0\n"));
  CHECK_THAT(r.out, Catch::Contains("duplicates by reason"));
  CHECK_THAT(r.out, Catch::Contains("jobs loaded:"));
  CHECK_THAT(r.out, Catch::Contains("time:"));
  CHECK_THAT(r.out, Catch::Contains("list the jobs:") && Catch::Contains("search the jobs:"));

  // It wrote to data/ beside its scripts/ folder, and the listed command shows what it loaded.
  test::workspace ws{"sqlite:jobpilot.db", root / "data"};
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 9);
  const auto jobs = count(*db, "SELECT COUNT(*) FROM enhanced_jobs");
  CHECK(jobs > 0);
  auto line_start = r.out.find("list the jobs:");
  REQUIRE(line_start != std::string::npos);
  std::string line = r.out.substr(line_start, r.out.find('\n', line_start) - line_start);
  std::istringstream words(line.substr(std::string("list the jobs:").size()));
  std::vector<std::string> cmd;
  for (std::string w; words >> w;) cmd.push_back(w);
  REQUIRE(cmd.size() >= 2);
  CHECK(cmd.back() == "jobs");
  if (!fs::path(cmd[0]).is_absolute()) cmd[0] = (root / cmd[0]).string();
  auto listed = test::run_process(cmd, {}, std::chrono::seconds(120), root.string());
  INFO(listed.out << listed.err);
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains(" of " + std::to_string(jobs) + " jobs"));

  // The fake server it started is gone.
  auto at = r.out.find("http://127.0.0.1:");
  REQUIRE(at != std::string::npos);
  auto url_text = r.out.substr(at, r.out.find_first_of(" \n", at) - at);
  auto url = net::parse_url(url_text);
  REQUIRE(url);
  net::http_client_options quick;
  quick.connect_timeout = quick.total_timeout = std::chrono::milliseconds(2000);
  net::http_client client(*url, quick);
  net::http_request req;
  req.target = "/__calls";
  CHECK(std::holds_alternative<net::http_failure>(client.send(req)));
}

// -- the quota alert ---------------------------------------------------------------------------------

TEST_CASE("cli: 80 % of the monthly quota used raises one alert: a log line, a row, and status shows it", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--monthly-quota", "20"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  // 15 calls: 75 % used, no alert yet.
  auto first = ws.run({"collect", "--base-url", fake.base_url(), "-q", "python developer", "-n", "15"});
  INFO(first.out << test::tail(first.err));
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.err, !Catch::Contains("ALERT"));
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM alerts") == 0);
  // 3 more: the 16th call crosses 80 %; the 17th and 18th do not raise it again.
  auto second = ws.run({"collect", "--base-url", fake.base_url(), "-q", "data engineer", "-n", "3"});
  INFO(second.out << test::tail(second.err));
  REQUIRE(second.exit_code == 0);
  CHECK(fake.total_calls() == 18);
  CHECK_THAT(second.err, Catch::Contains("ALERT: JSearch quota 80 % used (16 of 20 calls)"));
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM alerts WHERE kind = 'quota_80_percent'") == 1);
  auto status = ws.run({"status"});
  REQUIRE(status.exit_code == 0);
  CHECK_THAT(status.out, Catch::Contains("alerts (newest first):") &&
                             Catch::Contains("JSearch quota 80 % used (16 of 20 calls)"));
  auto json = ws.run({"status", "--json"});
  REQUIRE(json.exit_code == 0);
  auto alerts = boost::json::parse(json.out).as_object().at("alerts").as_array();
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].as_object().at("kind").as_string() == "quota_80_percent");
}
