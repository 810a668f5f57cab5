// Storage on both dialects: migrations, the raw collection round trip (exact bytes,
// also invalid UTF-8), the quota ledger, the file store, URL parsing.
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/collection_request_repository.hpp"
#include "storage/database.hpp"
#include "storage/database_url.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/raw_file_store.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <thread>

using namespace jobpilot;

namespace {

std::shared_ptr<storage::database> open_db(const std::string& url, const std::string& data_dir) {
  std::string err;
  auto target = storage::parse_database_url(url, data_dir, &err);
  REQUIRE(target);
  return storage::database::open(*target, 2);
}

void exercise_storage(const std::string& url, const std::string& data_dir) {
  auto db = open_db(url, data_dir);
  auto report = storage::migrate(*db);
  CHECK(report.from_version == 0);
  CHECK(report.to_version == 6);
  CHECK(report.applied == std::vector<std::string>{"0001_initial", "0002_stage_machine", "0003_schedule_runs",
                                                   "0004_vector_blobs", "0005_processing_runs", "0006_cluster_nodes"});
  CHECK(storage::migrate(*db).applied.empty());  // idempotent
  CHECK(storage::schema_version(*db) == 6);

  // every table of DESIGN.md section 5 exists and is empty
  for (const char* table : {"raw_job_collections", "job_processing_log", "processed_job_data", "enhanced_jobs",
                            "job_sources", "job_embeddings", "collection_requests", "failed_operations", "api_usage",
                            "alerts", "raw_collection_bodies", "schedule_runs", "job_processing_runs", "cluster_nodes",
                            "schema_migrations"}) {
    long long n = -1;
    db->with_session([&](soci::session& s) { s << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n); });
    CHECK(n == (std::string(table) == "schema_migrations" ? 6 : 0));
  }

  core::uuid_generator ids(7);
  storage::collection_request_repository requests(db);
  storage::collection_request_row req;
  req.request_id = ids.next();
  req.query_params_json = R"({"endpoint":"search","query":"x"})";
  req.query_hash = core::sha256_hex("x");
  requests.insert(req);
  requests.update(req.request_id, "done", 2, "");
  auto got_req = requests.get(req.request_id);
  REQUIRE(got_req);
  CHECK(got_req->status == "done");
  CHECK(got_req->attempts == 2);

  storage::raw_collection_repository raws(db);
  auto now = core::iso8601_utc(std::chrono::system_clock::now());
  storage::raw_collection_row ok;
  ok.collection_id = ids.next();
  ok.request_id = req.request_id;
  ok.timestamp = now;
  ok.endpoint = "search";
  ok.query_params_json = req.query_params_json;
  ok.query_hash = req.query_hash;
  ok.body = R"({"status":"OK","request_id":"r","data":[{"job_id":"a==","job_title":"Caf\u00e9 – Koch €"}]})";
  ok.body_is_json = true;
  ok.http_status = 200;
  ok.metadata_json = R"({"job_count":1,"api_calls_used":1})";
  raws.insert(ok);

  storage::raw_collection_row bad = ok;
  bad.collection_id = ids.next();
  bad.body = std::string("{\"status\":\"OK\",\"data\":[{\"job_title\":\"caf\xC3\x28\"}]", 40) + std::string(1, '\0');
  bad.body_is_json = false;
  bad.processing_status = "failed";
  bad.error_info_json = R"({"outcome":"invalid_response","message":"invalid UTF-8 at byte 34"})";
  raws.insert(bad);

  auto back = raws.get(ok.collection_id);
  REQUIRE(back);
  CHECK(back->body == ok.body);
  CHECK(back->body_is_json);
  CHECK(back->timestamp == now);
  CHECK(back->processing_status == "pending");
  auto back_bad = raws.get(bad.collection_id);
  REQUIRE(back_bad);
  CHECK(back_bad->body == bad.body);  // byte for byte, invalid UTF-8 and NUL included
  CHECK(!back_bad->body_is_json);
  CHECK(back_bad->processing_status == "failed");
  CHECK(back_bad->error_info_json.find("invalid_response") != std::string::npos);
  CHECK_FALSE(raws.get("00000000-0000-4000-8000-000000000000"));

