// Regression tests for what issue 6 saw under faults, one TEST_CASE (or more) per point, run
// as a user runs the binaries: real files, real SQLite or PostgreSQL, the fake server's fault
// flags, SIGKILL. Each failed before the stage machine and supervision rework.
#include "core/ids.hpp"
#include "storage/database.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <fstream>
#include <set>
#include <thread>

using namespace jobpilot;
using test::count;

namespace {

const std::string fast = "collector:\n  requests_per_second: 0\n";

std::vector<std::filesystem::path> body_files(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> out;
  for (auto& p : test::files_under(root)) {
    auto name = p.filename().string();
    if (name.rfind("jsearch_", 0) == 0 && name.find(".meta.json") == std::string::npos && name[0] != '.')
      out.push_back(p);
  }
  return out;
}

std::set<std::string> sha_of_files(const std::vector<std::filesystem::path>& files) {
  std::set<std::string> out;
  for (auto& f : files) out.insert(core::sha256_hex(test::read_file(f)));
  return out;
}

// Copies a SQLite workspace (database, WAL and raw files) while nothing writes to it.
test::workspace copy_sqlite(const test::workspace& from, const std::filesystem::path& to) {
  std::filesystem::copy(from.dir, to, std::filesystem::copy_options::recursive);
  test::workspace w = from;
  w.dir = to;
  return w;
}

int run_quietly(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

// A small tmpfs mounted for the test (CI runs as root), unmounted at the end.
struct small_filesystem {
  std::filesystem::path path;
  small_filesystem(std::filesystem::path p, const std::string& size) : path(std::move(p)) {
    std::filesystem::create_directories(path);
    REQUIRE(run_quietly("mount -t tmpfs -o size=" + size + " tmpfs " + path.string()) == 0);
  }
  ~small_filesystem() { run_quietly("umount -l " + path.string()); }
};

}  // namespace

// -- 1: paid replies lost on a full disk while collect reported success ------------------------------

TEST_CASE("regression 6.1: a filling data disk loses no paid reply, stops buying at once and exits 1", "[cli][root]") {
  test::temp_dir t;
  small_filesystem data(t.path / "data", "400k");
  auto spool = t.path / "spool";
  test::fake_jsearch fake({"--postings", "300", "--seed", "7"});
  test::workspace ws{"sqlite:jobpilot.db", data.path};
  ws.write_config(fast + "  spool_dir: " + spool.string() + "\n");
  auto run = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "15", "--no-cache"});
  INFO(run.out << test::tail(run.err));
  CHECK(run.exit_code == 1);
  const auto calls = fake.calls();
  const auto total = calls.at("total").as_int64();
  std::set<std::string> sent;
  for (auto& s : calls.at("sent_sha256").as_array()) sent.insert(std::string(s.as_string()));
  // Every reply the server sent is kept: as a file in the data dir, as a row, or in the spool.
  auto kept = sha_of_files(body_files(data.path / "raw_collections"));
  auto spooled = sha_of_files(body_files(spool));
  kept.insert(spooled.begin(), spooled.end());
  try {
    ws.db()->with_session([&](soci::session& s) {
      soci::rowset<std::string> rs = (s.prepare << "SELECT body_sha256 FROM raw_job_collections");
      for (auto& x : rs) kept.insert(x);
    });
  } catch (const std::exception&) {
  }
  CHECK(total >= 1);
  CHECK(total < 15);  // collection stopped when the disk filled
  CHECK(static_cast<std::int64_t>(sent.size()) == total);
  for (auto& s : sent) CHECK(kept.count(s) == 1);
  CHECK_THAT(run.out + run.err, Catch::Contains("collection stopped"));
}

