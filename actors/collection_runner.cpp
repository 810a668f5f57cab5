#include "actors/collection_runner.hpp"

#include "core/ids.hpp"
#include "core/jsearch_errors.hpp"
#include "core/jsearch_model.hpp"
#include "core/time_format.hpp"
#include "net/http_client.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/collection_request_repository.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/raw_file_store.hpp"
#include "supervision/backoff.hpp"
#include "supervision/circuit_breaker.hpp"
#include "supervision/quota_guard.hpp"
#include "supervision/rate_limiter.hpp"
#include "supervision/retry_policy.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <random>
#include <thread>

namespace jobpilot::actors {

namespace {

using steady = std::chrono::steady_clock;

core::transport_failure to_transport(net::http_failure::kind k) {
  using K = net::http_failure::kind;
  switch (k) {
    case K::resolve: return core::transport_failure::resolve;
    case K::connect: return core::transport_failure::connect;
    case K::tls: return core::transport_failure::tls;
    case K::timeout: return core::transport_failure::timeout;
    case K::truncated: return core::transport_failure::truncated;
    case K::protocol: return core::transport_failure::protocol;
    case K::closed: return core::transport_failure::closed;
    case K::too_large: return core::transport_failure::too_large;
  }
  return core::transport_failure::protocol;
}

boost::json::value optional_int(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// What one HTTP attempt produced, whatever the transport did.
struct attempt_outcome {
  bool sent = false;
  int http_status = 0;
  net::header_list headers;
  std::string body;
  std::int64_t elapsed_ms = 0;
  core::classification cls;
  std::string transport;  // failure kind, empty when a whole reply arrived
};

}  // namespace

std::shared_ptr<const collector_context> make_collector_context(std::shared_ptr<storage::database> db,
                                                                std::string data_dir,
                                                                const config::settings& settings,
                                                                std::string api_key,
                                                                std::shared_ptr<spdlog::logger> log) {
  auto ctx = std::make_shared<collector_context>();
  ctx->db = std::move(db);
  ctx->data_dir = std::move(data_dir);
  ctx->jsearch = settings.jsearch;
  ctx->collector = settings.collector;
  ctx->api_key = std::move(api_key);
  supervision::breaker_settings bs;
  bs.max_failures = settings.breaker.max_failures;
  bs.call_timeout = settings.breaker.call_timeout;
  bs.reset_timeout = settings.breaker.reset_timeout;
  bs.max_reset_timeout = settings.breaker.max_reset_timeout;
  bs.backoff_factor = settings.breaker.backoff_factor;
  bs.random_factor = settings.breaker.random_factor;
  ctx->breaker = std::make_shared<supervision::shared_circuit_breaker>(bs, supervision::make_random_uniform_source());
  ctx->limiter = std::make_shared<supervision::rate_limiter>(
      supervision::rate_limit_settings{settings.collector.requests_per_second, 1.0});
  supervision::quota_settings qs;
  qs.reserve = settings.collector.quota_reserve;
  qs.alert_ratio = settings.collector.quota_alert_ratio;
  ctx->quota = std::make_shared<supervision::quota_guard>(qs);
  ctx->log = log ? std::move(log) : spdlog::default_logger();
  return ctx;
}

struct collection_runner::impl {
  std::shared_ptr<const collector_context> ctx;
  std::unique_ptr<net::http_client> client;
  core::uuid_generator ids;
  std::mt19937_64 rng{std::random_device{}()};
  storage::raw_file_store files;
  storage::raw_collection_repository raws;
  storage::collection_request_repository requests;
  storage::api_usage_repository usage;
  storage::failed_operation_repository dead_letters;
  supervision::retry_policy retry;

  explicit impl(std::shared_ptr<const collector_context> c)
      : ctx(std::move(c)),
        files(ctx->data_dir),
        raws(ctx->db),
        requests(ctx->db),
        usage(ctx->db),
        dead_letters(ctx->db),
        retry(supervision::retry_settings{ctx->collector.max_attempts, ctx->collector.backoff_initial,
                                          ctx->collector.backoff_max, std::chrono::minutes(10)}) {}

  // Second line of defence: the key is only ever put in a header, but nothing
  // that reaches a log, row or file may contain it even by accident.
  std::string scrub(std::string text) const {
    const auto& key = ctx->api_key;
    if (key.size() < 4) return text;
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos)) text.replace(pos, key.size(), "***");
    return text;
  }

  double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

  net::http_client* http(std::string& error) {
    if (client) return client.get();
    auto base = net::parse_url(ctx->jsearch.base_url, &error);
    if (!base) return nullptr;
    net::http_client_options opts;
    opts.connect_timeout = ctx->jsearch.connect_timeout;
    opts.total_timeout = ctx->jsearch.total_timeout;
    opts.ca_file = ctx->jsearch.ca_file;
    client = std::make_unique<net::http_client>(*base, opts);
    return client.get();
  }

