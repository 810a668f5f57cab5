// The stage machine's rows on a real database (SQLite and the throwaway PostgreSQL cluster):
// claims between owners, the fenced status change, leases, the recovery of a dead process's work,
// the retry guard, and the rows an old pipeline left behind migrated to the stage machine.
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/collection_request_repository.hpp"
#include "storage/database.hpp"
#include "storage/database_guard.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/process_identity.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/stage_repository.hpp"
#include "tests/support/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace jobpilot;
using core::collection_status;

namespace {

std::shared_ptr<storage::database> migrated(const std::string& url, const std::filesystem::path& dir) {
  std::string err;
  auto target = storage::parse_database_url(url, dir.string(), &err);
  REQUIRE(target);
  auto db = storage::database::open(*target, 4);
  storage::migrate(*db);
  return db;
}

std::string add_collection(storage::database& db, core::uuid_generator& ids, int minute) {
  storage::raw_collection_repository raws(std::shared_ptr<storage::database>(&db, [](auto*) {}));
  storage::raw_collection_row r;
  r.collection_id = ids.next();
  r.timestamp = "2026-11-01T10:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00.000Z";
  r.endpoint = "search";
  r.query_params_json = R"({"query":"x"})";
  r.query_hash = core::sha256_hex(r.collection_id);
  r.body = R"({"status":"OK","data":[]})";
  r.body_is_json = true;
  r.http_status = 200;
  raws.insert(r);
  return r.collection_id;
}

// A pid that surely is gone: a child that has exited and been reaped.
long dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

void stage_machine_rows(const std::string& url, const std::filesystem::path& dir) {
  auto db = migrated(url, dir);
  core::uuid_generator ids(11);
  const auto a = add_collection(*db, ids, 2), b = add_collection(*db, ids, 1);
  storage::stage_repository mine(db, "host/1/1", std::chrono::minutes(2));
  storage::stage_repository theirs(db, "host/2/2", std::chrono::minutes(2));

  // The global order is (timestamp, id), not insertion order.
  auto unfinished = mine.unfinished();
  REQUIRE(unfinished.size() == 2);
  CHECK(unfinished[0].collection_id == b);
  CHECK(unfinished[1].collection_id == a);

  SECTION("one owner at a time; the fenced commit frees the claim") {
    auto c = mine.claim(a, collection_status::pending);
    CHECK(c.claimed);
    CHECK(mine.claim(a, collection_status::pending).claimed);  // again: it is ours
    auto other = theirs.claim(a, collection_status::pending);
    CHECK_FALSE(other.claimed);
    REQUIRE(other.state);
    CHECK(other.state->claimed_by == "host/1/1");
    CHECK_FALSE(mine.claim(a, collection_status::processed).claimed);  // not in that status

    // Only the holder may move it on, and only from the status it expects.
    db->with_session([&](soci::session& s) {
      storage::write_transaction tr(*db, s);
      CHECK_THROWS_AS(storage::advance_claimed(*db, s, "host/2/2", a, collection_status::pending,
                                               collection_status::processed, ""),
                      storage::storage_error);
    });
    db->with_session([&](soci::session& s) {
      storage::write_transaction tr(*db, s);
      storage::advance_claimed(*db, s, "host/1/1", a, collection_status::pending, collection_status::processed, "");
      tr.commit();
    });
    auto now = mine.state(a);
    REQUIRE(now);
    CHECK(now->status == collection_status::processed);
    CHECK(now->claimed_by.empty());
    CHECK(theirs.claim(a, collection_status::processed).claimed);  // free for the next stage
  }

  SECTION("a claim past its lease can be taken over, and the old holder's commit is refused") {
    storage::stage_repository short_lease(db, "host/3/3", std::chrono::milliseconds(1));
    REQUIRE(mine.claim(b, collection_status::pending).claimed);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(short_lease.claim(b, collection_status::pending).claimed);
    db->with_session([&](soci::session& s) {
      storage::write_transaction tr(*db, s);
      CHECK_THROWS_WITH(storage::advance_claimed(*db, s, "host/1/1", b, collection_status::pending,
                                                 collection_status::processed, ""),
                        Catch::Contains("another process took it over"));
    });
  }

  SECTION("the work of a process that died on this host is free at once") {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const std::string gone = std::string(host) + "/" + std::to_string(dead_pid()) + "/12345";
    CHECK(storage::owner_is_gone(gone));
    CHECK_FALSE(storage::owner_is_gone(storage::this_process_owner()));
    CHECK_FALSE(storage::owner_is_gone("another-host/1/1"));  // its lease decides
    storage::stage_repository dead(db, gone, std::chrono::minutes(10));
    REQUIRE(dead.claim(a, collection_status::pending).claimed);
    // Claimed directly, without waiting for the lease...
    CHECK(mine.claim(a, collection_status::pending).claimed);
    // ...and the sweep frees whatever else it held and fails the requests it left running.
    REQUIRE(dead.claim(b, collection_status::pending).claimed);
    storage::collection_request_repository requests(db);
    storage::collection_request_row req;
    req.request_id = ids.next();
    req.query_params_json = R"({"endpoint":"search","query":"nurse","page":2})";
    req.query_hash = core::sha256_hex("nurse");
    req.status = "running";
    req.claimed_by = gone;
    requests.insert(req);
    auto report = mine.recover_dead_owners();
    CHECK(report.claims_released == 1);
    CHECK(report.requests_interrupted == 1);
    CHECK(mine.state(b)->claimed_by.empty());
    CHECK(requests.get(req.request_id)->status == "failed");
    CHECK_THAT(requests.get(req.request_id)->last_error, Catch::Contains("interrupted"));
    storage::failed_operation_repository letters(db);
    auto pending = letters.list("pending", 10);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].stage == "collector");
    CHECK_THAT(pending[0].payload_json, Catch::Contains("nurse"));
    CHECK(mine.recover_dead_owners().requests_interrupted == 0);  // once
  }

  SECTION("reprocess puts final collections back, but not one a live process holds") {
    db->with_session([&](soci::session& s) {
      s << "UPDATE raw_job_collections SET processing_status = 'loaded', dedupe_seq = 7 WHERE collection_id = :a",
          soci::use(a);
    });
    REQUIRE(theirs.claim(b, collection_status::pending).claimed);
    auto reset = mine.reset_to_pending({a, b});
    CHECK(reset == std::vector<std::string>{a});
    CHECK(mine.state(a)->status == collection_status::pending);
    CHECK(mine.ids_with_status({collection_status::pending}) == std::vector<std::string>{b, a});
  }
}

}  // namespace