TEST_CASE("regression 6.1: a reply that neither the data dir nor the database can take goes to the spool",
          "[cli][root]") {
  test::temp_dir t;
  small_filesystem data(t.path / "data", "4m");
  auto spool = t.path / "spool";
  // The reply takes 3 s: the disk fills up while the call is out (the database is already open).
  test::fake_jsearch fake({"--postings", "300", "--seed", "7", "--latency-ms", "3000"});
  test::workspace ws{"sqlite:jobpilot.db", data.path};
  ws.write_config(fast + "  spool_dir: " + spool.string() + "\n");
  REQUIRE(ws.run({"migrate"}).exit_code == 0);
  test::background_process c(
      ws.command({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "5", "--no-cache"}),
      {"JSEARCH_API_KEY=" + test::test_api_key}, true);
  for (int i = 0; i < 100 && fake.total_calls() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(fake.total_calls() == 1);
  run_quietly("dd if=/dev/zero of=" + (data.path / "filler").string() + " bs=4k");  // the disk is full now
  const int exit_code = c.wait_exit(std::chrono::seconds(120));
  struct {
    std::string out, err;
  } run{c.output(), ""};
  INFO(run.out);
  CHECK(exit_code == 1);
  CHECK(fake.total_calls() == 1);  // no call after the first failed write
  const auto calls = fake.calls();
  auto spooled = body_files(spool);
  REQUIRE(spooled.size() == 1);
  CHECK(core::sha256_hex(test::read_file(spooled[0])) == std::string(calls.at("sent_sha256").as_array().at(0).as_string()));
  CHECK_THAT(run.out + run.err, Catch::Contains("kept in the spool"));
  // Room again: the next run imports the spooled reply and processes it.
  std::filesystem::remove(data.path / "filler");
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 0);
  CHECK_THAT(p.out, Catch::Contains("imported 1 raw collection(s)"));
  CHECK(body_files(spool).empty());
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 1);
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM job_sources") == 10);
}

// -- 2: work stranded between the processor's commit and the loader's --------------------------------

TEST_CASE("regression 6.2: process killed with SIGKILL and run again loads what an undisturbed run loads", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "1200", "--seed", "3"});
  test::workspace ws{"sqlite:jobpilot.db", t.path / "a"};
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "100"}).exit_code == 0);
  auto undisturbed = copy_sqlite(ws, t.path / "b");
  auto u = undisturbed.run({"process"});
  REQUIRE(u.exit_code == 0);

  test::background_process p(ws.command({"process"}), {"JSEARCH_API_KEY=" + test::test_api_key}, true);
  REQUIRE_FALSE(p.wait_for_line("[", std::chrono::seconds(120)).empty());  // the first progress line
  p.kill_now();
  auto again = ws.run({"process"});
  INFO(again.out << test::tail(again.err));
  CHECK(again.exit_code == 0);
  auto db = ws.db();
  CHECK(test::read_loaded_rows(*db) == test::read_loaded_rows(*undisturbed.db()));
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data WHERE load_status <> 'loaded'") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status NOT IN ('loaded', 'partial')") == 0);
}

// -- 3: process hung forever once a stage gave up ------------------------------------------------------

TEST_CASE("regression 6.3: corrupt stored replies end process with exit 1 promptly, intact copies are used", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "5"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "4"}).exit_code == 0);
  std::vector<std::string> ids;
  std::vector<std::string> files;
  ws.db()->with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT collection_id, file_path FROM raw_job_collections ORDER BY timestamp");
    for (auto& r : rs) {
      ids.push_back(r.get<std::string>(0));
      files.push_back(r.get<std::string>(1));
    }
  });
  REQUIRE(ids.size() == 4);
  ws.db()->with_session([&](soci::session& s) {
    s << "UPDATE raw_collection_bodies SET raw_body_encoding = 'base64', raw_body = '%%% not base64 %%%' "
         "WHERE collection_id IN ('" + ids[0] + "', '" + ids[1] + "')";
  });
  std::filesystem::remove(files[1]);  // the second one has no intact copy left anywhere
  auto started = std::chrono::steady_clock::now();
  auto p = ws.run({"process"}, std::chrono::seconds(120));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 1);
  CHECK(seconds < 60);
  CHECK_THAT(p.out + p.err, Catch::Contains(ids[1]));
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 3);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'failed' AND collection_id = '" +
                       ids[1] + "'") == 1);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == 30);
}

// -- 4: the quota guard started empty in every process ---------------------------------------------

TEST_CASE("regression 6.4: a spent quota stops the next collect before any call", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--monthly-quota", "3"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  auto first = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "3"});
  REQUIRE(first.exit_code == 0);
  REQUIRE(fake.total_calls() == 3);
  auto second = ws.run({"collect", "--base-url", fake.base_url(), "-q", "data scientist", "--no-cache"});
  INFO(second.out << second.err);
  CHECK(second.exit_code == 1);
  CHECK(fake.total_calls() == 3);
  CHECK_THAT(second.out + second.err, Catch::Contains("quota"));
}

TEST_CASE("regression 6.4: quota_reserve holds across processes", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--monthly-quota", "10"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast + "  quota_reserve: 5\n");
  auto first = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-n", "10"});
  CHECK(fake.total_calls() == 5);
  auto second = ws.run({"collect", "--base-url", fake.base_url(), "-q", "data scientist", "--no-cache"});
  INFO(second.out << second.err);
  CHECK(second.exit_code == 1);
  CHECK(fake.total_calls() == 5);
}