  attempt_outcome call(net::http_client& c, const core::jsearch_query& q) {
    net::http_request req;
    req.target = core::request_target(q);
    req.headers = {{"X-RapidAPI-Key", ctx->api_key},
                   {"X-RapidAPI-Host", ctx->jsearch.rapidapi_host},
                   {"Accept", "application/json"}};
    attempt_outcome out;
    auto result = c.send(req);
    if (auto* r = std::get_if<net::http_response>(&result)) {
      out.sent = true;
      out.http_status = r->status;
      out.headers = std::move(r->headers);
      out.body = std::move(r->body);
      out.elapsed_ms = r->elapsed.count();
      out.cls = core::classify_reply(out.http_status, out.headers, out.body);
    } else {
      auto& f = std::get<net::http_failure>(result);
      out.sent = f.request_sent;
      out.http_status = f.status;
      out.headers = std::move(f.headers);
      out.body = std::move(f.partial_body);
      out.transport = net::to_string(f.what);
      out.cls = core::classify_transport_failure(to_transport(f.what), scrub(f.message));
    }
    out.cls.message = scrub(out.cls.message);
    return out;
  }

  // Writes the reply to file and database; the file first, so a database outage loses nothing.
  std::string store(const messages::collect_request& request, const std::string& request_id,
                    const std::string& params_json, const std::string& hash, const attempt_outcome& a, int attempt,
                    int job_count, core::sys_time when, std::string& warning) {
    std::string collection_id = ids.next();
    bool ok = a.cls.action == core::retry_class::none;
    auto qh = core::parse_quota_headers(a.headers);
    boost::json::object metadata{{"response_time_ms", a.elapsed_ms},
                                 {"job_count", job_count},
                                 {"api_calls_used", 1},
                                 {"collection_strategy", request.strategy},
                                 {"http_status", a.http_status},
                                 {"outcome", core::to_string(a.cls.outcome)},
                                 {"attempt", attempt},
                                 {"body_bytes", a.body.size()},
                                 {"quota", boost::json::object{{"limit", optional_int(qh.limit)},
                                                               {"remaining", optional_int(qh.remaining)},
                                                               {"reset_seconds", optional_int(qh.reset_seconds)}}}};
    if (auto* rid = net::find_header(a.headers, "x-rapidapi-request-id")) metadata["rapidapi_request_id"] = *rid;
    boost::json::value error_info = nullptr;
    if (!ok)
      error_info = boost::json::object{{"outcome", core::to_string(a.cls.outcome)},
                                       {"retry_class", core::to_string(a.cls.action)},
                                       {"message", a.cls.message},
                                       {"transport", a.transport.empty() ? boost::json::value(nullptr)
                                                                         : boost::json::value(a.transport)}};
    std::string status = ok ? "pending" : "failed";
    std::string ts = core::iso8601_utc(when);
    boost::json::error_code ec;
    auto params = boost::json::parse(params_json, ec);
    boost::json::object record{{"collection_id", collection_id},
                               {"request_id", request_id},
                               {"timestamp", ts},
                               {"api_provider", "jsearch"},
                               {"endpoint", request.query.endpoint},
                               {"query_params", params},
                               {"query_hash", hash},
                               {"metadata", metadata},
                               {"processing_status", status},
                               {"error_info", error_info}};
    std::string file_path;
    try {
      file_path = files.write(collection_id, when, a.body, boost::json::serialize(record)).string();
    } catch (const storage::storage_error& e) {
      warning = std::string("raw file not written: ") + e.what();
      ctx->log->error("collection {}: {}", collection_id, warning);
    }
    storage::raw_collection_row row;
    row.collection_id = collection_id;
    row.request_id = request_id;
    row.timestamp = ts;
    row.endpoint = request.query.endpoint;
    row.query_params_json = params_json;
    row.query_hash = hash;
    row.body = a.body;
    row.body_is_json = ok;
    row.http_status = a.http_status;
    row.metadata_json = boost::json::serialize(metadata);
    row.processing_status = status;
    row.error_info_json = ok ? std::string() : boost::json::serialize(error_info);
    row.file_path = file_path;
    row.attempt = attempt;
    try {
      raws.insert(row);
    } catch (const storage::storage_error& e) {
      std::string msg = std::string("raw row not written (") + e.what() + ")";
      msg += file_path.empty() ? "; the reply is LOST" : "; kept in " + file_path + " for import";
      warning = warning.empty() ? msg : warning + "; " + msg;
      ctx->log->error("collection {}: {}", collection_id, msg);
    }
    return collection_id;
  }

