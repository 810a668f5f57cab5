// `collect` end to end, as a user runs it: the fake-jsearch binary on loopback, the
// jobpilot-etl binary collecting into SQLite or the throwaway PostgreSQL cluster.
#include "core/ids.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/database.hpp"
#include "storage/raw_collection_repository.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <set>

using namespace jobpilot;
using test::open_db;

namespace {

const std::string api_key = "sk-test-7f3a9c1e5b2d4a6f8e0c";  // must appear nowhere but in the request header

// The harness's fake server with this file's defaults: 300 postings, seed 7, and the key it insists on.
struct fake_jsearch_process {
  test::fake_jsearch fake;
  std::string base_url;
  explicit fake_jsearch_process(std::vector<std::string> extra)
      : fake([&] {
          std::vector<std::string> args{"--seed", "7", "--postings", "300", "--api-key", api_key};
          args.insert(args.end(), extra.begin(), extra.end());
          return args;
        }()),
        base_url(fake.base_url()) {}
  boost::json::object calls() { return fake.calls(); }
};

test::process_result collect(const std::string& db_url, const std::filesystem::path& data_dir,
                             const std::string& base_url, std::vector<std::string> extra,
                             const std::string& config = {}) {
  std::vector<std::string> args{test::binary_path(), "--db", db_url, "--data-dir", data_dir.string()};
  if (!config.empty()) {
    auto path = data_dir / "jobpilot.yaml";
    std::filesystem::create_directories(data_dir);
    std::ofstream(path) << config;
    args.insert(args.end(), {"--config", path.string()});
  }
  args.insert(args.end(), {"collect", "--base-url", base_url});
  args.insert(args.end(), extra.begin(), extra.end());
  return test::run_process(args, {"JSEARCH_API_KEY=" + api_key}, std::chrono::seconds(180));
}

std::vector<std::filesystem::path> body_files(const std::filesystem::path& data_dir) {
  std::vector<std::filesystem::path> out;
  for (auto& p : test::files_under(data_dir / "raw_collections")) {
    auto name = p.filename().string();
    if (name.rfind("jsearch_", 0) == 0 && name.find(".meta.json") == std::string::npos) out.push_back(p);
  }
  return out;
}

// Everything the key could have leaked into: files under the data dir (raw, meta, logs,
// the SQLite database and its WAL) and every text column of every table.
void require_key_nowhere(const std::string& db_url, const std::filesystem::path& data_dir,
                         const test::process_result& run) {
  CHECK(run.out.find(api_key) == std::string::npos);
  CHECK(run.err.find(api_key) == std::string::npos);
  int files = 0;
  for (auto& p : test::files_under(data_dir)) {
    ++files;
    INFO(p.string());
    CHECK(test::read_file(p).find(api_key) == std::string::npos);
  }
  CHECK(files > 0);
  auto db = open_db(db_url, data_dir);
  for (const char* table : {"raw_job_collections", "collection_requests", "api_usage", "failed_operations"}) {
    db->with_session([&](soci::session& s) {
      soci::rowset<soci::row> rs = (s.prepare << std::string("SELECT * FROM ") + table);
      for (const auto& row : rs)
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (row.get_indicator(i) == soci::i_null || row.get_properties(i).get_data_type() != soci::dt_string)
            continue;
          INFO(table << "." << row.get_properties(i).get_name());
          CHECK(row.get<std::string>(i).find(api_key) == std::string::npos);
        }
    });
  }
}

