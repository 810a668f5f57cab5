#include "app/http_api.hpp"

#include "actors/embedding_providers.hpp"
#include "app/job_json.hpp"
#include "app/service_metrics.hpp"
#include "app/service_state.hpp"
#include "app/web_assets.hpp"
#include "core/on_demand_request.hpp"
#include "core/schedule_plan.hpp"
#include "core/time_format.hpp"
#include "net/url.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/cluster_node_repository.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/job_repository.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/schedule_run_repository.hpp"
#include "storage/search_index.hpp"

#include <boost/json.hpp>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>
#include <mutex>

namespace jobpilot::app {

namespace {

namespace json = boost::json;

net::server_reply reply(int status, std::string body, std::string content_type = "application/json") {
  net::server_reply r;
  r.response.status = status;
  r.response.headers.emplace_back("Content-Type", std::move(content_type));
  r.response.headers.emplace_back("Cache-Control", "no-store");
  r.response.body = std::move(body);
  return r;
}

net::server_reply json_reply(int status, const json::value& v) { return reply(status, json::serialize(v) + "\n"); }

net::server_reply error_reply(int status, const std::string& message) {
  return json_reply(status, json::object{{"error", message}});
}

std::string iso(std::int64_t epoch_ms) { return core::iso8601_utc(core::from_epoch_ms(epoch_ms)); }

json::value opt_iso(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(iso(*ms)) : json::value(nullptr);
}

/// "123" -> 123 within [lo, hi]; nullopt for anything else.
std::optional<int> int_param(const net::parsed_target& t, std::string_view name, int fallback, int lo, int hi,
                             std::string* error) {
  const auto* v = net::find_param(t, name);
  if (!v) return fallback;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc{} || p != v->data() + v->size() || out < lo || out > hi) {
    *error = std::string(name) + ": must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    return std::nullopt;
  }
  return out;
}

json::object run_json(const storage::schedule_run_row& r) {
  return {{"id", r.schedule + "-" + std::to_string(r.fire_time)},
          {"schedule", r.schedule},
          {"due_at", iso(r.fire_time)},
          {"state", r.state},
          {"reason", r.reason},
          {"started_at", opt_iso(r.started_at)},
          {"finished_at", opt_iso(r.finished_at)},
          {"pages", r.pages},
          {"api_calls", r.api_calls}};
}

}  // namespace

struct http_api::impl {
  service_state& state;
  service_metrics& metrics;
  std::mutex search_mutex;  // one provider and one index, made on first use; the index is rebuilt when jobs
                            // were embedded since
  std::unique_ptr<core::embedding_provider> provider;
  std::unique_ptr<storage::search_index> index;
  std::int64_t index_embeddings = -1;

  impl(service_state& s, service_metrics& m) : state(s), metrics(m) {}

