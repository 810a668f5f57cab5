// Fitting into an existing JobPilot database: an enhanced_jobs table that is already there (with
// rows) is adopted, not replaced; and vectors on SQLite are BLOBs that Python reads.
#include "storage/database.hpp"
#include "storage/job_repository.hpp"
#include "storage/migrations.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <cmath>
#include <sstream>

using namespace jobpilot;
using test::count;

namespace {

// What a JobPilot installation has before the ETL arrives (the seed then adds columns with ALTER TABLE).
const char* jobpilot_table =
    "CREATE TABLE enhanced_jobs ("
    "  id UUID PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  company TEXT,"
    "  location TEXT,"
    "  description TEXT,"
    "  salary_min NUMERIC,"
    "  salary_max NUMERIC,"
    "  url TEXT,"
    "  created_at TIMESTAMPTZ DEFAULT now());"
    "INSERT INTO enhanced_jobs (id, title, company, location, url) VALUES "
    "  ('0b7e5a5e-1111-4a4a-8a8a-000000000001', 'Staff Nurse', 'Mercy General', 'Boston, MA', 'https://jobs.example/1'),"
    "  ('0b7e5a5e-1111-4a4a-8a8a-000000000002', 'Line Cook', 'Blue Door Diner', 'Austin, TX', 'https://jobs.example/2');";

void run_sql(const std::string& url, const std::string& sql, const std::filesystem::path& dir) {
  auto db = test::open_db(url, dir);
  db->with_session([&](soci::session& s) { db->execute_script(s, sql); });
}

}  // namespace

TEST_CASE("cli: an existing JobPilot enhanced_jobs table on PostgreSQL is adopted, its rows kept", "[cli][pg]") {
  test::pg_database pg;
  test::temp_dir t;
  run_sql(pg.url, jobpilot_table, t.path);
  test::fake_jsearch fake({"--postings", "200"});
  test::workspace ws{pg.url, t.path};
  ws.write_config("collector:\n  requests_per_second: 0\nrun:\n  queries: [\"software engineer\"]\n  locations: []\n"
                  "  pages: 2\n");
  auto r = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(r.out << test::tail(r.err));
  REQUIRE(r.exit_code == 0);
  auto db = ws.db();
  // The two old rows, untouched, beside the new jobs.
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs WHERE title IN ('Staff Nurse', 'Line Cook') AND url LIKE "
                   "'https://jobs.example/%' AND jsearch_job_id IS NULL") == 2);
  const auto loaded = count(*db, "SELECT COUNT(*) FROM enhanced_jobs WHERE jsearch_job_id IS NOT NULL");
  CHECK(loaded > 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM enhanced_jobs") == loaded + 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM job_sources WHERE job_id NOT IN (SELECT id FROM enhanced_jobs)") == 0);
  // The jobs command lists both kinds.
  auto jobs = ws.run({"jobs", "--json", "-n", "500"});
  CHECK(jobs.exit_code == 0);
  CHECK_THAT(jobs.out, Catch::Contains("\"total_jobs\":" + std::to_string(loaded + 2)));
  CHECK_THAT(jobs.out, Catch::Contains("Staff Nurse"));
}

TEST_CASE("cli: an existing enhanced_jobs the pipeline cannot write into is refused with the reason", "[cli][pg]") {
  struct row {
    const char* table;
    const char* message;
  };
  const row rows[] = {
      {"CREATE TABLE enhanced_jobs (id SERIAL PRIMARY KEY, title TEXT NOT NULL)",
       "enhanced_jobs already exists and its id column is integer, not uuid"},
      {"CREATE TABLE enhanced_jobs (id UUID PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, rank INT NOT NULL)",
       "NOT NULL columns that jobpilot-etl does not fill: source, rank"},
  };
  for (const auto& r : rows) {
    INFO(r.table);
    test::pg_database pg;
    test::temp_dir t;
    run_sql(pg.url, r.table, t.path);
    test::workspace ws{pg.url, t.path};
    auto m = ws.run({"migrate"});
    CHECK(m.exit_code == 1);
    CHECK_THAT(m.err, Catch::Contains(r.message));
    // Nothing half done: the table is as it was, no migration recorded.
    CHECK(count(*ws.db(), "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'raw_job_collections'") ==
          0);
  }
}

