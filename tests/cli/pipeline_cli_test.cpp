// The whole pipeline as a user runs it: `run --once` against the fake server (2,000
// generated postings with duplicate labels), then the checks of issue 3: nothing lost,
// idempotent re-runs, dedupe precision and recall, semantic search, broken jobs.
#include "storage/database.hpp"
#include "storage/job_repository.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <soci/soci.h>

#include <libpq-fe.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

using namespace jobpilot;
using test::count;
using test::open_db;
using test::row_counts;

namespace {

std::string base_url_of(test::background_process& p) {
  auto line = p.wait_for_line("listening on ", std::chrono::seconds(60));
  REQUIRE_FALSE(line.empty());
  return "http://" + line.substr(std::string("listening on ").size());
}

test::process_result cli(const std::string& db_url, const std::filesystem::path& dir, std::vector<std::string> args) {
  std::vector<std::string> full{test::binary_path(), "--db", db_url, "--data-dir", dir.string(), "--config",
                                (dir / "jobpilot.yaml").string()};
  full.insert(full.end(), args.begin(), args.end());
  return test::run_process(full, {"JSEARCH_API_KEY=test-key"}, std::chrono::seconds(900));
}

void whole_pipeline(const std::string& db_url, const std::filesystem::path& dir) {
  auto labels_path = dir / "labels.json";
  test::background_process fake({test::binary_path(), "fake-jsearch", "--port", "0", "--seed", "11", "--postings",
                                 "2000", "--rps", "0", "--labels-out", labels_path.string()});
  auto base = base_url_of(fake);
  // One query per role family of the generator: together they page through every posting.
  std::ofstream(dir / "jobpilot.yaml")
      << "collector:\n  workers: 4\n  requests_per_second: 0\n"
         "run:\n  queries: [\"software engineer\", \"data scientist\", \"product manager\", \"registered nurse\", "
         "\"accountant\", \"sales representative\", \"warehouse associate\", \"devops engineer\", "
         "\"customer service representative\", \"truck driver\"]\n  locations: []\n  pages: 100\n  in_flight: 4\n";
  // On PostgreSQL, a listener sees the loader's NOTIFY after each committed batch.
  PGconn* listener = nullptr;
  if (db_url.rfind("postgresql://", 0) == 0) {
    listener = PQconnectdb(db_url.c_str());
    REQUIRE(PQstatus(listener) == CONNECTION_OK);
    PQclear(PQexec(listener, "LISTEN jobpilot_jobs_loaded"));
  }
  auto run = cli(db_url, dir, {"run", "--once", "--base-url", base});
  INFO(run.out << run.err.substr(run.err.size() > 4000 ? run.err.size() - 4000 : 0));
  REQUIRE(run.exit_code == 0);
  if (listener) {
    std::int64_t notifications = 0, announced = 0;
    // The notifications sit in the socket; read until it has been quiet for a while.
    for (int quiet = 0; quiet < 5;) {
      PQconsumeInput(listener);
      bool got = false;
      while (PGnotify* n = PQnotifies(listener)) {
        got = true;
        ++notifications;
        announced += boost::json::parse(n->extra).as_object().at("count").as_int64();
        PQfreemem(n);
      }
      if (got) {
        quiet = 0;
      } else {
        ++quiet;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    PQfinish(listener);
    std::cout << "NOTIFY jobpilot_jobs_loaded: " << notifications << " notifications announcing " << announced
              << " jobs\n";
    CHECK(notifications > 0);
    CHECK(announced >= count(*open_db(db_url, dir), "SELECT COUNT(*) FROM enhanced_jobs"));
  }
  std::cout << "run --once summary:\n" << run.out;
  CHECK_THAT(run.out, Catch::Contains("collections processed:") && Catch::Contains("jobs loaded:") &&
                          Catch::Contains("duplicates by reason") && Catch::Contains("time:"));

  auto labels = boost::json::parse(test::read_file(labels_path)).as_object();
  std::map<std::string, std::string> opening_of;
  for (auto& p : labels.at("postings").as_array())
    opening_of[std::string(p.at("job_id").as_string())] = std::string(p.at("opening_id").as_string());
  REQUIRE(opening_of.size() == 2000);

  auto db = open_db(db_url, dir);
  // None lost: every posting is a job_sources row pointing at a loaded canonical job.
  std::map<std::string, std::string> canonical_of;
  db->with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT s.jsearch_job_id, CAST(s.job_id AS TEXT), CAST(e.id AS TEXT) "
                                               "FROM job_sources s LEFT JOIN enhanced_jobs e ON e.id = s.job_id");
    for (const auto& row : rs) {
      CHECK(row.get_indicator(2) == soci::i_ok);  // the canonical job exists
      canonical_of[row.get<std::string>(0)] = row.get<std::string>(1);
    }
  });
  std::size_t missing = 0;
  for (auto& [job_id, opening] : opening_of)
    if (!canonical_of.count(job_id)) ++missing;
  CHECK(missing == 0);
  CHECK(canonical_of.size() == opening_of.size());
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data") >= 2000);

