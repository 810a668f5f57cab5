#include "app/service_metrics.hpp"

#include "actors/scheduler.hpp"
#include "actors/stage_observer.hpp"
#include "app/service_state.hpp"
#include "core/enhanced_job.hpp"
#include "core/schedule_plan.hpp"
#include "core/jsearch_errors.hpp"
#include "core/transform.hpp"
#include "messages/stage_tally.hpp"
#include "metrics/jobpilot_metrics.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/cluster_node_repository.hpp"
#include "storage/raw_collection_repository.hpp"
#include "supervision/circuit_breaker.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>
#include <mutex>

namespace jobpilot::app {

namespace {

// core::call_outcome -> the outcome label (metrics/jobpilot_metrics.hpp label_sets::api_outcomes).
std::string_view outcome_label(std::string_view outcome) {
  if (outcome == "ok" || outcome == "no_results") return "ok";
  if (outcome == "server_error" || outcome == "gateway_error") return "error_5xx";
  if (outcome == "bad_request" || outcome == "unauthorized" || outcome == "forbidden" || outcome == "not_found")
    return "permanent";
  for (auto known : metrics::label_sets::api_outcomes)
    if (outcome == known) return known;
  return "invalid_response";
}

// Which stage takes a collection in this status next (the stage machine's queues).
const char* stage_waiting_for(const std::string& status) {
  if (status == "pending") return "processor";
  if (status == "processed") return "embedder";
  if (status == "embedded") return "deduper";
  if (status == "deduped") return "loader";
  return nullptr;
}

/// Feeds the stage metrics; field completeness is the share of jobs transformed since the start.
class metrics_observer final : public actors::stage_observer {
public:
  explicit metrics_observer(metrics::jobpilot_metrics& m) : m_(m), present_(core::completeness_fields().size()) {}

  void job_transformed(const core::enhanced_job& job) override {
    m_.jobs_processed.with({}).inc();
    const auto present = core::present_fields(job);
    count_fields(1, std::vector<std::int64_t>(present.begin(), present.end()));
  }
  void job_rejected(const std::string& error_type, const std::string& message) override {
    m_.jobs_processed.with({}).inc();
    m_.jobs_failed.with({core::rejection_reason(error_type, message)}).inc();
  }
  void collection_processed(double seconds) override { m_.processing_duration.with({}).observe(seconds); }
  void collection_embedded(double seconds) override { m_.embedding_duration.with({}).observe(seconds); }
  void dedupe_round(double seconds, const std::vector<std::string>& reasons) override {
    m_.index_update_duration.with({}).observe(seconds);
    for (const auto& r : reasons)
      if (r != "canonical") m_.duplicates.with({r}).inc();
  }
  void batch_loaded(double seconds, std::int64_t jobs_new, std::int64_t jobs_updated) override {
    m_.load_duration.with({}).observe(seconds);
    m_.jobs_loaded.with({"new"}).inc(static_cast<double>(jobs_new));
    m_.jobs_loaded.with({"updated"}).inc(static_cast<double>(jobs_updated));
  }
  void dead_letter(const std::string& stage) override { m_.dead_letters.with({stage}).inc(); }
  void stage_restarted(const std::string& stage) override {
    if (stage != "recovery") m_.stage_restarts.with({stage}).inc();  // the five stages are the label's values
  }
  void node_tally(const messages::stage_tally& t) override {
    m_.jobs_processed.with({}).inc(static_cast<double>(t.jobs_transformed + static_cast<std::int64_t>(t.jobs_rejected.size())));
    for (const auto& reason : t.jobs_rejected) m_.jobs_failed.with({reason}).inc();
    for (auto s : t.processing_seconds) m_.processing_duration.with({}).observe(s);
    for (auto s : t.embedding_seconds) m_.embedding_duration.with({}).observe(s);
    for (const auto& stage : t.dead_letters) dead_letter(stage);
    for (const auto& stage : t.restarts) stage_restarted(stage);
    if (t.jobs_transformed > 0) count_fields(t.jobs_transformed, t.fields_present);
  }

private:
  // `jobs` more jobs transformed, present[i] of them with completeness_fields()[i].
  void count_fields(std::int64_t jobs, const std::vector<std::int64_t>& present) {
    const auto& fields = core::completeness_fields();
    std::lock_guard<std::mutex> lock(mu_);
    transformed_ += static_cast<std::uint64_t>(jobs);
    for (std::size_t i = 0; i < fields.size() && i < present.size(); ++i) {
      present_[i] += static_cast<std::uint64_t>(present[i]);
      m_.field_completeness.with({fields[i]}).set(static_cast<double>(present_[i]) / static_cast<double>(transformed_));
    }
  }