TEST_CASE("cli: vectors on SQLite are float32 BLOBs that Python's sqlite3 and numpy read", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "100"});
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config("collector:\n  requests_per_second: 0\nrun:\n  queries: [\"software engineer\"]\n  locations: []\n"
                  "  pages: 1\n");
  auto r = ws.run({"run", "--once", "--base-url", fake.base_url()});
  REQUIRE(r.exit_code == 0);
  // The C++ side's first vector, for comparison.
  auto db = ws.db();
  storage::job_repository jobs(db);
  auto vectors = jobs.embeddings("local-hash-v1");
  if (vectors.empty()) vectors = jobs.embeddings(vectors.empty() ? std::string() : vectors[0].model);
  long long with_vectors = count(*db, "SELECT COUNT(*) FROM job_embeddings");
  REQUIRE(with_vectors > 0);
  std::string model;
  db->with_session([&](soci::session& s) { s << "SELECT model FROM job_embeddings LIMIT 1", soci::into(model); });
  vectors = jobs.embeddings(model);
  REQUIRE_FALSE(vectors.empty());
  const auto& first = vectors.front();

  const std::string script =
      "import sqlite3, numpy, sys\n"
      "con = sqlite3.connect(sys.argv[1])\n"
      "job, dims, v = con.execute(\"SELECT job_id, dimensions, vector FROM job_embeddings WHERE job_id = ?\", "
      "(sys.argv[2],)).fetchone()\n"
      "assert isinstance(v, bytes), type(v)\n"
      "a = numpy.frombuffer(v, dtype='<f4')\n"
      "assert a.shape == (dims,), (a.shape, dims)\n"
      "print(dims, repr(float(a[0])), repr(float(a[-1])), repr(float(numpy.linalg.norm(a))))\n"
      "print(con.execute(\"SELECT COUNT(*) FROM job_embeddings WHERE typeof(vector) <> 'blob'\").fetchone()[0])\n";
  auto py = test::run_process({"/usr/bin/python3", "-c", script, (t.path / "jobpilot.db").string(), first.job_id});
  INFO(py.out << py.err);
  REQUIRE(py.exit_code == 0);
  std::istringstream out(py.out);
  std::size_t dims = 0;
  double v0 = 0, vlast = 0, norm = 0;
  long long not_blob = -1;
  out >> dims >> v0 >> vlast >> norm >> not_blob;
  CHECK(dims == first.vector.size());
  CHECK(static_cast<float>(v0) == first.vector.front());
  CHECK(static_cast<float>(vlast) == first.vector.back());
  CHECK(std::abs(norm - 1.0) < 1e-3);  // the local embedding is unit length
  CHECK(not_blob == 0);

  // The seed's processed_data/ folder: one file per processed collection, every processed job in it.
  std::size_t files = 0, jobs_in_files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(t.path / "processed_data")) {
    if (!e.is_regular_file()) continue;
    ++files;
    auto doc = boost::json::parse(test::read_file(e.path())).as_object();
    CHECK(e.path().filename().string() == "processed_" + std::string(doc.at("processing_id").as_string()) + ".json");
    jobs_in_files += doc.at("jobs").as_array().size();
  }
  CHECK(static_cast<long long>(files) == count(*db, "SELECT COUNT(*) FROM job_processing_log"));
  CHECK(static_cast<long long>(jobs_in_files) == count(*db, "SELECT COUNT(*) FROM processed_job_data"));
}

TEST_CASE("storage: vectors an earlier version stored as TEXT become BLOBs on upgrade", "[storage]") {
  test::temp_dir t;
  auto db = test::open_db("sqlite:old.db", t.path);
  storage::migrate(*db);
  // What the earlier binding wrote: the same float32 bytes, typed TEXT.
  db->with_session([&](soci::session& s) {
    db->execute_script(
        s, "DELETE FROM schema_migrations WHERE version >= 4; DROP TABLE job_processing_runs; DROP TABLE cluster_nodes;"
           "INSERT INTO raw_job_collections (collection_id, timestamp, api_provider, endpoint, query_params, query_hash, "
           "body_sha256) VALUES ('c1', '2026-01-01T00:00:00Z', 'jsearch', 'search', '{}', 'h', 's');"
           "INSERT INTO enhanced_jobs (id, jsearch_job_id, title) VALUES ('j1', 'x', 'T');"
           "INSERT INTO job_embeddings (job_id, model, dimensions, vector) VALUES ('j1', 'm', 1, CAST(X'0000803F' AS TEXT));");
  });
  auto typeof_vector = [&] {
    std::string t;
    db->with_session([&](soci::session& s) { s << "SELECT typeof(vector) FROM job_embeddings", soci::into(t); });
    return t;
  };
  REQUIRE(typeof_vector() == "text");
  auto report = storage::migrate(*db);
  CHECK(report.applied == std::vector<std::string>{"0004_vector_blobs", "0005_processing_runs", "0006_cluster_nodes"});
  CHECK(typeof_vector() == "blob");
  storage::job_repository jobs(db);
  auto v = jobs.embeddings("m");
  REQUIRE(v.size() == 1);
  CHECK(v[0].vector == std::vector<float>{1.0f});
}