void collect_pages_end_to_end(const std::string& db_url, const std::filesystem::path& data_dir) {
  fake_jsearch_process fake({});
  const int pages = 4;
  auto run = collect(db_url, data_dir, fake.base_url,
                     {"--query", "software engineer", "--country", "us", "--pages", std::to_string(pages)});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains(std::to_string(pages) + " stored"));

  auto db = open_db(db_url, data_dir);
  storage::raw_collection_repository raws(db);
  auto rows = raws.list_recent(100);
  REQUIRE(rows.size() == pages);
  auto files = body_files(data_dir);
  REQUIRE(files.size() == pages);

  // Byte identity: the SHA-256 of every body the server sent equals that of a stored file
  // and of the body kept in the row.
  auto calls = fake.calls();
  std::multiset<std::string> sent, in_files, in_rows;
  for (auto& v : calls.at("sent_sha256").as_array()) sent.insert(std::string(v.as_string()));
  for (auto& f : files) in_files.insert(core::sha256_hex(test::read_file(f)));
  for (auto& r : rows) {
    CHECK(r.processing_status == "pending");
    CHECK(r.http_status == 200);
    auto full = raws.get(r.collection_id);
    REQUIRE(full);
    in_rows.insert(core::sha256_hex(full->body));
    CHECK(test::read_file(r.file_path) == full->body);
    auto meta = boost::json::parse(r.metadata_json).as_object();
    CHECK(meta.at("job_count").as_int64() == 10);
    CHECK(meta.at("api_calls_used").as_int64() == 1);
    CHECK(meta.at("collection_strategy").as_string() == "on_demand");
    CHECK(meta.at("response_time_ms").is_int64());
  }
  CHECK(sent.size() == pages);
  CHECK(in_files == sent);
  CHECK(in_rows == sent);

  // The fake server's call count equals the API calls recorded in the ledger.
  storage::api_usage_repository usage(db);
  auto ledger = usage.ledger();
  CHECK(calls.at("total").as_int64() == pages);
  CHECK(ledger.calls_recorded == calls.at("total").as_int64());
  CHECK(calls.at("with_key").as_int64() == pages);  // the key was sent with every call
  REQUIRE(ledger.latest_with_headers);
  CHECK(*ledger.latest_with_headers->requests_limit == 10000);
  CHECK(*ledger.latest_with_headers->requests_remaining == 10000 - pages);

  // The same request again inside the cache TTL costs nothing.
  auto again = collect(db_url, data_dir, fake.base_url,
                       {"--query", "software engineer", "--country", "us", "--pages", "1"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("1 from cache"));
  CHECK(fake.calls().at("total").as_int64() == pages);

  // status reports what was stored and the ledger.
  auto status = test::run_process(
      {test::binary_path(), "--db", db_url, "--data-dir", data_dir.string(), "status", "--json"});
  REQUIRE(status.exit_code == 0);
  auto st = boost::json::parse(status.out).as_object();
  CHECK(st.at("collections").as_object().at("pending").as_int64() == pages);
  CHECK(st.at("quota").as_object().at("calls_recorded").as_int64() == pages);
  CHECK(st.at("quota").as_object().at("remaining").as_int64() == 10000 - pages);

  require_key_nowhere(db_url, data_dir, run);
}

}  // namespace

TEST_CASE("cli: collect N pages into SQLite gives N rows and N byte-identical files", "[cli]") {
  test::temp_dir dir;
  collect_pages_end_to_end("sqlite:jobpilot.db", dir.path);
}

TEST_CASE("cli: collect N pages into PostgreSQL gives N rows and N byte-identical files", "[cli][pg]") {
  test::pg_database pg;
  test::temp_dir dir;
  collect_pages_end_to_end(pg.url, dir.path);
}

TEST_CASE("cli: broken replies give a clear error and a failed collection with the body kept", "[cli]") {
  struct scenario {
    const char* flag;
    const char* error;       // what the user is told
    bool body_expected;      // some bytes arrived and must be on disk
  };
  std::vector<scenario> table = {
      {"--malformed-json-rate", "JSON", true},
      // (invalid UTF-8 is not among them: such a page is stored and its text repaired; regression 6.7)
      {"--truncate-rate", "truncated", true},
      {"--hang-rate", "timed out", false},
  };
  for (const auto& sc : table) {
    INFO(sc.flag);
    fake_jsearch_process fake({sc.flag, "1", "--hang-ms", "20000"});
    test::temp_dir dir;
    // one attempt each, and a short timeout so the hang fails fast
    auto run = collect("sqlite:jobpilot.db", dir.path, fake.base_url, {"--query", "data scientist", "--pages", "1"},
                       "jsearch:\n  total_timeout: 1500ms\n  connect_timeout: 1s\ncollector:\n  max_attempts: 1\n");
    INFO(run.out << run.err);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.out + run.err, Catch::Contains(sc.error));
    auto db = open_db("sqlite:jobpilot.db", dir.path);
    storage::raw_collection_repository raws(db);
    auto rows = raws.list_recent(10);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].processing_status == "failed");
    CHECK_THAT(rows[0].error_info_json, Catch::Contains(sc.error));
    auto files = body_files(dir.path);
    REQUIRE(files.size() == 1);
    auto full = raws.get(rows[0].collection_id);
    REQUIRE(full);
    CHECK(test::read_file(files[0]) == full->body);
    if (sc.body_expected) {
      CHECK(full->body.size() > 100);
      auto sent = fake.calls().at("sent_sha256").as_array();
      // for a truncated reply the server sent more than arrived; otherwise the bytes are identical
      if (std::string(sc.flag) != "--truncate-rate") {
        REQUIRE(sent.size() == 1);
        CHECK(core::sha256_hex(full->body) == std::string(sent[0].as_string()));
      }
    }
    storage::api_usage_repository usage(db);
    CHECK(usage.ledger().calls_recorded == fake.calls().at("total").as_int64());
    require_key_nowhere("sqlite:jobpilot.db", dir.path, run);
  }
}