TEST_CASE("regression 6.4: concurrent workers never call past the quota", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--monthly-quota", "4"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(
      "collector:\n  workers: 2\n  requests_per_second: 2\n"
      "run:\n  queries: [\"software engineer\", \"data scientist\"]\n  locations: []\n  pages: 3\n");
  auto run = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(run.out << test::tail(run.err));
  CHECK(fake.total_calls() == 4);
  CHECK(fake.calls_with_outcome("quota_exhausted") == 0);
  CHECK(fake.calls_with_outcome("quota_429") == 0);
}

// -- 5: two process runs at once ---------------------------------------------------------------------

namespace {

void two_processes_at_once(const test::workspace& ws, const test::workspace& reference) {
  auto u = reference.run({"process"});
  REQUIRE(u.exit_code == 0);
  test::background_process a(ws.command({"process", "--json"}), {"JSEARCH_API_KEY=" + test::test_api_key});
  test::background_process b(ws.command({"process", "--json"}), {"JSEARCH_API_KEY=" + test::test_api_key});
  auto ra = a.wait_exit(std::chrono::seconds(600));
  auto rb = b.wait_exit(std::chrono::seconds(600));
  INFO(a.output() << "\n---\n" << b.output());
  CHECK(ra == 0);
  CHECK(rb == 0);
  for (auto* p : {&a, &b}) {
    auto out = p->output();
    auto brace = out.rfind("\n{");
    auto summary = boost::json::parse(out.substr(brace == std::string::npos ? out.find('{') : brace + 1)).as_object();
    CHECK(summary.at("jobs_updated").as_int64() >= 0);
  }
  auto db = ws.db();
  CHECK(test::read_loaded_rows(*db) == test::read_loaded_rows(*reference.db()));
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs e WHERE NOT EXISTS (SELECT 1 FROM job_sources s WHERE s.job_id = e.id)") == 0);
}

}  // namespace

TEST_CASE("regression 6.5: two process runs at once give the rows of one run (SQLite)", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "1200", "--seed", "9"});
  test::workspace ws{"sqlite:jobpilot.db", t.path / "a"};
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "100"}).exit_code == 0);
  two_processes_at_once(ws, copy_sqlite(ws, t.path / "b"));
}

TEST_CASE("regression 6.5: two process runs at once give the rows of one run (PostgreSQL)", "[cli][pg]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "1200", "--seed", "9"});
  test::pg_database pg;
  test::workspace ws{pg.url, t.path};
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "100"}).exit_code == 0);
  test::pg_database copy(pg.name);
  two_processes_at_once(ws, test::workspace{copy.url, t.path});
}

// -- 6: replies on disk that the database does not know ----------------------------------------------

TEST_CASE("regression 6.6: replies only on disk are imported before the cache is asked, with or without meta file",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace first{"sqlite:first.db", t.path};
  first.write_config(fast);
  REQUIRE(first.run({"collect", "--base-url", fake.base_url(), "-q", "accountant", "-n", "2"}).exit_code == 0);
  REQUIRE(fake.total_calls() == 2);
  auto drop_db = [&](const std::string& name) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(t.path / (name + suffix));
  };
  drop_db("first.db");

  // The same pages again on a database that never saw them: answered from the replies on disk.
  test::workspace second{"sqlite:second.db", t.path};
  auto again = second.run({"collect", "--base-url", fake.base_url(), "-q", "accountant", "-n", "2"});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(fake.total_calls() == 2);
  drop_db("second.db");

  // A body whose meta file is gone is imported from the body alone.
  auto bodies = body_files(t.path / "raw_collections");
  REQUIRE(bodies.size() == 2);
  auto meta = bodies[0];
  meta.replace_filename(meta.stem().string() + ".meta.json");
  REQUIRE(std::filesystem::remove(meta));
  test::workspace third{"sqlite:third.db", t.path};
  auto p = third.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 0);
  auto db = third.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections") == 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == count(*db, "SELECT COUNT(*) FROM processed_job_data"));
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") >= 11);  // a full first page and a second one
}

TEST_CASE("regression 6.6: a collection_requests row that cannot be written does not lose the raw rows", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  REQUIRE(ws.run({"migrate"}).exit_code == 0);
  ws.db()->with_session([](soci::session& s) {
    s << "CREATE TRIGGER refuse_requests BEFORE INSERT ON collection_requests BEGIN SELECT RAISE(ABORT, 'refused'); END";
  });
  auto run = ws.run({"collect", "--base-url", fake.base_url(), "-q", "accountant", "-n", "2"});
  INFO(run.out << run.err);
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections") == 2);
}