  net::server_reply handle(const net::http_request& req) {
    const auto t = net::parse_target(req.target);
    const auto& path = t.path;
    const bool get = req.method == "GET" || req.method == "HEAD";
    if (path == "/healthz") return get ? json_reply(200, json::object{{"status", "alive"}}) : not_allowed("GET");
    if (path == "/readyz") return get ? readyz() : not_allowed("GET");
    if (path == "/metrics") return get ? reply(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8")
                                       : not_allowed("GET");
    if (path == "/" || path == "/index.html")
      return get ? reply(200, std::string(dashboard_html()), "text/html; charset=utf-8") : not_allowed("GET");
    if (path.rfind("/api/", 0) != 0) return error_reply(404, "no such path: " + path);

    auto db = state.db();
    if (!db) return error_reply(503, "not ready: " + state.database_error());
    try {
      if (path == "/api/health") return get ? health(db) : not_allowed("GET");
      if (path == "/api/jobs") return get ? jobs(db, t) : not_allowed("GET");
      if (path == "/api/jobs/search") return get ? search(db, t) : not_allowed("GET");
      if (path == "/api/jobs/processing-status") return get ? processing_status(db) : not_allowed("GET");
      if (path == "/api/jobs/collect") return req.method == "POST" ? collect(db, req) : not_allowed("POST");
      if (path == "/api/jobs/reprocess") return req.method == "POST" ? reprocess(db, req) : not_allowed("POST");
      if (path.rfind("/api/jobs/collect/", 0) == 0) return get ? collect_status(db, path.substr(18)) : not_allowed("GET");
      if (path.rfind("/api/jobs/", 0) == 0) return get ? job(db, path.substr(10)) : not_allowed("GET");
    } catch (const std::exception& e) {
      if (auto log = state.log()) log->warn("http: {} {}: {}", req.method, path, e.what());
      return error_reply(503, std::string("the database did not answer: ") + e.what());
    }
    return error_reply(404, "no such path: " + path);
  }

  net::server_reply not_allowed(const char* allow) {
    auto r = error_reply(405, std::string("method not allowed (use ") + allow + ")");
    r.response.headers.emplace_back("Allow", allow);
    return r;
  }

  /// 401 unless the request carries the configured bearer token; 503 when none is configured.
  std::optional<net::server_reply> refuse_unauthorised(const net::http_request& req) {
    const char* token = std::getenv(state.settings.http.token_env.c_str());
    if (!token || !*token)
      return error_reply(503, "POST endpoints are off: the environment variable " + state.settings.http.token_env +
                                  " holds no API token");
    const std::string* auth = net::find_header(req.headers, "Authorization");
    const std::string expected = std::string("Bearer ") + token;
    // Constant time: the comparison does not tell how much of a guess was right.
    if (!auth || auth->size() != expected.size() || CRYPTO_memcmp(auth->data(), expected.data(), expected.size()) != 0) {
      auto r = error_reply(401, "missing or wrong bearer token (Authorization: Bearer <token>)");
      r.response.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    return std::nullopt;
  }

  net::server_reply readyz() {
    const bool ready = state.ready();
    auto db_error = state.database_error();
    json::object components{{"database", db_error.empty() ? "up" : db_error},
                            {"stages", ready ? "up" : "not started"}};
    return json_reply(ready ? 200 : 503, json::object{{"status", ready ? "ready" : "not ready"},
                                                      {"components", components}});
  }

  net::server_reply health(const std::shared_ptr<storage::database>& db) {
    storage::raw_collection_repository raw(db);
    storage::failed_operation_repository failed(db);
    storage::api_usage_repository usage(db);
    json::object by_status;
    std::int64_t unfinished = 0;
    for (const auto& [status, n] : raw.count_by_status()) {
      by_status[status] = n;
      if (status != "loaded" && status != "partial" && status != "failed") unfinished += n;
    }
    const auto dead = failed.count("pending");
    const auto ledger = usage.ledger();
    json::object quota{{"status", "unknown"}, {"detail", "no call with quota headers yet"}};
    if (ledger.latest_with_headers && ledger.latest_with_headers->requests_remaining) {
      const auto rem = *ledger.latest_with_headers->requests_remaining;
      const auto limit = ledger.latest_with_headers->requests_limit.value_or(0);
      const bool low = limit > 0 && static_cast<double>(rem) < 0.2 * static_cast<double>(limit);
      quota = {{"status", rem <= state.settings.collector.quota_reserve ? "down" : low ? "degraded" : "up"},
               {"detail", std::to_string(rem) + " of " + std::to_string(limit) + " calls left this period"},
               {"remaining", rem},
               {"limit", limit}};
    }
    const auto ms = metrics.breaker_states();
    auto breaker_component = [&](const char* dep, const char* what) {
      auto it = ms.find(dep);
      const std::string st = it == ms.end() ? "closed" : it->second;
      return json::object{{"status", st == "closed" ? "up" : st == "half_open" ? "degraded" : "down"},
                          {"detail", std::string(what) + " circuit breaker " + st}};
    };
    json::object components{
        {"collector", breaker_component("jsearch", "JSearch")},
        {"processor", json::object{{"status", unfinished > state.settings.collector.max_backlog ? "degraded" : "up"},
                                   {"detail", std::to_string(unfinished) + " collection(s) not yet loaded"},
                                   {"collections", by_status}}},
        {"loader", json::object{{"status", dead > 0 ? "degraded" : "up"},
                                {"detail", std::to_string(dead) + " dead letter(s) waiting"}}},
        {"database", json::object{{"status", "up"}, {"detail", db->display_url()}}},
        {"api_quota", quota}};
    bool down = false, degraded = false;
    for (const auto& kv : components) {
      const auto& s = kv.value().as_object().at("status").as_string();
      down = down || s == "down";
      degraded = degraded || s == "degraded";
    }
    return json_reply(200, json::object{{"status", down ? "down" : degraded ? "degraded" : "up"},
                                        {"components", components}});
  }

  net::server_reply jobs(const std::shared_ptr<storage::database>& db, const net::parsed_target& t) {
    std::string error;
    auto limit = int_param(t, "limit", 50, 1, 500, &error);
    auto offset = limit ? int_param(t, "offset", 0, 0, 10'000'000, &error) : std::nullopt;
    if (!limit || !offset) return error_reply(400, error);
    storage::job_filter f;
    f.limit = *limit;
    f.offset = *offset;
    if (const auto* v = net::find_param(t, "title")) f.title_contains = *v;
    if (const auto* v = net::find_param(t, "company")) f.company_contains = *v;
    if (const auto* v = net::find_param(t, "location")) f.location_contains = *v;
    if (const auto* v = net::find_param(t, "remote")) {
      if (*v != "true" && *v != "false") return error_reply(400, "remote: must be true or false");
      f.remote = *v == "true";
    }
    if (const auto* v = net::find_param(t, "min_salary")) {
      char* end = nullptr;
      const double d = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || !(d >= 0)) return error_reply(400, "min_salary: must be a number >= 0");
      f.min_salary = d;
    }
    storage::job_repository repo(db);
    auto list = repo.list(f);
    json::array arr;
    std::vector<std::string> ids;
    for (const auto& j : list) ids.push_back(j.id);
    auto sources = repo.sources_of(ids);
    for (const auto& j : list) arr.push_back(with_sources(j, sources));
    return json_reply(200, json::object{{"total", repo.job_count()}, {"limit", *limit}, {"offset", *offset},
                                        {"jobs", arr}});
  }

  static json::object with_sources(const storage::job_summary& j, const std::vector<storage::job_source_row>& all) {
    auto o = to_json(j);
    json::array sources;
    std::string collection, processing;
    for (const auto& s : all)
      if (s.job_id == j.id) {
        if (collection.empty()) {
          collection = s.collection_id;
          processing = s.processing_id;
        }
        sources.push_back(to_json(s));
      }
    o["etl"] = json::object{{"source_collection_id", collection}, {"source_processing_id", processing},
                            {"postings", sources}};
    return o;
  }

  net::server_reply job(const std::shared_ptr<storage::database>& db, const std::string& id) {
    if (id.empty() || id.size() > 64 || id.find('/') != std::string::npos) return error_reply(404, "no such job");
    storage::job_repository repo(db);
    auto found = repo.get({id});
    if (found.empty()) return error_reply(404, "no job with id " + id);
    return json_reply(200, with_sources(found.front(), repo.sources_of({id})));
  }

  net::server_reply search(const std::shared_ptr<storage::database>& db, const net::parsed_target& t) {
    const auto* q = net::find_param(t, "q");
    if (!q || q->empty()) return error_reply(400, "q: required, the text to search for");
    if (q->size() > 10'000) return error_reply(400, "q: at most 10000 characters");
    std::string error;
    auto k = int_param(t, "k", 10, 1, 100, &error);
    if (!k) return error_reply(400, error);
    storage::job_repository repo(db);
    std::vector<std::pair<std::string, float>> hits;
    {
      std::lock_guard<std::mutex> lock(search_mutex);
      if (!provider) provider = actors::make_embedding_provider(state.settings.embedder, &error);
      if (!provider) return error_reply(503, "no embedding provider: " + error);
      auto embedded = provider->embed({*q});
      if (!embedded.ok() || embedded.vectors.empty())
        return error_reply(503, "cannot embed the query: " + embedded.error);
      const auto count = repo.embedding_count(provider->model());
      if (!index || count != index_embeddings) {
        std::string note;
        index = storage::search_index::open(repo, state.settings.data_dir, provider->model(),
                                            static_cast<int>(embedded.vectors[0].size()), &note);
        index_embeddings = count;
      }
      hits = index->search(embedded.vectors[0], static_cast<std::size_t>(*k));
    }
    json::array results;
    for (const auto& [id, sim] : hits)
      for (const auto& j : repo.get({id})) {
        auto o = to_json(j);
        o["similarity"] = sim;
        results.push_back(std::move(o));
      }
    return json_reply(200, json::object{{"query", *q}, {"results", results}});
  }

  net::server_reply processing_status(const std::shared_ptr<storage::database>& db) {
    storage::raw_collection_repository raw(db);
    storage::failed_operation_repository failed(db);
    storage::schedule_run_repository runs(db);
    storage::job_repository jobs(db);
    json::object by_status;
    for (const auto& [status, n] : raw.count_by_status()) by_status[status] = n;
    json::array recent;
    for (const auto& r : runs.recent(20)) recent.push_back(run_json(r));
    json::array schedules;
    const auto next = state.next_fires();
    for (const auto& s : state.settings.schedules.entries) {
      auto it = next.find(s.name);
      schedules.push_back(json::object{{"name", s.name},
                                       {"trigger", s.trigger},
                                       {"enabled", s.enabled},
                                       {"next_fire", it == next.end() ? json::value(nullptr) : json::value(iso(it->second))}});
    }
    json::array dead;
    for (const auto& d : failed.list("pending", 20))
      dead.push_back(json::object{{"id", d.id}, {"stage", d.stage}, {"operation", d.operation}, {"error", d.error},
                                  {"attempts", d.attempts}});
    return json_reply(200, json::object{{"collections", by_status},
                                        {"nodes", nodes_json(db)},
                                        {"unfinished", raw.count_unfinished()},
                                        {"jobs", jobs.job_count()},
                                        {"postings", jobs.source_count()},
                                        {"dead_letters_pending", failed.count("pending")},
                                        {"dead_letters", dead},
                                        {"schedules", schedules},
                                        {"runs", recent},
                                        {"throughput", throughput_json()},
                                        {"ready", state.ready()}});
  }

  /// Cluster mode: every node the coordinator knows, its pools, load and last heartbeat ([] otherwise).
  json::array nodes_json(const std::shared_ptr<storage::database>& db) {
    json::array out;
    const auto now = core::to_epoch_ms(std::chrono::system_clock::now());
    for (const auto& n : storage::cluster_node_repository(db).list()) {
      json::array pools;
      for (const auto& p : n.pools)
        pools.push_back(json::object{{"stage", p.stage}, {"workers", p.workers}, {"busy", p.busy},
                                     {"queued", p.queued}, {"completed", p.completed}, {"failed", p.failed}});
      out.push_back(json::object{
          {"node", n.node},
          {"role", n.role},
          {"address", n.address},
          {"state", storage::shown_state(n, now, state.settings.cluster.node_timeout.count())},
          {"pools", pools},
          {"joined_at", iso(n.joined_at)},
          {"last_heartbeat", iso(n.last_heartbeat)},
          {"reason", n.reason.empty() ? json::value(nullptr) : json::value(n.reason)}});
    }
    return out;
  }

  json::array throughput_json() {
    json::array out;
    for (const auto& p : metrics.throughput())
      out.push_back(json::object{{"minute", iso(p.minute * 1000)}, {"jobs_loaded", p.jobs_loaded}, {"pages", p.pages}});
    return out;
  }

  /// A new row in schedule_runs, due now; the scheduler is woken to take it up.
  net::server_reply enqueue(const std::shared_ptr<storage::database>& db, const char* schedule, const std::string& body) {
    storage::schedule_run_repository runs(db);
    auto now = core::to_epoch_ms(std::chrono::system_clock::now());
    for (int i = 0; i < 1000 && !runs.add_due(schedule, now, body, now); ++i) ++now;  // one row per millisecond
    auto row = runs.find(schedule, now);
    if (!row) return error_reply(503, "the request could not be recorded");
    state.enqueued();
    auto o = run_json(*row);
    o["status_url"] = "/api/jobs/collect/" + std::string(schedule) + "-" + std::to_string(now);
    return json_reply(202, o);
  }

  net::server_reply collect(const std::shared_ptr<storage::database>& db, const net::http_request& req) {
    if (auto refused = refuse_unauthorised(req)) return *refused;
    std::string error;
    auto r = core::parse_on_demand_request(req.body, &error);
    if (!r) return error_reply(400, error);
    return enqueue(db, core::on_demand_schedule, core::to_json(*r));
  }

  net::server_reply reprocess(const std::shared_ptr<storage::database>& db, const net::http_request& req) {
    if (auto refused = refuse_unauthorised(req)) return *refused;
    std::string error;
    auto r = core::parse_reprocess_request(req.body, &error);
    if (!r) return error_reply(400, error);
    return enqueue(db, core::reprocess_schedule, core::to_json(*r));
  }

  net::server_reply collect_status(const std::shared_ptr<storage::database>& db, const std::string& id) {
    const auto dash = id.rfind('-');
    std::int64_t fire = 0;
    if (dash == std::string::npos) return error_reply(404, "no run with id " + id);
    auto [p, ec] = std::from_chars(id.data() + dash + 1, id.data() + id.size(), fire);
    if (ec != std::errc{} || p != id.data() + id.size()) return error_reply(404, "no run with id " + id);
    storage::schedule_run_repository runs(db);
    auto row = runs.find(id.substr(0, dash), fire);
    if (!row) return error_reply(404, "no run with id " + id);
    return json_reply(200, run_json(*row));
  }
};

http_api::http_api(service_state& state, service_metrics& metrics) : impl_(std::make_unique<impl>(state, metrics)) {}
http_api::~http_api() = default;

net::server_reply http_api::handle(const net::http_request& request) {
  return impl_->handle(request);
}

}  // namespace jobpilot::app