  // Dedupe quality against the generator's labels: pairs of postings.
  std::map<std::string, std::map<std::string, std::int64_t>> by_canonical;  // canonical -> opening -> n
  std::map<std::string, std::int64_t> by_opening;
  for (auto& [job_id, canonical] : canonical_of) {
    auto it = opening_of.find(job_id);
    if (it == opening_of.end()) continue;
    ++by_canonical[canonical][it->second];
    ++by_opening[it->second];
  }
  auto pairs = [](std::int64_t n) { return n * (n - 1) / 2; };
  std::int64_t predicted = 0, true_pos = 0, actual = 0;
  for (auto& [c, openings] : by_canonical) {
    std::int64_t n = 0;
    for (auto& [o, k] : openings) {
      n += k;
      true_pos += pairs(k);
    }
    predicted += pairs(n);
  }
  for (auto& [o, k] : by_opening) actual += pairs(k);
  double precision = predicted ? static_cast<double>(true_pos) / static_cast<double>(predicted) : 1.0;
  double recall = actual ? static_cast<double>(true_pos) / static_cast<double>(actual) : 1.0;
  std::cout << "dedupe on " << db->display_url().substr(0, 10) << ": " << canonical_of.size() << " postings, "
            << by_canonical.size() << " canonical jobs, " << by_opening.size() << " labelled openings; pairs: "
            << true_pos << " correct of " << predicted << " predicted, " << actual << " labelled -> precision "
            << precision << ", recall " << recall << "\n";
  CHECK(precision >= 0.95);
  CHECK(recall >= 0.95);

  // Idempotent: process and reprocess --status all change no row count.
  auto before = row_counts(*db);
  // The decisions a fresh run made: reprocess makes them again, the same (it once replayed the old ones
  // into the index first, and every posting became an update of its own old self).
  auto decisions = [&] {
    std::vector<std::string> out;
    db->with_session([&](soci::session& s) {
      soci::rowset<soci::row> rs = (s.prepare << "SELECT jsearch_job_id, COALESCE(dedupe_reason, '-'), "
                                                 "COALESCE(CAST(duplicate_of AS TEXT), '-') FROM processed_job_data");
      for (const auto& row : rs)
        out.push_back(row.get<std::string>(0) + "|" + row.get<std::string>(1) + "|" + row.get<std::string>(2));
    });
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto decided_first = decisions();
  auto again = cli(db_url, dir, {"process"});
  CHECK(again.exit_code == 0);
  CHECK(row_counts(*db) == before);
  auto re = cli(db_url, dir, {"reprocess", "--status", "all"});
  INFO(re.out << re.err.substr(re.err.size() > 2000 ? re.err.size() - 2000 : 0));
  CHECK(re.exit_code == 0);
  auto after = row_counts(*db);
  CHECK(after == before);
  const auto decided_again = decisions();
  CHECK(decided_again.size() == decided_first.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < std::min(decided_first.size(), decided_again.size()); ++i)
    if (decided_first[i] != decided_again[i]) ++differ;
  INFO("first difference: " << (differ ? decided_first[0] + " vs " + decided_again[0] : std::string("none")));
  CHECK(differ == 0);
  // ...but the audit trail keeps every run: the first processing and the reprocessing of each collection.
  CHECK(count(*db, "SELECT COUNT(*) FROM job_processing_runs") ==
        2 * count(*db, "SELECT COUNT(*) FROM job_processing_log"));
  for (auto& [t, n] : after) std::cout << "  " << t << ": " << n << "\n";

  // Semantic search: a job's own title and description find it first.
  std::vector<std::pair<std::string, std::string>> probes;  // (id, text)
  db->with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT CAST(id AS TEXT), title, description FROM enhanced_jobs e WHERE description IS NOT NULL "
                      "AND (SELECT COUNT(*) FROM enhanced_jobs o WHERE o.description = e.description) = 1 "
                      "ORDER BY jsearch_job_id LIMIT 5");
    for (const auto& row : rs) probes.emplace_back(row.get<std::string>(0), row.get<std::string>(1) + "\n" + row.get<std::string>(2));
  });
  REQUIRE(probes.size() == 5);
  for (auto& [id, text] : probes) {
    auto r = cli(db_url, dir, {"search", text, "-k", "3", "--json"});
    REQUIRE(r.exit_code == 0);
    auto results = boost::json::parse(r.out).as_object().at("results").as_array();
    REQUIRE_FALSE(results.empty());
    CHECK(std::string(results[0].at("id").as_string()) == id);
  }
  auto listed = cli(db_url, dir, {"jobs", "--json", "-n", "5"});
  CHECK(listed.exit_code == 0);
  CHECK(boost::json::parse(listed.out).as_object().at("jobs").as_array().size() == 5);
}

}  // namespace