// -- 7: one invalid UTF-8 byte rejected a whole paid page ----------------------------------------------

TEST_CASE("regression 6.7: pages with invalid UTF-8 are kept byte for byte and their jobs loaded", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--invalid-utf8-rate", "1"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "5"});
  INFO(c.out << c.err);
  REQUIRE(c.exit_code == 0);
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 0);
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == 50);
  std::set<std::string> sent;
  const auto calls = fake.calls();  // kept: the loop below reads into it
  for (auto& s : calls.at("sent_sha256").as_array()) sent.insert(std::string(s.as_string()));
  std::set<std::string> stored;
  db->with_session([&](soci::session& s) {
    soci::rowset<std::string> rs = (s.prepare << "SELECT body_sha256 FROM raw_job_collections");
    for (auto& x : rs) stored.insert(x);
  });
  CHECK(stored == sent);
}

// -- 8: exit codes ---------------------------------------------------------------------------------

TEST_CASE("regression 6.8: process exits 1 when a collection fails or a file cannot be imported", "[cli]") {
  test::temp_dir t;
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  auto day = t.path / "raw_collections" / "2026" / "11" / "01";
  std::filesystem::create_directories(day);
  core::uuid_generator ids;
  // A reply whose data is not a list of jobs (pending until processing says otherwise).
  std::ofstream(day / ("jsearch_" + ids.next() + ".json")) << R"({"status":"OK","request_id":"x","data":"oops"})";
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 1);
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'failed'") == 1);

  auto re = ws.run({"reprocess", "--status", "failed"});
  CHECK(re.exit_code == 1);

  // A body that cannot be read is a failed import.
  std::filesystem::create_symlink(t.path / "nowhere.json", day / ("jsearch_" + ids.next() + ".json"));
  auto q = ws.run({"process"});
  INFO(q.out << test::tail(q.err));
  CHECK(q.exit_code == 1);
  CHECK_THAT(q.err, Catch::Contains("not imported"));
}

// -- 9: paying twice ------------------------------------------------------------------------------

TEST_CASE("regression 6.9: collect and run --once make one request for one search", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast + "jsearch:\n  country: de\n  date_posted: week\n  language: de\n"
                  "run:\n  queries: [\"software engineer\"]\n  locations: [\"Berlin\"]\n  pages: 1\n");
  REQUIRE(ws.run({"run", "--once", "--base-url", fake.base_url()}).exit_code == 0);
  REQUIRE(fake.total_calls() == 1);
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "software engineer", "-l", "Berlin"});
  INFO(c.out << c.err);
  CHECK(c.exit_code == 0);
  CHECK(fake.total_calls() == 1);
}

TEST_CASE("regression 6.9: no page is bought after an empty one, whatever the number of workers", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "15"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config("collector:\n  workers: 6\n  requests_per_second: 0\n");
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "10"});
  INFO(c.out << c.err);
  CHECK(fake.total_calls() == 3);  // 10 jobs, 5 jobs, empty
}

// -- 10: the smaller ones --------------------------------------------------------------------------

TEST_CASE("regression 6.10: a 20 MB reply is stored without a memory blow-up", "[cli]") {
  test::temp_dir t;
  auto responses = t.path / "responses";
  std::filesystem::create_directories(responses);
  {
    std::ofstream out(responses / "big.json");
    out << R"({"status":"OK","request_id":"big","data":[)";
    std::string words;
    while (words.size() < 2'000'000) words += "Build reliable data pipelines in C++ and SQL for our customers. ";
    for (int i = 0; i < 10; ++i)
      out << (i ? "," : "") << R"({"job_id":"BIG)" << i << R"(==","job_title":"Engineer )" << i
          << R"(","employer_name":"Acme","job_description":")" << words << R"("})";
    out << "]}";
  }
  test::fake_jsearch fake({"--responses", responses.string()});
  test::workspace ws{"sqlite:jobpilot.db", t.path / "data"};
  ws.write_config(fast);
  auto c = ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything"});
  INFO(c.out << c.err);
  REQUIRE(c.exit_code == 0);
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM raw_job_collections WHERE body_bytes > 20000000") == 1);
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 0);
  CHECK(count(*ws.db(), "SELECT COUNT(*) FROM job_sources") == 10);
  // Before: 156 MB to collect and 376 MB to process the 20 MB reply.
  INFO("peak RSS: collect " << c.max_rss_kb / 1024 << " MB, process " << p.max_rss_kb / 1024 << " MB");
  CHECK(c.max_rss_kb < 100 * 1024);
  CHECK(p.max_rss_kb < 160 * 1024);
}