TEST_CASE("cli: a wrong API key is a permanent error that names no key", "[cli]") {
  fake_jsearch_process fake({});
  test::temp_dir dir;
  std::vector<std::string> args{test::binary_path(), "--data-dir", dir.path.string(), "collect", "--base-url",
                                fake.base_url, "--query", "nurse", "--pages", "3"};
  const std::string wrong = "sk-wrong-0000111122223333";
  auto run = test::run_process(args, {"JSEARCH_API_KEY=" + wrong});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out + run.err, Catch::Contains("403"));
  CHECK((run.out + run.err).find(wrong) == std::string::npos);
  for (auto& p : test::files_under(dir.path)) CHECK(test::read_file(p).find(wrong) == std::string::npos);
}

TEST_CASE("cli: a spent monthly quota stops collection and the ledger shows it", "[cli]") {
  fake_jsearch_process fake({"--monthly-quota", "2"});
  test::temp_dir dir;
  auto run = collect("sqlite:jobpilot.db", dir.path, fake.base_url, {"--query", "accountant", "--pages", "6"},
                     "collector:\n  workers: 1\n");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("2 stored"));
  CHECK_THAT(run.out + run.err, Catch::Contains("quota"));
  auto calls = fake.calls();
  // Two pages; the second reply said "0 remaining", so the third page is refused
  // before any call is made (no 429 paid for), and collection stops.
  CHECK(calls.at("total").as_int64() == 2);
  CHECK_THAT(run.err, Catch::Contains("no call made"));
  auto db = open_db("sqlite:jobpilot.db", dir.path);
  storage::api_usage_repository usage(db);
  auto ledger = usage.ledger();
  CHECK(ledger.calls_recorded == 2);
  REQUIRE(ledger.latest_with_headers);
  CHECK(*ledger.latest_with_headers->requests_remaining == 0);
  CHECK(*ledger.latest_with_headers->requests_limit == 2);
  storage::raw_collection_repository raws(db);
  // Two pending; no failed collection: a 429 carries no paid data, the ledger has it.
  CHECK(raws.count_by_status() == std::vector<std::pair<std::string, std::int64_t>>{{"pending", 2}});
}

TEST_CASE("cli: per-second 429s are retried after Retry-After and nothing is lost", "[cli]") {
  fake_jsearch_process fake({"--rps", "1"});
  test::temp_dir dir;
  auto run = collect("sqlite:jobpilot.db", dir.path, fake.base_url, {"--query", "registered nurse", "--pages", "3"},
                     "collector:\n  workers: 3\n  requests_per_second: 0\n  max_attempts: 5\n  backoff_initial: 100ms\n");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("3 stored"));
  auto calls = fake.calls();
  auto burst = calls.at("by_path").as_object().at("/search").as_object();
  CHECK(burst.contains("rate_limited"));  // the per-second limit was hit and retried
  auto db = open_db("sqlite:jobpilot.db", dir.path);
  storage::api_usage_repository usage(db);
  CHECK(usage.ledger().calls_recorded == calls.at("total").as_int64());
  CHECK(calls.at("total").as_int64() > 3);
  CHECK(body_files(dir.path).size() == 3);
}

TEST_CASE("cli: collection pauses when the processing backlog is over its limit", "[cli]") {
  fake_jsearch_process fake({});
  test::temp_dir dir;
  auto run = collect("sqlite:jobpilot.db", dir.path, fake.base_url, {"--query", "warehouse", "--pages", "5"},
                     "collector:\n  workers: 1\n  max_backlog: 2\n");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  // The third page is refused before its call, and collection stops: pages 4 and 5 are not asked for.
  CHECK_THAT(run.out, Catch::Contains("2 stored") && Catch::Contains("1 failed") && Catch::Contains("2 page(s) not requested"));
  CHECK_THAT(run.err, Catch::Contains("collector.max_backlog 2"));
  CHECK(fake.calls().at("total").as_int64() == 2);  // nothing bought beyond the backlog limit
}