TEST_CASE("cli: run --once, whole pipeline on SQLite: none lost, idempotent, dedupe >= 0.95, search", "[cli]") {
  test::temp_dir dir;
  whole_pipeline("sqlite:jobpilot.db", dir.path);
}

TEST_CASE("cli: run --once, whole pipeline on PostgreSQL: none lost, idempotent, dedupe >= 0.95, search", "[cli][pg]") {
  test::pg_database pg;
  test::temp_dir dir;
  whole_pipeline(pg.url, dir.path);
}

TEST_CASE("cli: a broken job leaves its collection partial and the others are loaded", "[cli]") {
  test::temp_dir dir;
  auto responses = dir.path / "responses";
  std::filesystem::create_directories(responses);
  auto job = [](const std::string& id, const std::string& title_json) {
    return "{\"job_id\":\"" + id + "\",\"job_title\":" + title_json +
           ",\"employer_name\":\"Acme Corp\",\"job_publisher\":\"LinkedIn\",\"job_employment_type\":\"FULLTIME\","
           "\"job_apply_link\":\"https://acme.example/jobs/" + id.substr(0, 4) +
           "\",\"job_description\":\"Build data pipelines in Python and SQL. 3+ years of experience. Salary "
           "$120,000 - $140,000 a year. " + id + "\",\"job_city\":\"Austin\",\"job_state\":\"TX\",\"job_country\":\"US\","
           "\"job_posted_at_timestamp\":1790000000}";
  };
  std::ofstream(responses / "page.json") << "{\"status\":\"OK\",\"request_id\":\"r\",\"data\":[" << job("AAAA1==", "\"Data Engineer\"")
                                        << "," << job("BBBB2==", "{\"oops\":true}") << ","
                                        << job("CCCC3==", "\"Platform Engineer\"") << "]}";
  test::background_process fake({test::binary_path(), "fake-jsearch", "--port", "0", "--rps", "0", "--responses",
                                 responses.string()});
  auto base = base_url_of(fake);
  std::ofstream(dir.path / "jobpilot.yaml") << "collector:\n  requests_per_second: 0\n";
  auto c = cli("sqlite:jobpilot.db", dir.path, {"collect", "--query", "anything", "--base-url", base});
  REQUIRE(c.exit_code == 0);
  auto p = cli("sqlite:jobpilot.db", dir.path, {"process"});
  INFO(p.out << p.err);
  CHECK(p.exit_code == 0);
  CHECK_THAT(p.out, Catch::Contains("jobs processed: 2, failed: 1"));
  auto db = open_db("sqlite:jobpilot.db", dir.path);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'partial'") == 1);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_processing_log WHERE status = 'partial' AND jobs_processed = 2 AND "
                   "jobs_failed = 1") == 1);
  std::string errors;
  db->with_session([&](soci::session& s) { s << "SELECT errors FROM job_processing_log", soci::into(errors); });
  auto e = boost::json::parse(errors).as_array().at(0).as_object();
  CHECK(e.at("job_index").as_int64() == 1);
  CHECK(std::string(e.at("error_type").as_string()) == "schema_validation");
  CHECK_THAT(std::string(e.at("error_message").as_string()), Catch::Contains("job_title"));
  CHECK(std::string(e.at("raw_data").at("job_id").as_string()) == "BBBB2==");
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs") == 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == 2);
  int failed_files = 0;
  for (auto& f : test::files_under(dir.path / "failed_processing"))
    if (test::read_file(f).find("BBBB2==") != std::string::npos) ++failed_files;
  CHECK(failed_files == 1);
}