TEST_CASE("regression 6.10: a failed insert writes a short error, never the reply body", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast + "database:\n  outage_timeout: 1s\n");
  REQUIRE(ws.run({"migrate"}).exit_code == 0);
  ws.db()->with_session([](soci::session& s) {
    s << "CREATE TRIGGER refuse_raw BEFORE INSERT ON raw_job_collections BEGIN SELECT RAISE(ABORT, 'refused'); END";
  });
  auto run = ws.run({"collect", "--base-url", fake.base_url(), "-q", "accountant"});
  auto body = test::read_file(body_files(t.path / "raw_collections").at(0));
  auto snippet = body.substr(body.find("job_description") + 20, 60);
  std::string everything = run.out + run.err;
  for (auto& f : test::files_under(t.path / "logs")) everything += test::read_file(f);
  std::size_t longest = 0, start = 0;
  for (std::size_t i = 0; i <= everything.size(); ++i)
    if (i == everything.size() || everything[i] == '\n') {
      longest = std::max(longest, i - start);
      start = i + 1;
    }
  INFO(test::tail(everything, 5000));
  CHECK(longest < 2000);
  CHECK(everything.find(snippet) == std::string::npos);
}

TEST_CASE("regression 6.10: the API key never goes over plain http to another host; bad countries are refused",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  auto plain = ws.run({"collect", "--base-url", "http://203.0.113.7:8080", "-q", "accountant"}, std::chrono::seconds(30));
  INFO(plain.out << plain.err);
  CHECK(plain.exit_code == 2);
  CHECK_THAT(plain.err, Catch::Contains("https"));
  auto country = ws.run({"collect", "--base-url", fake.base_url(), "-q", "accountant", "--country", "USA"});
  INFO(country.out << country.err);
  CHECK(country.exit_code == 2);
  CHECK_THAT(country.err, Catch::Contains("--country"));
  CHECK(fake.total_calls() == 0);
}

TEST_CASE("regression 6.10: two commands started together on a new SQLite file both migrate it", "[cli]") {
  test::temp_dir t;
  for (int i = 0; i < 12; ++i) {
    test::workspace ws{"sqlite:jobpilot.db", t.path / std::to_string(i)};
    std::filesystem::create_directories(ws.dir);
    test::background_process a(ws.command({"migrate"}), {}, true);
    test::background_process b(ws.command({"migrate"}), {}, true);
    auto ra = a.wait_exit(std::chrono::seconds(60));
    auto rb = b.wait_exit(std::chrono::seconds(60));
    INFO(a.output() << b.output());
    CHECK(ra == 0);
    CHECK(rb == 0);
  }
}

TEST_CASE("regression 6.10: requests of a killed collect do not stay running", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--latency-ms", "4000"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  test::background_process c(ws.command({"collect", "--base-url", fake.base_url(), "-q", "accountant", "-n", "3"}),
                             {"JSEARCH_API_KEY=" + test::test_api_key}, true);
  for (int i = 0; i < 100 && fake.total_calls() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(fake.total_calls() == 1);
  c.kill_now();
  auto s = ws.run({"status", "--json"});
  REQUIRE(s.exit_code == 0);
  auto requests = boost::json::parse(s.out).as_object().at("requests").as_object();
  INFO(s.out);
  CHECK(requests.if_contains("running") == nullptr);
  CHECK(requests.at("failed").as_int64() == 1);
}

TEST_CASE("regression 6.10: loader dead letters are re-loaded by reprocess --dead-letters", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300", "--seed", "4"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(fast);
  REQUIRE(ws.run({"collect", "--base-url", fake.base_url(), "-q", "anything", "-n", "5"}).exit_code == 0);
  auto db = ws.db();
  db->with_session([](soci::session& s) {
    s << "CREATE TRIGGER refuse_some BEFORE INSERT ON job_sources WHEN NEW.jsearch_job_id LIKE '%a%' "
         "BEGIN SELECT RAISE(ABORT, 'refused'); END";
  });
  auto p = ws.run({"process"});
  INFO(p.out << test::tail(p.err));
  CHECK(p.exit_code == 1);
  auto dead = count(*db, "SELECT COUNT(*) FROM failed_operations WHERE stage = 'loader' AND status = 'pending'");
  CHECK(dead > 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == 50 - dead);
  db->with_session([](soci::session& s) { s << "DROP TRIGGER refuse_some"; });
  auto r = ws.run({"reprocess", "--dead-letters"});
  INFO(r.out << test::tail(r.err));
  CHECK(r.exit_code == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == 50);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations WHERE status = 'pending'") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 5);
}
