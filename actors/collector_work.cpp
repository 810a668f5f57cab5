#include "actors/collector_work.hpp"

#include "core/collect_policy.hpp"
#include "core/stage_machine.hpp"
#include "core/ids.hpp"
#include "core/jsearch_model.hpp"
#include "core/jsearch_errors.hpp"
#include "core/time_format.hpp"
#include "net/http_client.hpp"
#include "storage/alert_repository.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/collection_request_repository.hpp"
#include "storage/database.hpp"
#include "storage/database_guard.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/job_repository.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/raw_file_store.hpp"
#include "supervision/circuit_breaker.hpp"
#include "supervision/quota_guard.hpp"
#include "supervision/rate_limiter.hpp"
#include "supervision/retry_policy.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <optional>
#include <random>
#include <thread>
#include <unistd.h>

namespace jobpilot::actors {

namespace {

using steady = std::chrono::steady_clock;
using core::collect_status;
using core::collect_stop;

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
  core::attempt_facts facts;
  net::header_list headers;
  std::string body;
  std::int64_t elapsed_ms = 0;
  std::string transport;  // failure kind, empty when a whole reply arrived
};

}  // namespace

std::string default_spool_dir() { return "/var/tmp/jobpilot-etl-spool-" + std::to_string(::getuid()); }

std::shared_ptr<const collector_context> make_collector_context(stage_deps deps, const config::settings& settings,
                                                                std::string api_key) {
  auto ctx = std::make_shared<collector_context>();
  ctx->deps = std::move(deps);
  ctx->data_dir = settings.data_dir;
  ctx->spool_dir = settings.collector.spool_dir.empty() ? default_spool_dir() : settings.collector.spool_dir;
  ctx->jsearch = settings.jsearch;
  ctx->collector = settings.collector;
  ctx->api_key = std::move(api_key);
  const auto& b = settings.jsearch.breaker;
  ctx->breaker = std::make_shared<supervision::shared_circuit_breaker>(
      supervision::breaker_settings{b.max_failures, b.call_timeout, b.reset_timeout, b.max_reset_timeout,
                                    b.backoff_factor, b.random_factor},
      supervision::make_random_uniform_source());
  ctx->limiter = std::make_shared<supervision::rate_limiter>(
      supervision::rate_limit_settings{settings.collector.requests_per_second, 1.0});
  supervision::quota_settings qs;
  qs.reserve = settings.collector.quota_reserve;
  qs.alert_ratio = settings.collector.quota_alert_ratio;
  ctx->quota = std::make_shared<supervision::quota_guard>(qs);
  // What earlier runs learned about the quota holds in this one: a spent quota makes no call.
  auto ledger = ctx->deps.guard->run("read the quota ledger",
                                     [&] { return storage::api_usage_repository(ctx->deps.db).ledger(); });
  auto age_of = [](const storage::api_usage_row& row) {
    auto when = core::parse_iso8601_utc(row.recorded_at);
    auto age = when ? std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *when)
                    : std::chrono::seconds(0);
    return std::max(age, std::chrono::seconds(0));
  };
  if (const auto& last = ledger.latest_with_headers)
    ctx->quota->restore(last->requests_limit, last->requests_remaining, last->requests_reset_seconds,
                        last->outcome == core::to_string(core::call_outcome::quota_exhausted), age_of(*last),
                        steady::now());
  // A monthly-quota 429 holds for its whole period, whatever a reply already on its way said later.
  if (const auto& refused = ledger.latest_quota_exhausted)
    ctx->quota->restore(std::nullopt, std::nullopt, refused->requests_reset_seconds.value_or(3600), true,
                        age_of(*refused), steady::now());
  return ctx;
}

struct collector_work::impl {
  std::shared_ptr<const collector_context> ctx;
  std::unique_ptr<net::http_client> client;
  core::uuid_generator ids;
  std::mt19937_64 rng{std::random_device{}()};
  storage::raw_file_store files;
  storage::raw_file_store spool;
  storage::raw_collection_repository raws;
  storage::collection_request_repository requests;
  storage::api_usage_repository usage;
  storage::failed_operation_repository dead_letters;
  storage::alert_repository alerts;
  storage::job_repository jobs;
  supervision::retry_policy retry;

