// What the service tests share: `jobpilot-etl run` in the background with its HTTP port, plain
// HTTP calls to it, and waiting for a condition while the service's output is drained.
#pragma once

#include "tests/support/cli_harness.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jobpilot::test {

struct http_reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< names in lower case
  boost::json::value json() const;             ///< the body parsed (a test failure when it is not JSON)
};

/// One request on a fresh connection to `base_url` (http://host:port).
http_reply http_call(const std::string& base_url, const std::string& method, const std::string& target,
                     const std::string& body = "", const std::vector<std::pair<std::string, std::string>>& headers = {});

/// The same, but nullopt (not a test failure) when the connection fails: for waiting on a server.
std::optional<http_reply> try_http_call(const std::string& base_url, const std::string& method,
                                        const std::string& target);

/// The token the service tests configure in JOBPILOT_API_TOKEN.
extern const std::string test_api_token;

/// `jobpilot-etl run --base-url FAKE` for a workspace, until it says where it listens.
class service_process {
public:
  /// `wait_ready`: also wait until /readyz says 200 (the database is migrated, the stages are up).
  service_process(const workspace& ws, const std::string& fake_url, std::vector<std::string> env = {},
                  bool wait_ready = true);
  const std::string& base_url() const { return base_url_; }
  background_process& proc() { return *proc_; }
  /// Polls `condition` every 100 ms (draining the service's output) until it holds or `timeout` passes.
  bool wait_until(const std::function<bool()>& condition, std::chrono::seconds timeout);
  /// SIGTERM, then the exit code (-1 when it did not exit within `timeout`).
  int terminate(std::chrono::seconds timeout = std::chrono::seconds(30));

private:
  std::unique_ptr<background_process> proc_;
  std::string base_url_;
};

/// Sum of a metric's samples whose label set contains `labels` (e.g. `outcome="ok"`; "" for all).
double metric_value(const std::string& metrics_text, const std::string& name, const std::string& labels = "");

/// Records a finished run of `schedule` two days before today's 00:00 UTC plus `hour`, so the
/// scheduler sees the fire times since then as missed (epoch ms of the recorded fire time).
std::int64_t seed_past_run(const workspace& ws, const std::string& schedule, int hour);

/// The schedule_runs rows of a schedule, oldest first: "state@fire_time_ms".
std::vector<std::string> schedule_rows(const workspace& ws, const std::string& schedule);

}  // namespace jobpilot::test