  auto counts = raws.count_by_status();
  CHECK(counts == std::vector<std::pair<std::string, std::int64_t>>{{"failed", 1}, {"pending", 1}});
  CHECK(raws.count_unfinished() == 1);  // the failed one is final
  CHECK(raws.find_cached(ok.query_hash, core::iso8601_utc(std::chrono::system_clock::now() - std::chrono::hours(1))) ==
        ok.collection_id);
  CHECK_FALSE(raws.find_cached(ok.query_hash, core::iso8601_utc(std::chrono::system_clock::now() + std::chrono::hours(1))));
  CHECK(raws.list_recent(10).size() == 2);

  storage::api_usage_repository usage(db);
  CHECK(usage.ledger().calls_recorded == 0);
  CHECK_FALSE(usage.ledger().latest_with_headers);
  storage::api_usage_row u;
  u.recorded_at = now;
  u.endpoint = "search";
  u.collection_id = ok.collection_id;
  u.http_status = 200;
  u.outcome = "ok";
  u.requests_limit = 200;
  u.requests_remaining = 150;
  u.requests_reset_seconds = 2163603;
  usage.record(u);
  u.requests_remaining = 149;
  usage.record(u);
  storage::api_usage_row no_headers = u;
  no_headers.requests_limit.reset();
  no_headers.requests_remaining.reset();
  no_headers.requests_reset_seconds.reset();
  no_headers.http_status = 403;
  no_headers.outcome = "forbidden";
  usage.record(no_headers);
  auto ledger = usage.ledger();
  CHECK(ledger.calls_recorded == 3);
  REQUIRE(ledger.latest_with_headers);
  CHECK(*ledger.latest_with_headers->requests_remaining == 149);  // a reply without headers leaves the ledger as is
  CHECK(*ledger.latest_with_headers->requests_limit == 200);
  CHECK(usage.calls_by_outcome() == std::vector<std::pair<std::string, std::int64_t>>{{"forbidden", 1}, {"ok", 2}});

  storage::failed_operation_repository dead(db);
  storage::failed_operation_row d;
  d.id = ids.next();
  d.stage = "collector";
  d.operation = "collect";
  d.payload_json = R"({"request_id":"r"})";
  d.error = "HTTP 401";
  d.error_kind = "unauthorized";
  d.attempts = 1;
  dead.record(d);
  CHECK(dead.count("pending") == 1);
  CHECK(dead.list("pending", 5).at(0).error_kind == "unauthorized");
}

}  // namespace

TEST_CASE("storage: schema, raw collections and quota ledger on SQLite", "[storage]") {
  test::temp_dir dir;
  exercise_storage("sqlite:jobpilot.db", dir.path.string());
  CHECK(std::filesystem::exists(dir.path / "jobpilot.db"));
}

TEST_CASE("storage: schema, raw collections and quota ledger on PostgreSQL", "[storage][pg]") {
  test::pg_database pg;
  test::temp_dir dir;
  exercise_storage(pg.url, dir.path.string());
}