  // Every call that reached the server goes into the quota ledger, paid or not.
  void record_usage(const messages::collect_request& request, const attempt_outcome& a, core::sys_time when,
                    const std::string& collection_id) {
    auto qh = core::parse_quota_headers(a.headers);
    storage::api_usage_row u;
    u.recorded_at = core::iso8601_utc(when);
    u.endpoint = request.query.endpoint;
    u.collection_id = collection_id;
    u.http_status = a.http_status;
    u.outcome = core::to_string(a.cls.outcome);
    u.calls_used = 1;
    u.requests_limit = qh.limit;
    u.requests_remaining = qh.remaining;
    u.requests_reset_seconds = qh.reset_seconds;
    u.response_ms = a.elapsed_ms;
    try {
      usage.record(u);
    } catch (const storage::storage_error& e) {
      ctx->log->error("api usage of request {} not recorded: {}", collection_id, e.what());
    }
  }

  void dead_letter(const std::string& params_json, const std::string& request_id, const std::string& collection_id,
                   const core::classification& cls, int attempts) {
    storage::failed_operation_row d;
    d.id = ids.next();
    d.stage = "collector";
    d.operation = "collect";
    boost::json::error_code ec;
    d.payload_json = boost::json::serialize(boost::json::object{
        {"request_id", request_id}, {"query_params", boost::json::parse(params_json, ec)},
        {"last_collection_id", collection_id}});
    d.error = cls.message;
    d.error_kind = core::to_string(cls.outcome);
    d.attempts = attempts;
    try {
      dead_letters.record(d);
    } catch (const storage::storage_error& e) {
      ctx->log->error("dead letter for request {} not recorded: {}", request_id, e.what());
    }
  }

