#include "tests/service/service_harness.hpp"

#include "core/ascii.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/schedule_run_repository.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <csignal>
#include <thread>
#include <variant>

namespace jobpilot::test {

const std::string test_api_token = "tok-3e9b1c7d5a";

boost::json::value http_reply::json() const {
  boost::json::error_code ec;
  auto v = boost::json::parse(body, ec);
  INFO("body: " << body);
  REQUIRE_FALSE(ec);
  return v;
}

namespace {

// One request on a fresh connection; the transport's failure message when there is no reply.
std::variant<http_reply, std::string> send(const std::string& base_url, const std::string& method,
                                           const std::string& target, const std::string& body,
                                           const std::vector<std::pair<std::string, std::string>>& headers) {
  auto url = net::parse_url(base_url);
  if (!url) return "bad base url " + base_url;
  net::http_client_options o;
  o.total_timeout = std::chrono::seconds(30);
  net::http_client client(*url, o);
  net::http_request req;
  req.method = method;
  req.target = target;
  req.body = body;
  for (const auto& h : headers) req.headers.push_back(h);
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  auto res = client.send(req);
  if (auto* f = std::get_if<net::http_failure>(&res)) return f->message;
  const auto& r = std::get<net::http_response>(res);
  http_reply out;
  out.status = r.status;
  out.body = r.body;
  for (const auto& [k, v] : r.headers) out.headers[core::to_lower(k)] = v;
  return out;
}

}  // namespace

http_reply http_call(const std::string& base_url, const std::string& method, const std::string& target,
                     const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers) {
  auto r = send(base_url, method, target, body, headers);
  if (auto* failure = std::get_if<std::string>(&r)) FAIL(method << " " << target << ": " << *failure);
  return std::get<http_reply>(std::move(r));
}

std::optional<http_reply> try_http_call(const std::string& base_url, const std::string& method,
                                        const std::string& target) {
  auto r = send(base_url, method, target, "", {});
  if (std::holds_alternative<std::string>(r)) return std::nullopt;
  return std::get<http_reply>(std::move(r));
}

service_process::service_process(const workspace& ws, const std::string& fake_url, std::vector<std::string> env,
                                 bool wait_ready) {
  env.push_back("JSEARCH_API_KEY=" + test_api_key);
  proc_ = std::make_unique<background_process>(ws.command({"run", "--base-url", fake_url}), env, true);
  auto line = proc_->wait_for_line("listening on ", std::chrono::seconds(60));
  INFO(tail(proc_->output()));
  REQUIRE_FALSE(line.empty());
  base_url_ = line.substr(std::string("listening on ").size());
  while (!base_url_.empty() && (base_url_.back() == '\n' || base_url_.back() == '\r')) base_url_.pop_back();
  if (wait_ready)
    REQUIRE(wait_until([&] { return http_call(base_url_, "GET", "/readyz").status == 200; }, std::chrono::seconds(60)));
}

bool service_process::wait_until(const std::function<bool()>& condition, std::chrono::seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    proc_->read_available();
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  proc_->read_available();
  return condition();
}

int service_process::terminate(std::chrono::seconds timeout) {
  ::kill(proc_->pid(), SIGTERM);
  return proc_->wait_exit(timeout);
}

double metric_value(const std::string& text, const std::string& name, const std::string& labels) {
  double sum = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind(name, 0) != 0) continue;
    const char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != '{' && next != ' ') continue;
    if (!labels.empty() && line.find(labels) == std::string::npos) continue;
    sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

std::int64_t seed_past_run(const workspace& ws, const std::string& schedule, int hour) {
  auto db = ws.db();
  storage::migrate(*db);
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::int64_t day = 86'400'000;
  const std::int64_t fire = (now_ms / day - 2) * day + hour * 3'600'000LL;
  storage::schedule_run_repository runs(db);
  REQUIRE(runs.add_due(schedule, fire, "seeded by the test", fire));
  runs.finish(schedule, fire, "done", "", fire + 1000, 0);
  return fire;
}

std::vector<std::string> schedule_rows(const workspace& ws, const std::string& schedule) {
  auto db = ws.db();
  std::vector<std::string> out;
  db->with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT state, fire_time FROM schedule_runs WHERE schedule = :s "
                                               "ORDER BY fire_time",
                                  soci::use(schedule));
    for (const auto& r : rs) {
      const auto fire = r.get_properties(1).get_data_type() == soci::dt_long_long ? r.get<long long>(1)
                                                                                  : static_cast<long long>(r.get<int>(1));
      out.push_back(r.get<std::string>(0) + "@" + std::to_string(fire));
    }
  });
  return out;
}

}  // namespace jobpilot::test
