#include "app/webhook_notifier.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"
#include "storage/failed_operation_repository.hpp"
#include "supervision/retry_policy.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <variant>

namespace jobpilot::app {

namespace {
using steady = std::chrono::steady_clock;
}

struct webhook_notifier::impl {
  config::webhook_settings settings;
  std::shared_ptr<storage::database> db;
  std::shared_ptr<spdlog::logger> log;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> queue;  // JSON bodies
  bool closing = false;
  steady::time_point deadline = steady::time_point::max();  // set when closing: deliver until then
  supervision::retry_policy retry;  // the collector's backoff rule: full jitter up to backoff_max
  std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> uniform{0.0, 1.0};
  std::thread worker;

  impl(config::webhook_settings s, std::shared_ptr<storage::database> d, std::shared_ptr<spdlog::logger> l)
      : settings(std::move(s)),
        db(std::move(d)),
        log(std::move(l)),
        retry(supervision::retry_settings{settings.max_attempts, settings.backoff_initial, settings.backoff_max,
                                          settings.backoff_max}) {
    worker = std::thread([this] { run(); });
  }

  // One delivery: the error, or "" when the receiver answered 2xx.
  std::string deliver(net::http_client& client, const net::url& target, const std::string& body) {
    net::http_request req;
    req.method = "POST";
    req.target = target.path.empty() ? "/" : target.path;
    req.body = body;
    req.headers = {{"Content-Type", "application/json"}};
    if (!settings.token_env.empty())
      if (const char* token = std::getenv(settings.token_env.c_str()); token && *token)
        req.headers.emplace_back("Authorization", std::string("Bearer ") + token);
    auto res = client.send(req);
    if (auto* f = std::get_if<net::http_failure>(&res)) return f->message;
    const auto status = std::get<net::http_response>(res).status;
    return status >= 200 && status < 300 ? "" : "HTTP " + std::to_string(status);
  }

  void dead_letter(const std::string& body, const std::string& error, int attempts) {
    storage::failed_operation_row row;
    row.id = core::uuid_generator().next();
    row.stage = "hooks";
    row.operation = "after_load";
    row.payload_json = body;
    row.error = error;
    row.error_kind = "webhook";
    row.attempts = attempts;
    try {
      storage::failed_operation_repository(db).record(row);
    } catch (const std::exception& e) {
      log->error("webhook: the dead letter for {} was not recorded either: {}", body, e.what());
    }
    log->error("webhook after_load: {} not delivered after {} attempt(s) ({}): kept as a dead letter", body, attempts,
               error);
  }

  // Waits `d`, or less when closing and the deadline comes first; false once the deadline passed.
  bool wait_for(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(mu);
    const auto until = std::min(steady::now() + d, deadline);
    cv.wait_until(lock, until, [&] { return steady::now() >= deadline; });
    return steady::now() < deadline;
  }

  void run() {
    std::string parse_error;
    auto target = net::parse_url(settings.url, &parse_error);
    std::unique_ptr<net::http_client> client;
    if (target) {
      net::http_client_options o;
      o.connect_timeout = std::min(settings.timeout, o.connect_timeout);
      o.total_timeout = settings.timeout;
      client = std::make_unique<net::http_client>(*target, o);
    }
    for (;;) {
      std::string body;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) return;
        body = std::move(queue.front());
        queue.pop_front();
      }
      if (!client) {
        dead_letter(body, "hooks.after_load.url: " + parse_error, 0);
        continue;
      }
      std::string error;
      int attempt = 1;
      for (;; ++attempt) {
        error = deliver(*client, *target, body);
        if (error.empty()) break;
        auto delay = retry.next_delay(attempt, true, std::nullopt, uniform(rng));
        if (!delay) break;
        log->warn("webhook after_load attempt {}/{}: {}; retrying in {} ms", attempt, settings.max_attempts, error,
                  delay->count());
        if (!wait_for(*delay)) {
          error += " (the process ended before the next attempt)";
          break;
        }
      }
      if (!error.empty()) dead_letter(body, error, attempt);
      else log->info("webhook after_load delivered: {}", body);
      std::lock_guard<std::mutex> lock(mu);
      if (closing && steady::now() >= deadline) {
        for (auto& left : queue) dead_letter(left, "the process ended before delivery", 0);
        queue.clear();
        return;
      }
    }
  }
};

webhook_notifier::webhook_notifier(config::webhook_settings settings, std::shared_ptr<storage::database> db,
                                   std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<impl>(std::move(settings), std::move(db), std::move(log))) {}

webhook_notifier::~webhook_notifier() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->closing = true;
    impl_->deadline = steady::now() + impl_->settings.timeout;
  }
  impl_->cv.notify_all();
  impl_->worker.join();
}

void webhook_notifier::collection_loaded(const std::string& collection_id, const std::string& status,
                                         std::int64_t jobs_new, std::int64_t jobs_updated, std::int64_t postings_new) {
  auto body = boost::json::serialize(boost::json::object{
      {"event", "collection_loaded"},
      {"collection_id", collection_id},
      {"status", status},
      {"jobs_new", jobs_new},
      {"jobs_updated", jobs_updated},
      {"postings_new", postings_new},
      {"loaded_at", core::iso8601_utc(std::chrono::system_clock::now())}});
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->queue.push_back(std::move(body));
  }
  impl_->cv.notify_all();
}

}  // namespace jobpilot::app