TEST_CASE("cli: jobs are loaded flagged when the embedding endpoint fails, and embedded later", "[cli]") {
  test::temp_dir dir;
  test::background_process jsearch({test::binary_path(), "fake-jsearch", "--port", "0", "--seed", "5", "--postings",
                                    "300", "--rps", "0"});
  auto jsearch_url = base_url_of(jsearch);
  test::background_process broken({test::binary_path(), "fake-jsearch", "--port", "0", "--rps", "0",
                                   "--error-5xx-rate", "1"});
  auto broken_url = base_url_of(broken);
  auto config = [&](const std::string& embedding_url) {
    std::ofstream(dir.path / "jobpilot.yaml")
        << "collector:\n  requests_per_second: 0\nembedder:\n  provider: openai\n  base_url: " << embedding_url
        << "\n  api_key_env: TEST_EMBEDDING_KEY\n  dimensions: 384\n  timeout: 5s\n"
           "run:\n  queries: [\"software engineer\"]\n  locations: []\n  pages: 3\n";
  };
  config(broken_url);
  auto run = cli("sqlite:jobpilot.db", dir.path, {"run", "--once", "--base-url", jsearch_url});
  INFO(run.out << run.err.substr(run.err.size() > 3000 ? run.err.size() - 3000 : 0));
  REQUIRE(run.exit_code == 0);
  auto db = open_db("sqlite:jobpilot.db", dir.path);
  auto jobs = count(*db, "SELECT COUNT(*) FROM enhanced_jobs");
  CHECK(jobs > 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs WHERE embedded = 0") == jobs);  // loaded, flagged
  CHECK(count(*db, "SELECT COUNT(*) FROM job_embeddings") == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM processed_job_data WHERE embed_status = 'failed'") ==
        count(*db, "SELECT COUNT(*) FROM processed_job_data"));

  config(jsearch_url);  // the endpoint is back (the healthy fake serves /v1/embeddings too)
  auto later = cli("sqlite:jobpilot.db", dir.path, {"process"});
  INFO(later.out << later.err);
  CHECK(later.exit_code == 0);
  CHECK_THAT(later.out, Catch::Contains("embedded " + std::to_string(jobs) + " jobs that had been loaded without a vector"));
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs WHERE embedded = 1") == jobs);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_embeddings") == jobs);
}

TEST_CASE("cli: replies that only reached the file store are imported and processed", "[cli]") {
  // The database that recorded the collection is gone; the paid replies are still on disk.
  test::temp_dir dir;
  test::background_process fake({test::binary_path(), "fake-jsearch", "--port", "0", "--postings", "200", "--rps", "0"});
  auto base = base_url_of(fake);
  std::ofstream(dir.path / "jobpilot.yaml") << "collector:\n  requests_per_second: 0\n";
  auto c = cli("sqlite:first.db", dir.path, {"collect", "--query", "accountant", "--pages", "2", "--base-url", base});
  REQUIRE(c.exit_code == 0);
  std::filesystem::remove(dir.path / "first.db");
  std::filesystem::remove(dir.path / "first.db-wal");
  std::filesystem::remove(dir.path / "first.db-shm");
  auto p = cli("sqlite:second.db", dir.path, {"process"});
  INFO(p.out << p.err);
  CHECK(p.exit_code == 0);
  CHECK_THAT(p.out, Catch::Contains("imported 2 raw collection(s) that were only on disk"));
  CHECK_THAT(p.out, Catch::Contains("collections processed: 2 (0 failed"));
  auto db = open_db("sqlite:second.db", dir.path);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") == count(*db, "SELECT COUNT(*) FROM processed_job_data"));
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources") > 0);
  auto again = cli("sqlite:second.db", dir.path, {"process"});  // idempotent: nothing imported twice
  CHECK((again.out + again.err).find("imported") == std::string::npos);
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections") == 2);
}