  metrics::jobpilot_metrics& m_;
  std::mutex mu_;
  std::vector<std::uint64_t> present_;
  std::uint64_t transformed_ = 0;
};

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

struct service_metrics::impl {
  const service_state& state;
  metrics::registry reg;
  metrics::jobpilot_metrics m;
  mutable std::mutex mu;  // the breakers and the throughput ring
  std::shared_ptr<supervision::shared_circuit_breaker> jsearch, database;
  std::deque<throughput_point> minutes;
  std::uint64_t jsearch_openings = 0, database_openings = 0;

  explicit impl(const service_state& s)
      : state(s), m(reg, "0.1.0", std::chrono::duration<double>(s.started.time_since_epoch()).count()) {}

  throughput_point& current_minute() {
    const auto minute = static_cast<std::int64_t>(unix_now()) / 60 * 60;
    if (minutes.empty() || minutes.back().minute != minute) minutes.push_back({minute, 0, 0});
    while (minutes.size() > 60) minutes.pop_front();
    return minutes.back();
  }

  void read_breaker(const char* dep, const std::shared_ptr<supervision::shared_circuit_breaker>& b,
                    std::uint64_t& openings_seen) {
    if (!b) return;
    auto snap = b->snapshot();
    m.breaker_state.with({dep}).set(static_cast<double>(static_cast<int>(snap.state())));
    const auto opened = snap.times_opened();
    if (opened > openings_seen) {
      m.breaker_openings.with({dep}).inc(static_cast<double>(opened - openings_seen));
      openings_seen = opened;
    }
  }