  messages::collect_result run(const messages::collect_request& request) {
    messages::collect_result res;
    res.request_id = request.request_id.empty() ? ids.next() : request.request_id;
    const auto& q = request.query;
    if (auto err = core::validate(q); !err.empty()) {
      res.status = "failed";
      res.outcome = "bad_request";
      res.error = "invalid request: " + err;
      return res;
    }
    const std::string params_json = core::canonical_params_json(q);
    const std::string hash = core::query_hash(q);
    const int max_attempts = request.max_attempts > 0 ? request.max_attempts : ctx->collector.max_attempts;

    try {
      if (!requests.get(res.request_id)) {
        storage::collection_request_row r;
        r.request_id = res.request_id;
        r.strategy = request.strategy;
        r.endpoint = q.endpoint;
        r.query_params_json = params_json;
        r.query_hash = hash;
        r.priority = request.priority;
        r.status = "running";
        r.max_attempts = max_attempts;
        requests.insert(r);
      }
    } catch (const storage::storage_error& e) {
      ctx->log->error("collection request {} not recorded: {}", res.request_id, e.what());
    }

    if (request.use_cache && ctx->collector.cache_ttl.count() > 0) {
      try {
        auto since = core::iso8601_utc(std::chrono::system_clock::now() - ctx->collector.cache_ttl);
        if (auto cached = raws.find_cached(hash, since)) {
          res.collection_id = *cached;
          res.status = "cached";
          res.outcome = "cached";
          if (auto row = raws.get(*cached)) {
            auto env = core::parse_envelope(row->body);
            if (env.ok()) res.job_count = static_cast<std::int32_t>(env.page->job_values.size());
          }
          ctx->log->info("request {} answered from the raw store (collection {}), no API call", res.request_id,
                         *cached);
          finish(res);
          return res;
        }
      } catch (const storage::storage_error& e) {
        ctx->log->warn("cache lookup failed, calling the API: {}", e.what());
      }
    }

    // Backpressure: do not buy more data than processing keeps up with.
    try {
      auto backlog = raws.count_with_status("pending");
      if (backlog >= ctx->collector.max_backlog) {
        res.status = "failed";
        res.outcome = "backlog_full";
        res.error = std::to_string(backlog) + " raw collections wait for processing (collector.max_backlog " +
                    std::to_string(ctx->collector.max_backlog) + "): no call made; run `jobpilot-etl process`";
        ctx->log->warn("request {}: {}", res.request_id, res.error);
        finish(res);
        return res;
      }
    } catch (const storage::storage_error& e) {
      ctx->log->warn("backlog check failed, calling the API: {}", e.what());
    }

    std::string url_error;
    net::http_client* c = http(url_error);
    if (!c) {
      res.status = "failed";
      res.outcome = "bad_request";
      res.error = "invalid jsearch.base_url: " + url_error;
      finish(res);
      return res;
    }

    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
      res.attempts = attempt;
      auto now = steady::now();
      if (!ctx->quota->may_call(1, now)) {
        res.status = "failed";
        res.outcome = core::to_string(core::call_outcome::quota_exhausted);
        auto rem = ctx->quota->remaining();
        res.error = "JSearch quota exhausted (remaining " + (rem ? std::to_string(*rem) : std::string("unknown")) +
                    ", reserve " + std::to_string(ctx->collector.quota_reserve) +
                    "): no call made; collection resumes after the quota resets";
        ctx->log->error("request {}: {}", res.request_id, res.error);
        break;
      }
      if (!ctx->breaker->allow(now)) {
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(ctx->breaker->snapshot().open_until() - now);
        auto delay = retry.next_delay(attempt, true, wait, uniform());
        res.status = "failed";
        res.outcome = "circuit_open";
        res.error = "circuit breaker for JSearch is open after repeated failures: no call made";
        if (!delay) break;
        ctx->log->warn("request {}: breaker open, retrying in {} ms", res.request_id, delay->count());
        std::this_thread::sleep_for(*delay);
        continue;
      }
      if (auto wait = ctx->limiter->acquire_delay(now); wait.count() > 0) std::this_thread::sleep_for(wait);

      auto when = std::chrono::system_clock::now();
      attempt_outcome a = call(*c, q);
      auto after = steady::now();
      const auto& cls = a.cls;
      auto qh = core::parse_quota_headers(a.headers);
      ctx->quota->update(qh.limit, qh.remaining, qh.reset_seconds, after);
      if (cls.action == core::retry_class::quota) ctx->quota->mark_exhausted(qh.reset_seconds, after);
      // A burst 429 or a bad request says nothing about the API's health; transport trouble and 5xx do.
      if (cls.action == core::retry_class::transient && cls.outcome != core::call_outcome::rate_limited)
        ctx->breaker->on_failure(after);
      else if (a.sent)
        ctx->breaker->on_success(after);

      int job_count = 0;
      if (cls.action == core::retry_class::none) {
        auto env = core::parse_envelope(a.body);
        if (env.ok()) {
          job_count = static_cast<int>(env.page->job_values.size());
          if (env.page->cursor) res.next_cursor = *env.page->cursor;
        }
      }
      res.outcome = core::to_string(cls.outcome);
      res.response_ms = a.elapsed_ms;
      if (a.sent) {
        ++res.api_calls;
        // A 200 (even a broken one) or a reply lost in transit may have been charged: keep
        // it as a raw collection. Error statuses carry no paid data; the ledger has them.
        bool maybe_paid = a.http_status == 200 || !a.transport.empty();
        std::string collection_id;
        if (maybe_paid) {
          std::string warning;
          collection_id = store(request, res.request_id, params_json, hash, a, attempt, job_count, when, warning);
          res.collection_id = collection_id;
          if (!warning.empty()) res.error = warning;
        }
        record_usage(request, a, when, collection_id);
      }
      if (cls.action == core::retry_class::none) {
        res.status = "pending";
        res.job_count = job_count;
        ctx->log->info("request {} ({} page {}): {} jobs, HTTP {}, {} ms -> collection {}", res.request_id,
                       core::effective_query_text(q), q.page, job_count, a.http_status, a.elapsed_ms,
                       res.collection_id);
        break;
      }
      res.status = "failed";
      res.error = cls.message + (res.error.empty() ? "" : "; " + res.error);
      if (cls.action == core::retry_class::quota) {
        ctx->log->error("request {}: monthly quota exhausted: {}", res.request_id, cls.message);
        break;
      }
      auto delay = retry.next_delay(attempt, cls.action == core::retry_class::transient, cls.retry_after, uniform());
      if (!delay) {
        ctx->log->error("request {} failed after {} attempt(s): {}", res.request_id, attempt, cls.message);
        dead_letter(params_json, res.request_id, res.collection_id, cls, attempt);
        break;
      }
      ctx->log->warn("request {} attempt {}/{}: {}; retrying in {} ms", res.request_id, attempt, max_attempts,
                     cls.message, delay->count());
      res.error.clear();
      std::this_thread::sleep_for(*delay);
    }
    finish(res);
    return res;
  }

  void finish(const messages::collect_result& res) {
    try {
      requests.update(res.request_id, res.status == "failed" ? "failed" : "done", res.attempts, res.error);
    } catch (const storage::storage_error& e) {
      ctx->log->error("collection request {} status not updated: {}", res.request_id, e.what());
    }
  }
};

collection_runner::collection_runner(std::shared_ptr<const collector_context> ctx)
    : impl_(std::make_unique<impl>(std::move(ctx))) {}

collection_runner::~collection_runner() = default;

messages::collect_result collection_runner::run(const messages::collect_request& request) {
  try {
    return impl_->run(request);
  } catch (const std::exception& e) {
    messages::collect_result res;
    res.request_id = request.request_id;
    res.status = "failed";
    res.outcome = "internal_error";
    res.error = impl_->scrub(std::string("unexpected error: ") + e.what());
    impl_->ctx->log->error("request {}: {}", request.request_id, res.error);
    return res;
  }
}

}  // namespace jobpilot::actors
