#include "app/commands.hpp"
#include "fake_jsearch/fake_server.hpp"
#include "fake_jsearch/generator.hpp"
#include "fake_jsearch/recorded_corpus.hpp"
#include "storage/atomic_file.hpp"
#include "storage/database.hpp"

#include <boost/json.hpp>

#include <csignal>
#include <iostream>

namespace jobpilot::app {

int run_fake_jsearch(const global_options&, const fake_options& o) {
  fake_jsearch::service_options so;
  if (!o.responses_dir.empty()) {
    std::string err;
    auto recorded = fake_jsearch::load_recorded(o.responses_dir, &err);
    if (!recorded) {
      std::cerr << "error: --responses " << o.responses_dir << ": " << err << "\n";
      return exit_usage;
    }
    so.jobs = std::move(*recorded);
  } else {
    fake_jsearch::generator_options go;
    go.seed = o.seed;
    go.postings = o.postings;
    go.current_share = o.current_share;
    so.jobs = fake_jsearch::generate(go);
  }
  if (!o.labels_out.empty()) {
    try {
      storage::atomic_write_file(o.labels_out, boost::json::serialize(fake_jsearch::labels_json(so.jobs)));
    } catch (const storage::storage_error& e) {
      std::cerr << "error: --labels-out: " << e.what() << "\n";
      return exit_failure;
    }
  }
  so.max_page = o.max_page;
  so.monthly_quota = o.monthly_quota;
  so.requests_per_second = o.requests_per_second;
  so.cost = *fake_jsearch::parse_cost_model(o.cost_model);
  if (!o.api_key.empty()) so.expected_api_key = o.api_key;
  so.latency_ms = o.latency_ms;
  so.latency_p99_ms = o.latency_p99_ms;
  so.hang_ms = std::chrono::milliseconds(o.hang_ms);
  so.fault_seed = o.seed;
  so.faults = {o.burst_429_rate, o.quota_429_rate,     o.error_5xx_rate,    o.hang_rate,
               o.cut_rate,       o.malformed_json_rate, o.invalid_utf8_rate, o.truncate_rate};
  std::size_t postings = so.jobs.postings.size();

  // Block the stop signals before any server thread exists, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  net::http_server_options ho;
  ho.host = o.host;
  ho.port = o.port;
  fake_jsearch::fake_server server(std::move(so), ho);
  std::string err;
  if (!server.start(&err)) {
    std::cerr << "error: cannot listen on " << o.host << ":" << o.port << ": " << err << "\n";
    return exit_failure;
  }
  std::cerr << "fake-jsearch: serving " << postings << " postings; GET /__calls for counts, /__labels for labels\n";
  std::cout << "listening on " << server.host() << ":" << server.port() << std::endl;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  auto calls = server.svc().calls();
  std::cerr << "fake-jsearch: stopped after " << calls.total << " calls\n";
  return exit_ok;
}

}  // namespace jobpilot::app
