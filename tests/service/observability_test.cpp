// The service seen by real outside tools: a Prometheus server (Debian's prometheus) scraping it with
// the project's alert rules loaded, and headless Chromium rendering the dashboard.
#include "tests/service/service_harness.hpp"

#include "storage/cluster_node_repository.hpp"
#include "storage/database.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <netinet/in.h>
#include <regex>
#include <sys/socket.h>
#include <unistd.h>

using namespace jobpilot;
using test::http_call;

namespace {

// A port nothing listens on right now (bound and released; the tools below bind it at once).
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string host_port(const std::string& base_url) { return base_url.substr(std::string("http://").size()); }

/// A service that collected 3 pages on demand, and finished loading them.
struct collected_service {
  test::temp_dir t;
  test::fake_jsearch fake{{"--postings", "300"}};
  test::workspace ws{"sqlite:jobpilot.db", t.path};
  std::unique_ptr<test::service_process> svc;

  collected_service() {
    ws.write_config("collector:\n  requests_per_second: 0\nschedules:\nhttp:\n  port: 0\n");
    svc = std::make_unique<test::service_process>(ws, fake.base_url(),
                                                  std::vector<std::string>{"JOBPILOT_API_TOKEN=" + test::test_api_token});
    auto r = http_call(svc->base_url(), "POST", "/api/jobs/collect", R"({"query":"python developer","pages":3})",
                       {{"Authorization", "Bearer " + test::test_api_token}});
    REQUIRE(r.status == 202);
    const std::string follow(r.json().at("status_url").as_string());
    REQUIRE(svc->wait_until(
        [&] { return http_call(svc->base_url(), "GET", follow).json().at("state") == "done"; },
        std::chrono::seconds(60)));
  }
};

}  // namespace