TEST_CASE("storage: stage machine claims, fencing and recovery on SQLite", "[storage]") {
  test::temp_dir dir;
  stage_machine_rows("sqlite:stages.db", dir.path);
}

TEST_CASE("storage: stage machine claims, fencing and recovery on PostgreSQL", "[storage][pg]") {
  test::pg_database pg;
  test::temp_dir dir;
  stage_machine_rows(pg.url, dir.path);
}

TEST_CASE("storage: the guard rides out a locked SQLite database and gives up after the outage timeout",
          "[storage]") {
  test::temp_dir dir;
  auto db = migrated("sqlite:locked.db", dir.path);
  auto breaker = std::make_shared<supervision::shared_circuit_breaker>(
      supervision::breaker_settings{3, std::chrono::seconds(60), std::chrono::milliseconds(50),
                                    std::chrono::milliseconds(200), 2.0, 0.0});
  std::vector<std::string> warnings;
  storage::guard_settings gs;
  gs.outage_timeout = std::chrono::seconds(20);
  gs.backoff_initial = std::chrono::milliseconds(20);
  gs.backoff_max = std::chrono::milliseconds(100);
  storage::database_guard guard(breaker, gs, [&](const std::string& w) { warnings.push_back(w); });

  // Another connection holds the writer lock for a while: our write is refused as busy (a transient
  // error), retried, and succeeds once the lock is gone. No crash, nothing lost.
  std::string err;
  auto target = storage::parse_database_url("sqlite:locked.db", dir.path.string(), &err);
  soci::session holder(soci::sqlite3, target->connect_string);
  holder << "BEGIN IMMEDIATE";
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    holder << "COMMIT";
  });
  storage::failed_operation_repository letters(db);
  storage::failed_operation_row d;
  d.id = core::uuid_generator().next();
  d.stage = "loader";
  d.operation = "load";
  d.error = "x";
  int attempts = 0;
  guard.run("write while locked", [&] {
    ++attempts;
    db->with_session([&](soci::session& s) {
      s << "PRAGMA busy_timeout=100";  // refused as busy at once instead of SQLite waiting 30 s itself
      storage::insert_failed_operation(*db, s, d);
    });
  });
  release.join();
  CHECK(attempts > 1);
  CHECK(letters.count("pending") == 1);
  REQUIRE(warnings.size() == 2);
  CHECK_THAT(warnings[0], Catch::Contains("database unavailable at write while locked"));
  CHECK_THAT(warnings[1], Catch::Contains("database is back"));

  // A refusal (a constraint) is not retried.
  attempts = 0;
  CHECK_THROWS_AS(guard.run("duplicate", [&] {
                    ++attempts;
                    letters.record(d);
                  }),
                  storage::storage_error);
  CHECK(attempts == 1);

  // An outage longer than the timeout ends with a transient error naming what was waited for.
  storage::guard_settings quick = gs;
  quick.outage_timeout = std::chrono::milliseconds(300);
  storage::database_guard impatient(breaker, quick, nullptr);
  try {
    impatient.run("the outage", [] { throw storage::storage_error("server closed the connection", true); });
    FAIL("must give up");
  } catch (const storage::storage_error& e) {
    CHECK(e.transient());
    CHECK_THAT(std::string(e.what()), Catch::Contains("database unavailable for 0 s at the outage"));
  }
}