  void refresh() {
    {
      std::lock_guard<std::mutex> lock(mu);
      read_breaker("jsearch", jsearch, jsearch_openings);
      read_breaker("database", database, database_openings);
    }
    auto db = state.db();
    if (!db) return;
    try {
      storage::raw_collection_repository raw(db);
      std::map<std::string, double> depth;
      for (auto s : metrics::label_sets::stages) depth[std::string(s)] = 0;
      for (auto s : metrics::label_sets::collection_statuses) m.collections.with({s}).set(0);
      for (const auto& [status, n] : raw.count_by_status()) {
        m.collections.with({status}).set(static_cast<double>(n));
        if (const char* stage = stage_waiting_for(status)) depth[stage] += static_cast<double>(n);
      }
      for (const auto& [stage, n] : depth) m.stage_queue_depth.with({stage}).set(n);
      const auto oldest = raw.oldest_unfinished_age_seconds();
      m.oldest_unfinished_collection_age.with({}).set(oldest.value_or(0));
      storage::failed_operation_repository dead(db);
      std::map<std::string, double> pending;
      for (auto s : metrics::label_sets::stages) pending[std::string(s)] = 0;
      for (const auto& [stage, n] : dead.count_by_stage("pending")) pending[stage] = static_cast<double>(n);
      for (const auto& [stage, n] : pending) m.dead_letters_pending.with({stage}).set(n);
      std::map<std::string, double> workers;
      for (auto s : metrics::label_sets::node_states) workers[std::string(s)] = 0;
      const auto now = core::to_epoch_ms(std::chrono::system_clock::now());
      for (const auto& n : storage::cluster_node_repository(db).list())
        if (n.role == "worker") workers[storage::shown_state(n, now, state.settings.cluster.node_timeout.count())] += 1;
      for (const auto& [s, n] : workers) m.cluster_workers.with({s}).set(n);
      auto ledger = storage::api_usage_repository(db).ledger();
      if (ledger.latest_with_headers) {
        if (auto rem = ledger.latest_with_headers->requests_remaining)
          m.api_quota_remaining.with({}).set(static_cast<double>(*rem));
        if (auto lim = ledger.latest_with_headers->requests_limit)
          m.api_quota_limit.with({}).set(static_cast<double>(*lim));
      }
    } catch (const std::exception& e) {
      if (auto log = state.log()) log->warn("metrics: database gauges not read: {}", e.what());
    }
  }
};

service_metrics::service_metrics(const service_state& state) : impl_(std::make_unique<impl>(state)) {}

std::shared_ptr<actors::stage_observer> service_metrics::stage_observer() {
  return std::make_shared<metrics_observer>(impl_->m);
}
service_metrics::~service_metrics() = default;

void service_metrics::watch(std::shared_ptr<supervision::shared_circuit_breaker> jsearch,
                            std::shared_ptr<supervision::shared_circuit_breaker> database) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->jsearch = std::move(jsearch);
  impl_->database = std::move(database);
  if (impl_->jsearch) impl_->jsearch_openings = impl_->jsearch->snapshot().times_opened();
  if (impl_->database) impl_->database_openings = impl_->database->snapshot().times_opened();
}

void service_metrics::on_api_call(const storage::api_usage_row& call) {
  auto& m = impl_->m;
  m.api_calls.with({outcome_label(call.outcome)}).inc();
  m.api_request_duration.with({}).observe(static_cast<double>(call.response_ms) / 1000.0);
  if (call.requests_remaining) m.api_quota_remaining.with({}).set(static_cast<double>(*call.requests_remaining));
  if (call.requests_limit) m.api_quota_limit.with({}).set(static_cast<double>(*call.requests_limit));
}

void service_metrics::on_run_end(const actors::scheduled_run_end& end) {
  auto& m = impl_->m;
  const std::string result = end.state == "done" ? "ok" : end.state;
  m.scheduler_runs.with({end.schedule, result}).inc();
  if (!end.report) return;
  const auto& r = *end.report;
  m.pages_collected.with({"stored"}).inc(r.pages_stored);
  m.pages_collected.with({"cached"}).inc(r.pages_cached);
  m.pages_collected.with({"failed"}).inc(r.pages_failed);
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto& minute = impl_->current_minute();
  minute.jobs_loaded += r.jobs_new + r.jobs_updated;
  minute.pages += r.pages_stored + r.pages_cached;
}

void service_metrics::set_next_fire(const std::string& schedule, std::int64_t epoch_ms) {
  impl_->m.scheduler_next_fire.with({schedule}).set(static_cast<double>(epoch_ms) / 1000.0);
}

std::string service_metrics::render() {
  impl_->refresh();
  return impl_->reg.render();
}

std::map<std::string, std::string> service_metrics::breaker_states() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::map<std::string, std::string> out;
  if (impl_->jsearch) out["jsearch"] = std::string(supervision::to_string(impl_->jsearch->state()));
  if (impl_->database) out["database"] = std::string(supervision::to_string(impl_->database->state()));
  return out;
}

std::vector<throughput_point> service_metrics::throughput() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  // Every minute of the last hour, zeros where nothing was loaded.
  const auto now_minute = static_cast<std::int64_t>(unix_now()) / 60 * 60;
  std::vector<throughput_point> out;
  for (std::int64_t t = now_minute - 59 * 60; t <= now_minute; t += 60) {
    throughput_point p{t, 0, 0};
    for (const auto& q : impl_->minutes)
      if (q.minute == t) p = q;
    out.push_back(p);
  }
  return out;
}

}  // namespace jobpilot::app