// Regression (issue 9): the nodes of a cluster start together on a new database; the ones that lost
// the race to create schema_migrations failed ("duplicate key ... pg_type_typname_nsp_index").
TEST_CASE("storage: several processes migrating a new PostgreSQL database at once all succeed", "[storage][pg]") {
  for (int round = 0; round < 3; ++round) {
    test::pg_database pg;
    test::temp_dir dir;
    std::vector<std::shared_ptr<storage::database>> dbs;
    for (int i = 0; i < 6; ++i) dbs.push_back(open_db(pg.url, dir.path.string()));  // one connection each
    std::vector<std::string> errors(dbs.size());
    std::vector<std::size_t> applied(dbs.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < dbs.size(); ++i)
      threads.emplace_back([&, i] {
        try {
          applied[i] = storage::migrate(*dbs[i]).applied.size();
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    for (auto& t : threads) t.join();
    std::size_t total = 0;
    for (std::size_t i = 0; i < dbs.size(); ++i) {
      INFO("round " << round << ", process " << i);
      CHECK(errors[i].empty());
      total += applied[i];
    }
    CHECK(total == 6);  // every migration applied exactly once
    CHECK(storage::schema_version(*dbs[0]) == 6);
  }
}

TEST_CASE("storage: database URLs", "[storage]") {
  std::string err;
  auto s = storage::parse_database_url("sqlite:jobs.db", "/var/data", &err);
  REQUIRE(s);
  CHECK(s->kind == storage::dialect::sqlite);
  CHECK(s->sqlite_path == "/var/data/jobs.db");
  s = storage::parse_database_url("sqlite:/abs/jobs.db", "/var/data", &err);
  REQUIRE(s);
  CHECK(s->sqlite_path == "/abs/jobs.db");

  auto p = storage::parse_database_url("postgresql://etl:s3cr%40t@db.example:6543/jobs?sslmode=require", "", &err);
  REQUIRE(p);
  CHECK(p->kind == storage::dialect::postgresql);
  CHECK(p->connect_string.find("host='db.example'") != std::string::npos);
  CHECK(p->connect_string.find("port=6543") != std::string::npos);
  CHECK(p->connect_string.find("dbname='jobs'") != std::string::npos);
  CHECK(p->connect_string.find("password='s3cr@t'") != std::string::npos);
  CHECK(p->connect_string.find("sslmode='require'") != std::string::npos);
  CHECK(p->display == "postgresql://etl:***@db.example:6543/jobs");
  CHECK(p->display.find("s3cr") == std::string::npos);

  for (const char* badurl : {"mysql://x", "sqlite:", "postgresql://", "postgresql://u:p@h:99999/d", "jobs.db"}) {
    INFO(badurl);
    err.clear();
    CHECK_FALSE(storage::parse_database_url(badurl, "", &err));
    CHECK_FALSE(err.empty());
  }
  err.clear();
  CHECK_FALSE(storage::parse_database_url("postgresql://u:hunter2@h:0/d", "", &err));
  CHECK(err.find("hunter2") == std::string::npos);
}

TEST_CASE("storage: a PostgreSQL outage is a clean storage_error without the password", "[storage]") {
  std::string err;
  auto target = storage::parse_database_url("postgresql://u:topsecret@127.0.0.1:1/none", "", &err);
  REQUIRE(target);
  try {
    storage::database::open(*target, 1);
    FAIL("connecting to a closed port must fail");
  } catch (const storage::storage_error& e) {
    std::string msg = e.what();
    CHECK(msg.find("cannot connect to postgresql://u:***@127.0.0.1:1/none") != std::string::npos);
    CHECK(msg.find("topsecret") == std::string::npos);
  }
}

TEST_CASE("storage: raw file store writes byte-exact bodies in the day layout", "[storage]") {
  test::temp_dir dir;
  storage::raw_file_store store(dir.path);
  auto when = *core::parse_iso8601_utc("2026-03-04T05:06:07.000Z");
  std::string body = std::string("\xFF\xFE not utf8 \0 nul", 16);
  auto path = store.write("abc", when, body, R"({"collection_id":"abc"})");
  CHECK(path == dir.path / "raw_collections/2026/03/04/jsearch_abc.json");
  CHECK(test::read_file(path) == body);
  CHECK(test::read_file(dir.path / "raw_collections/2026/03/04/jsearch_abc.meta.json") == R"({"collection_id":"abc"})");
  CHECK(store.list_bodies() == std::vector<std::filesystem::path>{path});
  // no temporary files left behind
  CHECK(test::files_under(dir.path).size() == 2);
}