TEST_CASE("storage: rows of the earlier pipeline are migrated to the stage machine", "[storage]") {
  test::temp_dir dir;
  std::string err;
  auto target = storage::parse_database_url("sqlite:old.db", dir.path.string(), &err);
  auto db = storage::database::open(*target, 1);
  // Only 0001, as an earlier version left the database.
  db->with_session([&](soci::session& s) {
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";
    for (const auto& m : storage::embedded_migrations())
      if (std::string(m.dialect) == "sqlite" && m.version == 1) {
        db->execute_script(s, m.sql);
        s << "INSERT INTO schema_migrations VALUES (1, '0001_initial', 'x', 'now')";
      }
  });
  core::uuid_generator ids(3);
  auto old_row = [&](int minute) {  // a raw collection as version 0001 stored it (the body in the row)
    std::string id = ids.next(), ts = "2026-11-01T10:0" + std::to_string(minute) + ":00.000Z";
    db->with_session([&](soci::session& s) {
      s << "INSERT INTO raw_job_collections (collection_id, timestamp, api_provider, endpoint, query_params, "
           "query_hash, raw_response, raw_body, body_sha256) VALUES (:id, :ts, 'jsearch', 'search', '{}', 'h', "
           "'{\"data\":[]}', '{\"data\":[]}', 'sha')",
          soci::use(id), soci::use(ts);
    });
    return id;
  };
  const auto loaded = old_row(1), half = old_row(2), stuck = old_row(3);
  db->with_session([&](soci::session& s) {
    s << "UPDATE raw_job_collections SET processing_status = 'processed' WHERE collection_id IN (:a, :b)",
        soci::use(loaded), soci::use(half);
    s << "UPDATE raw_job_collections SET processing_status = 'processing' WHERE collection_id = :c", soci::use(stuck);
    for (const auto& c : {loaded, half}) {
      auto pid = core::processing_id_for(c);
      s << "INSERT INTO job_processing_log (processing_id, collection_id, started_at, status) VALUES (:p, :c, 'x', "
           "'completed')",
          soci::use(pid), soci::use(c);
      std::string load_status = c == loaded ? "loaded" : "pending";
      s << "INSERT INTO processed_job_data (processing_id, job_index, processed_data, duplicate_of, load_status) "
           "VALUES (:p, 0, '{}', 'j', :l)",
          soci::use(pid), soci::use(load_status);
    }
  });
  auto report = storage::migrate(*db);
  CHECK(report.applied == std::vector<std::string>{"0002_stage_machine", "0003_schedule_runs", "0004_vector_blobs",
                                                   "0005_processing_runs", "0006_cluster_nodes"});
  storage::stage_repository stages(db, "me/1/1", std::chrono::minutes(1));
  CHECK(stages.state(loaded)->status == collection_status::loaded);  // its rows were all loaded
  CHECK(stages.state(half)->status == collection_status::pending);   // not loaded yet: from the raw reply again
  CHECK(stages.state(stuck)->status == collection_status::pending);
  CHECK(test::count(*db, "SELECT dedupe_seq FROM raw_job_collections WHERE collection_id = '" + loaded + "'") == 1);
  // The bodies moved to their own table, byte for byte, and are read back from there.
  CHECK(test::count(*db, "SELECT COUNT(*) FROM raw_collection_bodies WHERE raw_body = '{\"data\":[]}'") == 3);
  storage::raw_collection_repository raws(db);
  CHECK(raws.get(half)->body == R"({"data":[]})");
  CHECK(raws.get(half)->body_is_json);
}
