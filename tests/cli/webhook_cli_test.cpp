// hooks.after_load: a POST per loaded collection to a real HTTP receiver on loopback, retried
// through its failures, with the bearer token; a receiver that stays down leaves dead letters.
#include "net/http_server.hpp"
#include "tests/support/cli_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>

using namespace jobpilot;
using test::count;

namespace {

/// Answers `failures` requests with 500, then 200; keeps the bodies and Authorization headers of the 200s.
struct receiver {
  std::atomic<int> requests{0};
  int failures = 0;
  std::mutex mu;
  std::vector<boost::json::object> delivered;
  std::vector<std::string> auth;
  net::http_server server;

  explicit receiver(int fail_first)
      : failures(fail_first), server(net::http_server_options{}, [this](const net::http_request& r) {
          net::server_reply reply;
          if (requests++ < failures) {
            reply.response.status = 500;
            return reply;
          }
          std::lock_guard<std::mutex> lock(mu);
          delivered.push_back(boost::json::parse(r.body).as_object());
          const auto* a = net::find_header(r.headers, "Authorization");
          auth.push_back(a ? *a : "");
          reply.response.status = 204;
          return reply;
        }) {
    REQUIRE(server.start());
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/hooks/loaded"; }
};

std::string config(const std::string& url, int max_attempts) {
  return "collector:\n  requests_per_second: 0\n"
         "run:\n  queries: [\"software engineer\"]\n  locations: []\n  pages: 3\n"
         "hooks:\n  after_load:\n    url: \"" + url + "\"\n    token_env: HOOK_TOKEN\n    max_attempts: " +
         std::to_string(max_attempts) + "\n    backoff_initial: 50ms\n    backoff_max: 200ms\n    timeout: 3s\n";
}

}  // namespace

TEST_CASE("cli: hooks.after_load posts each loaded collection, through the receiver's failures", "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  receiver hook(2);  // the first two deliveries fail
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(config(hook.url(), 5));
  auto r = test::run_process(ws.command({"run", "--once", "--base-url", fake.base_url()}),
                             {"JSEARCH_API_KEY=" + test::test_api_key, "HOOK_TOKEN=hk-51f0"});
  INFO(r.out << test::tail(r.err));
  REQUIRE(r.exit_code == 0);
  auto db = ws.db();
  const auto collections = count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'");
  REQUIRE(collections == 3);
  std::lock_guard<std::mutex> lock(hook.mu);
  CHECK(hook.delivered.size() == 3);  // one per loaded collection, none lost to the failures
  CHECK(hook.requests.load() == 3 + 2);
  std::int64_t jobs_new = 0;
  std::set<std::string> ids;
  for (const auto& d : hook.delivered) {
    CHECK(d.at("event") == "collection_loaded");
    CHECK(d.at("status") == "loaded");
    ids.insert(std::string(d.at("collection_id").as_string()));
    jobs_new += d.at("jobs_new").as_int64();
  }
  CHECK(ids.size() == 3);
  CHECK(jobs_new == count(*db, "SELECT COUNT(*) FROM enhanced_jobs"));
  for (const auto& a : hook.auth) CHECK(a == "Bearer hk-51f0");
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations WHERE stage = 'hooks'") == 0);
  // The token is not written anywhere.
  CHECK(r.out.find("hk-51f0") == std::string::npos);
  CHECK(r.err.find("hk-51f0") == std::string::npos);
}

TEST_CASE("cli: a webhook receiver that stays down leaves a dead letter per collection, the run still loads",
          "[cli]") {
  test::temp_dir t;
  test::fake_jsearch fake({"--postings", "300"});
  receiver hook(1000);  // never succeeds
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  ws.write_config(config(hook.url(), 2));
  auto r = ws.run({"run", "--once", "--base-url", fake.base_url()});
  INFO(r.out << test::tail(r.err));
  CHECK(r.exit_code == 0);  // the jobs are loaded; the notifications wait as dead letters
  auto db = ws.db();
  CHECK(count(*db, "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status = 'loaded'") == 3);
  CHECK(count(*db, "SELECT COUNT(*) FROM failed_operations WHERE stage = 'hooks' AND operation = 'after_load' AND "
                   "attempts = 2 AND error = 'HTTP 500'") == 3);
  CHECK(hook.requests.load() == 3 * 2);
}