TEST_CASE("service: a real Prometheus server scrapes the service and loads the alert rules", "[service]") {
  collected_service s;
  const int port = free_port();
  const auto config = s.t.path / "prometheus.yml";
  std::ofstream(config) << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                        << "rule_files:\n  - " << JOBPILOT_SOURCE_DIR << "/deploy/prometheus/alerts.yml\n"
                        << "scrape_configs:\n  - job_name: jobpilot\n    static_configs:\n      - targets: ['"
                        << host_port(s.svc->base_url()) << "']\n";
  test::background_process prom({"/usr/bin/prometheus", "--config.file=" + config.string(),
                                  "--storage.tsdb.path=" + (s.t.path / "tsdb").string(),
                                  "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                                 {}, true);
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  auto query = [&](const std::string& promql) -> std::string {
    std::string target = "/api/v1/query?query=";
    for (unsigned char c : promql) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      target += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string(buf);
    }
    auto r = http_call(base, "GET", target);
    if (r.status != 200) return "";
    prom.read_available();
    const auto body = r.json();
    const auto& result = body.at("data").at("result").as_array();
    if (result.empty()) return "";
    return std::string(result[0].at("value").as_array()[1].as_string());
  };
  auto ready = [&] {
    prom.read_available();
    auto r = test::try_http_call(base, "GET", "/-/ready");
    return r && r->status == 200;
  };
  bool up = false;
  for (int i = 0; i < 300 && !up; ++i) {
    if (ready()) up = query("up{job=\"jobpilot\"}") == "1";
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO(test::tail(prom.output(), 3000));
  REQUIRE(up);
  std::string stored;
  for (int i = 0; i < 100 && stored.empty(); ++i) {
    stored = query("jobpilot_pages_collected_total{result=\"stored\"}");
    if (stored.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(stored == "3");
  CHECK(query("sum(jobpilot_api_calls_total)") == "3");
  // The rules loaded, and every one evaluates without error.
  auto rules = http_call(base, "GET", "/api/v1/rules").json();
  const auto& groups = rules.at("data").at("groups").as_array();
  REQUIRE(groups.size() == 1);
  const auto& list = groups[0].at("rules").as_array();
  CHECK(list.size() == 7);
  bool evaluated = false;
  for (int i = 0; i < 50 && !evaluated; ++i) {
    auto again = http_call(base, "GET", "/api/v1/rules").json();
    evaluated = true;
    for (const auto& r : again.at("data").at("groups").as_array()[0].at("rules").as_array()) {
      INFO(boost::json::serialize(r));
      evaluated = evaluated && r.at("health") == "ok";
    }
    if (!evaluated) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(evaluated);
  prom.stop();
  CHECK(s.svc->terminate() == 0);
}

TEST_CASE("service: headless Chromium renders the dashboard with live numbers", "[service]") {
  collected_service s;
  const auto jobs = test::count(*s.ws.db(), "SELECT COUNT(*) FROM enhanced_jobs");
  REQUIRE(jobs > 0);
  // Cluster mode's nodes, as a coordinator's registry records them (the cluster test runs real ones).
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  storage::cluster_node_repository nodes(s.ws.db());
  nodes.upsert({"coord-a", "coordinator", "10.0.0.10:4790", "up", {{"processor", 4, 3, 1, 120, 0}, {"embedder", 2, 1, 0, 118, 0}},
                now_ms - 60'000, now_ms, ""});
  nodes.upsert({"worker-b", "worker", "host-b", "lost", {{"processor", 2, 0, 0, 40, 0}}, now_ms - 60'000,
                now_ms - 20'000, "connection lost"});
  // --virtual-time-budget lets the page's fetches finish before the DOM is written out.
  // Root in a container: no sandbox; a small /dev/shm: use /tmp.
  const std::vector<std::string> chromium{"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                          "--disable-dev-shm-usage", "--virtual-time-budget=10000",
                                          "--window-size=1280,1100"};
  auto args = chromium;
  args.push_back("--dump-dom");
  args.push_back(s.svc->base_url() + "/");
  auto dom = test::run_process(args, {}, std::chrono::seconds(120));
  INFO(test::tail(dom.err, 2000));
  REQUIRE(dom.exit_code == 0);
  auto shown = [&](const std::string& id) {
    std::smatch m;
    const std::regex re("id=\"" + id + "\"[^>]*>([^<]*)<");
    return std::regex_search(dom.out, m, re) ? m[1].str() : std::string("(missing)");
  };
  CHECK(shown("jobs-total") == std::to_string(jobs));
  CHECK(shown("postings-total") == std::to_string(test::count(*s.ws.db(), "SELECT COUNT(*) FROM job_sources")));
  CHECK(shown("api-calls") == "3");
  CHECK(shown("quota-left") == "9997 left");
  CHECK(shown("collections-unfinished") == "0");
  CHECK_THAT(dom.out, Catch::Contains("<b class=\"up\">up</b>"));
  CHECK_THAT(dom.out, Catch::Contains("api_collect"));  // the run in the recent runs table
  CHECK_THAT(dom.out, Catch::Contains("<rect"));        // the throughput plot was drawn
  // The cluster's nodes, with their pools' load.
  CHECK_THAT(dom.out, Catch::Contains("<section class=\"wide\" id=\"nodes-section\">"));  // shown (not hidden)
  CHECK_THAT(dom.out, Catch::Contains("<td>coord-a</td><td>coordinator</td><td class=\"up\">up</td>"
                                      "<td>processor 3/4, 1 queued; embedder 1/2, 0 queued</td>"));
  CHECK_THAT(dom.out, Catch::Contains("<td>worker-b</td><td>worker</td><td class=\"lost\">lost</td>"));

  // A screenshot for people (README), left in the test's working directory (the build tree).
  const auto png = std::filesystem::current_path() / "dashboard.png";
  std::filesystem::remove(png);
  args = chromium;
  args.push_back("--screenshot=" + png.string());
  args.push_back(s.svc->base_url() + "/");
  auto shot = test::run_process(args, {}, std::chrono::seconds(120));
  CHECK(shot.exit_code == 0);
  CHECK(std::filesystem::file_size(png) > 10'000);
  std::cout << "dashboard screenshot: " << png.string() << "\n";
  CHECK(s.svc->terminate() == 0);
}