  explicit impl(std::shared_ptr<const collector_context> c)
      : ctx(std::move(c)),
        files(ctx->data_dir),
        spool(storage::raw_file_store::spool(ctx->spool_dir)),
        raws(ctx->deps.db),
        requests(ctx->deps.db),
        usage(ctx->deps.db),
        dead_letters(ctx->deps.db),
        alerts(ctx->deps.db),
        jobs(ctx->deps.db),
        retry(supervision::retry_settings{ctx->collector.max_attempts, ctx->collector.backoff_initial,
                                          ctx->collector.backoff_max, std::chrono::minutes(10)}) {}

  spdlog::logger& log() { return ctx->deps.log ? *ctx->deps.log : *spdlog::default_logger(); }
  storage::database_guard& guard() { return *ctx->deps.guard; }

  // Second line of defence: the key is only ever put in a header, but nothing that reaches a log,
  // row or file may contain it even by accident.
  std::string scrub(std::string text) const {
    const auto& key = ctx->api_key;
    if (key.size() < 4) return text;
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos)) text.replace(pos, key.size(), "***");
    return text;
  }

  double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

  bool stopping() const { return ctx->deps.stopping && ctx->deps.stopping->load(); }

  // Waits, unless the run ends meanwhile; false then.
  bool pause(std::chrono::milliseconds d) {
    for (auto until = steady::now() + d; steady::now() < until;) {
      if (stopping()) return false;
      std::this_thread::sleep_for(std::min<steady::duration>(until - steady::now(), std::chrono::milliseconds(50)));
    }
    return !stopping();
  }

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
      out.facts.reached_server = true;
      out.facts.whole_reply = true;
      out.facts.http_status = r->status;
      out.headers = std::move(r->headers);
      out.body = std::move(r->body);
      out.elapsed_ms = r->elapsed.count();
      out.facts.cls = core::classify_reply(out.facts.http_status, out.headers, out.body);
    } else {
      auto& f = std::get<net::http_failure>(result);
      out.facts.reached_server = f.request_sent;
      out.facts.http_status = f.status;
      out.headers = std::move(f.headers);
      out.body = std::move(f.partial_body);
      out.transport = net::to_string(f.what);
      out.facts.cls = core::classify_transport_failure(to_transport(f.what), scrub(f.message));
    }
    out.facts.cls.message = scrub(out.facts.cls.message);
    return out;
  }

  // Keeps a paid reply: the file (metadata first, then the body), then the row. When neither the
  // data dir nor the database takes it, the spool does, and collection stops. Returns the collection
  // id; `stop` and `error` say what went wrong.
  std::string store(const messages::collect_request& request, const std::string& request_id,
                    const std::string& params_json, const std::string& hash, attempt_outcome& a, int attempt,
                    core::sys_time when, collect_stop& stop, std::string& error) {
    const std::string collection_id = ids.next();
    const bool usable = a.facts.cls.action == core::retry_class::none;
    auto qh = core::parse_quota_headers(a.headers);
    boost::json::object metadata{{"response_time_ms", a.elapsed_ms},
                                 {"job_count", a.facts.cls.job_count},
                                 {"api_calls_used", 1},
                                 {"collection_strategy", request.strategy},
                                 {"http_status", a.facts.http_status},
                                 {"outcome", core::to_string(a.facts.cls.outcome)},
                                 {"attempt", attempt},
                                 {"body_bytes", a.body.size()},
                                 {"quota", boost::json::object{{"limit", optional_int(qh.limit)},
                                                               {"remaining", optional_int(qh.remaining)},
                                                               {"reset_seconds", optional_int(qh.reset_seconds)}}}};
    if (auto* rid = net::find_header(a.headers, "x-rapidapi-request-id")) metadata["rapidapi_request_id"] = *rid;
    boost::json::value error_info = nullptr;
    if (!usable)
      error_info = boost::json::object{{"outcome", core::to_string(a.facts.cls.outcome)},
                                       {"retry_class", core::to_string(a.facts.cls.action)},
                                       {"message", a.facts.cls.message},
                                       {"transport", a.transport.empty() ? boost::json::value(nullptr)
                                                                         : boost::json::value(a.transport)}};
    const std::string status = usable ? "pending" : "failed";
    const std::string ts = core::iso8601_utc(when);
    boost::json::error_code ec;
    const std::string meta = boost::json::serialize(boost::json::object{{"collection_id", collection_id},
                                                                         {"request_id", request_id},
                                                                         {"timestamp", ts},
                                                                         {"api_provider", "jsearch"},
                                                                         {"endpoint", request.query.endpoint},
                                                                         {"query_params", boost::json::parse(params_json, ec)},
                                                                         {"query_hash", hash},
                                                                         {"metadata", metadata},
                                                                         {"processing_status", status},
                                                                         {"error_info", error_info}});
    std::string file_path, file_error;
    try {
      file_path = files.write(collection_id, when, a.body, meta).string();
    } catch (const storage::storage_error& e) {
      file_error = e.what();
      std::error_code rm;
      std::filesystem::remove(storage::raw_file_store::meta_path_for(files.body_path(collection_id, when)), rm);
    }
    storage::raw_collection_row row;
    row.collection_id = collection_id;
    row.request_id = request_id;
    row.timestamp = ts;
    row.endpoint = request.query.endpoint;
    row.query_params_json = params_json;
    row.query_hash = hash;
    row.body_is_json = usable;
    row.http_status = a.facts.http_status;
    row.metadata_json = boost::json::serialize(metadata);
    row.processing_status = status;
    row.error_info_json = usable ? std::string() : boost::json::serialize(error_info);
    row.file_path = file_path;
    row.attempt = attempt;
    row.body = std::move(a.body);  // lent to the row and taken back: a large reply is not copied
    std::string row_error;
    try {
      guard().run("store the raw reply", [&] { raws.insert(row); });
    } catch (const storage::storage_error& e) {
      row_error = e.what();
    }
    a.body = std::move(row.body);
    if (row_error.empty()) {
      if (!file_error.empty()) log().warn("collection {}: no file copy ({}); the database has the reply", collection_id, file_error);
      return collection_id;
    }
    if (!file_error.empty()) {
      // Neither the data dir nor the database took it: the spool does, and no further page is bought.
      stop = collect_stop::storage_failed;
      try {
        auto spooled = spool.write(collection_id, when, a.body, meta);
        error = "the reply could not be stored (file: " + file_error + "; database: " + row_error +
                "); it is kept in the spool " + spooled.string() +
                " and imported by the next run; collection stopped";
      } catch (const storage::storage_error& e) {
        error = "the reply could not be stored (file: " + file_error + "; database: " + row_error +
                "; spool: " + e.what() + "): it is LOST; collection stopped";
      }
      log().error("collection {}: {}", collection_id, error);
      return collection_id;
    }
    // On disk, not in the database: the next run imports it. Buying more while the database refuses
    // would only pile up files.
    stop = collect_stop::storage_failed;
    error = "the raw row could not be written (" + row_error + "); the reply is kept in " + file_path +
            " for import by the next run; collection stopped";
    log().error("collection {}: {}", collection_id, error);
    return collection_id;
  }

  // The outcome goes to the breaker; an opening is logged with its stay in wall-clock time (epoch
  // milliseconds too, so the chaos test can check the server saw no call meanwhile).
  void record_breaker(const supervision::breaker_permit& permit, bool success, std::chrono::milliseconds took,
                      steady::time_point now) {
    const auto opened_before = ctx->breaker->snapshot().times_opened();
    ctx->breaker->record(permit, success, took, now);
    const auto after = ctx->breaker->snapshot();
    if (after.times_opened() == opened_before || after.state() != supervision::breaker_state::open) return;
    auto wall = [&](steady::time_point t) {
      return std::chrono::system_clock::now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(t - now);
    };
    auto ms = [](std::chrono::system_clock::time_point t) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    };
    log().warn("JSearch circuit breaker opened after {} failure(s): no call until {} (epoch ms {} to {})",
               after.settings().max_failures, core::iso8601_utc(wall(after.open_until())), ms(wall(now)),
               ms(wall(after.open_until())));
  }

  // Every call that reached the server goes into the quota ledger, paid or not.
  void record_usage(const messages::collect_request& request, const attempt_outcome& a, core::sys_time when,
                    const std::string& collection_id) {
    auto qh = core::parse_quota_headers(a.headers);
    storage::api_usage_row u;
    u.recorded_at = core::iso8601_utc(when);
    u.endpoint = request.query.endpoint;
    u.collection_id = collection_id;
    u.http_status = a.facts.http_status;
    u.outcome = core::to_string(a.facts.cls.outcome);
    u.calls_used = 1;
    u.requests_limit = qh.limit;
    u.requests_remaining = qh.remaining;
    u.requests_reset_seconds = qh.reset_seconds;
    u.response_ms = a.elapsed_ms;
    if (ctx->on_call) ctx->on_call(u);
    try {
      guard().run("record API usage", [&] { usage.record(u); });
    } catch (const storage::storage_error& e) {
      log().error("api usage of request {} not recorded: {}", collection_id, e.what());
    }
  }

  // The seed's alert: 80 % (collector.quota_alert_ratio) of the monthly quota used. Once per period.
  void alert_quota() {
    auto& q = *ctx->quota;
    if (!q.alert()) return;
    auto reset = q.reset_at();
    auto until = reset ? std::chrono::system_clock::now() +
                             std::chrono::duration_cast<std::chrono::system_clock::duration>(*reset - steady::now())
                       : std::chrono::system_clock::now();
    const std::string period = core::iso8601_utc(std::chrono::time_point_cast<std::chrono::hours>(until));
    const auto used = static_cast<int>(q.used_ratio() * 100 + 0.5);
    const std::string message = "JSearch quota " + std::to_string(used) + " % used (" +
                                std::to_string(q.limit().value_or(0) - q.remaining().value_or(0)) + " of " +
                                std::to_string(q.limit().value_or(0)) + " calls); the period ends " + period;
    try {
      if (guard().run("raise the quota alert", [&] { return alerts.raise("quota_80_percent", period, message); }))
        log().warn("ALERT: {}", message);
    } catch (const storage::storage_error& e) {
      log().warn("ALERT: {} (not recorded: {})", message, e.what());
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
    ctx->deps.observer->dead_letter("collector");
    try {
      guard().run("record a dead letter", [&] { dead_letters.record(d); });
    } catch (const storage::storage_error& e) {
      log().error("dead letter for request {} not recorded: {}", request_id, e.what());
    }
  }

  // The request's row; a row that cannot be written leaves the raw rows without one, it does not
  // make them fail (their request_id is then NULL).
  std::string record_request(const messages::collect_request& request, const std::string& request_id,
                             const std::string& params_json, const std::string& hash, int max_attempts) {
    try {
      return guard().run("record the collection request", [&] {
        auto existing = requests.get(request_id);
        if (!existing) {
          storage::collection_request_row r;
          r.request_id = request_id;
          r.strategy = request.strategy;
          r.endpoint = request.query.endpoint;
          r.query_params_json = params_json;
          r.query_hash = hash;
          r.priority = request.priority;
          r.status = core::to_string(core::request_status::running);
          r.max_attempts = max_attempts;
          r.claimed_by = ctx->deps.owner;
          requests.insert(r);
        }
        return request_id;
      });
    } catch (const storage::storage_error& e) {
      log().error("collection request {} not recorded ({}); its replies are stored without it", request_id, e.what());
      return {};
    }
  }

  messages::collect_result run(const messages::collect_request& request) {
    messages::collect_result res;
    res.request_id = request.request_id.empty() ? ids.next() : request.request_id;
    const auto& q = request.query;
    if (auto err = core::validate(q); !err.empty()) {
      res.stop = collect_stop::invalid_request;
      res.error = "invalid request: " + err;
      return res;
    }
    const std::string params_json = core::canonical_params_json(q);
    const std::string hash = core::query_hash(q);
    const int max_attempts = request.max_attempts > 0 ? request.max_attempts : ctx->collector.max_attempts;
    const std::string row_request_id = record_request(request, res.request_id, params_json, hash, max_attempts);

    try {
      if (request.use_cache && ctx->collector.cache_ttl.count() > 0) {
        auto since = core::iso8601_utc(std::chrono::system_clock::now() - ctx->collector.cache_ttl);
        if (auto cached = guard().run("look up the cache", [&] { return raws.find_cached(hash, since); })) {
          res.collection_id = *cached;
          res.status = collect_status::cached;
          if (auto row = guard().run("read the cached reply", [&] { return raws.get(*cached); })) {
            auto cls = core::classify_reply(row->http_status == 0 ? 200 : row->http_status, {}, row->body);
            res.job_count = cls.job_count;
            if (cls.next_cursor) res.next_cursor = *cls.next_cursor;  // search-v2 goes on from the cache too
            if (cls.outcome == core::call_outcome::no_results) res.stop = collect_stop::empty_page;
          }
          log().info("request {} answered from the raw store (collection {}), no API call", res.request_id, *cached);
          finish(row_request_id, res);
          return res;
        }
      }
      // Backpressure: do not buy more data than processing keeps up with.
      auto backlog = guard().run("count the backlog", [&] { return raws.count_unfinished(); });
      if (backlog >= ctx->collector.max_backlog) {
        res.stop = collect_stop::backlog_full;
        res.error = std::to_string(backlog) + " raw collections wait for processing (collector.max_backlog " +
                    std::to_string(ctx->collector.max_backlog) + "): no call made; run `jobpilot-etl process`";
        log().warn("request {}: {}", res.request_id, res.error);
        finish(row_request_id, res);
        return res;
      }
    } catch (const storage::storage_error& e) {
      res.stop = collect_stop::storage_failed;
      res.error = std::string("the database is unavailable, no call made: ") + e.what();
      log().error("request {}: {}", res.request_id, res.error);
      return res;
    }

    std::string url_error;
    net::http_client* c = http(url_error);
    if (!c) {
      res.stop = collect_stop::invalid_request;
      res.error = "invalid jsearch.base_url: " + url_error;
      finish(row_request_id, res);
      return res;
    }

    // The breaker's openings when this request first found it open: it gives up after
    // core::breaker_reopenings_before_giving_up more (failed probes) while it waits.
    std::optional<std::uint64_t> opened_when_waiting;
    for (int attempt = 1; attempt <= max_attempts;) {
      res.attempts = attempt;
      // The limiter's wait comes first, so the gate below decides on what holds when the call goes out.
      if (!pause(ctx->limiter->acquire_delay(steady::now()))) {
        res.error = "stopped: the run ended before the call";
        break;
      }
      const auto now = steady::now();
      auto permit = ctx->breaker->try_acquire(now);
      const bool reserved = permit && ctx->quota->try_reserve(now);
      if (permit && !reserved) ctx->breaker->release(*permit, now);
      int reopened = 0;
      if (!permit) {
        const auto opened = ctx->breaker->snapshot().times_opened();
        if (!opened_when_waiting) opened_when_waiting = opened;
        reopened = static_cast<int>(opened - *opened_when_waiting);
      }
      const auto gate = core::decide_gate(reserved || !permit, permit.has_value(), reopened);
      if (gate == core::gate_decision::stop_quota) {
        auto rem = ctx->quota->remaining();
        res.status = collect_status::failed;
        res.outcome = core::call_outcome::quota_exhausted;
        res.stop = collect_stop::quota_exhausted;
        res.error = "JSearch quota exhausted (remaining " + (rem ? std::to_string(*rem) : std::string("unknown")) +
                    ", reserve " + std::to_string(ctx->collector.quota_reserve) +
                    "): no call made; collection resumes after the quota resets";
        log().error("request {}: {}", res.request_id, res.error);
        break;
      }
      if (gate == core::gate_decision::give_up_breaker) {
        res.stop = collect_stop::circuit_open;
        res.error = "JSearch looks down: its circuit breaker failed " + std::to_string(reopened) +
                    " probes in a row while this page waited; collection stopped";
        log().error("request {}: {}", res.request_id, res.error);
        break;
      }
      if (gate == core::gate_decision::wait_for_breaker) {
        // Open: wait out the stay. Half-open: another caller's probe is out; look again shortly.
        auto wait = std::max(ctx->breaker->snapshot().open_until() - steady::now(), steady::duration::zero());
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait) + std::chrono::milliseconds(20);
        log().debug("request {}: the JSearch breaker is open, waiting {} ms", res.request_id, ms.count());
        if (!pause(ms)) {
          res.error = "stopped: the run ended while the breaker was open";
          break;
        }
        continue;
      }

      if (permit->trial) log().info("request {}: the probe call the JSearch breaker lets through", res.request_id);
      auto when = std::chrono::system_clock::now();
      attempt_outcome a = call(*c, q);
      const auto after = steady::now();
      const auto verdict = core::judge_attempt(a.facts, attempt, max_attempts);
      record_breaker(*permit, !verdict.breaker_failure, std::chrono::milliseconds(a.elapsed_ms), after);
      auto qh = core::parse_quota_headers(a.headers);
      if (a.facts.reached_server) ctx->quota->update(qh.limit, qh.remaining, qh.reset_seconds, after);
      if (verdict.quota_exhausted) ctx->quota->mark_exhausted(qh.reset_seconds, after);

      const auto& cls = a.facts.cls;
      res.outcome = cls.outcome;
      res.response_ms = a.elapsed_ms;
      res.error.clear();
      std::string collection_id;
      if (a.facts.reached_server) {
        ++res.api_calls;
        collect_stop store_stop = collect_stop::none;
        std::string store_error;
        if (verdict.keep_reply) {
          collection_id = store(request, row_request_id, params_json, hash, a, attempt, when, store_stop, store_error);
          res.collection_id = collection_id;
        }
        record_usage(request, a, when, collection_id);
        alert_quota();
        if (store_stop != collect_stop::none) {
          res.status = collect_status::failed;
          res.stop = store_stop;
          res.error = store_error;
          break;
        }
      }
      if (verdict.reply_usable) {
        res.status = collect_status::stored;
        res.job_count = cls.job_count;
        res.stop = verdict.stop;
        if (cls.next_cursor) res.next_cursor = *cls.next_cursor;
        if (res.stop == collect_stop::none && request.known_before_ms > 0 && nothing_new(a.body, request.known_before_ms)) {
          res.stop = collect_stop::known_only;
          log().info("request {} ({} page {}): all {} jobs are stored already: the later pages of this search are "
                     "not bought", res.request_id, core::effective_query_text(q), q.page, res.job_count);
        }
        log().info("request {} ({} page {}): {} jobs, HTTP {}, {} ms -> collection {}", res.request_id,
                   core::effective_query_text(q), q.page, res.job_count, a.facts.http_status, a.elapsed_ms,
                   res.collection_id);
        break;
      }
      res.status = collect_status::failed;
      res.stop = verdict.stop;
      res.error = cls.message;
      if (verdict.quota_exhausted) {
        log().error("request {}: monthly quota exhausted: {}", res.request_id, cls.message);
        break;
      }
      if (verdict.dead_letter) {
        log().error("request {} failed after {} attempt(s): {}", res.request_id, attempt, cls.message);
        // A replayed dead letter is the same request: its letter is updated (run() below), not doubled.
        if (request.replay_of.empty()) dead_letter(params_json, res.request_id, res.collection_id, cls, attempt);
        break;
      }
      auto delay = retry.next_delay(attempt, true, cls.retry_after, uniform()).value_or(std::chrono::milliseconds(0));
      log().warn("request {} attempt {}/{}: {}; retrying in {} ms", res.request_id, attempt, max_attempts,
                 cls.message, delay.count());
      if (!pause(delay)) break;
      ++attempt;
    }
    finish(row_request_id, res);
    return res;
  }

  // Incremental collection: a page whose every job was loaded before this run began (jobs this run
  // loads meanwhile do not count, so what a run buys never depends on how fast it processes).
  bool nothing_new(const std::string& body, std::int64_t known_before_ms) {
    if (!ctx->collector.stop_on_known_page) return false;
    const auto ids = core::job_ids_on_page(body);
    if (ids.empty()) return false;
    const auto before = core::iso8601_utc(core::sys_time(std::chrono::milliseconds(known_before_ms)));
    try {
      return guard().run("look up known jobs", [&] { return jobs.count_known(ids, before); }) == ids.size();
    } catch (const storage::storage_error& e) {
      log().warn("known jobs not looked up (the search goes on): {}", e.what());
      return false;
    }
  }

  void finish(const std::string& row_request_id, const messages::collect_result& res) {
    if (row_request_id.empty()) return;
    const bool failed = res.status == collect_status::failed;
    try {
      guard().run("update the collection request", [&] {
        requests.update(row_request_id,
                        core::to_string(failed ? core::request_status::failed : core::request_status::done),
                        res.attempts, res.error);
      });
    } catch (const storage::storage_error& e) {
      log().error("collection request {} status not updated: {}", row_request_id, e.what());
    }
  }
};

collector_work::collector_work(std::shared_ptr<const collector_context> ctx)
    : impl_(std::make_unique<impl>(std::move(ctx))) {}

collector_work::~collector_work() = default;

messages::collect_result collector_work::run(const messages::collect_request& request) {
  messages::collect_result res;
  try {
    res = impl_->run(request);
  } catch (const std::exception& e) {
    res.request_id = request.request_id;
    res.status = collect_status::failed;
    res.stop = collect_stop::storage_failed;
    res.error = impl_->scrub(std::string("unexpected error: ") + e.what());
    impl_->log().error("request {}: {}", request.request_id, res.error);
  }
  if (!request.replay_of.empty()) {
    // A replayed collector dead letter: resolved once a reply is stored, else waiting again.
    try {
      storage::failed_operation_repository letters(impl_->ctx->deps.db);
      letters.set_status(request.replay_of, res.status == collect_status::failed ? "pending" : "resolved",
                         res.attempts, res.status == collect_status::failed ? res.error : std::string());
    } catch (const storage::storage_error& e) {
      impl_->log().error("dead letter {} not updated: {}", request.replay_of, e.what());
    }
  }
  return res;
}

}  // namespace jobpilot::actors
