#include "app/pipeline_wiring.hpp"

#include "actors/collector.hpp"
#include "actors/collector_work.hpp"
#include "actors/deduper.hpp"
#include "actors/embedder.hpp"
#include "actors/loader.hpp"
#include "actors/processor.hpp"
#include "actors/recovery.hpp"
#include "app/webhook_notifier.hpp"
#include "storage/database.hpp"
#include "storage/database_guard.hpp"
#include "storage/process_identity.hpp"
#include "supervision/circuit_breaker.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

namespace jobpilot::app {

namespace {

// One guard per database: the stages share its breaker, so an outage opens it once for all.
std::shared_ptr<storage::database_guard> database_guard_for(const runtime& rt, std::shared_ptr<std::atomic<bool>> stop,
                                                           std::shared_ptr<supervision::shared_circuit_breaker>* out) {
  const auto& d = rt.settings.database;
  auto breaker = std::make_shared<supervision::shared_circuit_breaker>(
      supervision::breaker_settings{d.breaker.max_failures, d.breaker.call_timeout, d.breaker.reset_timeout,
                                    d.breaker.max_reset_timeout, d.breaker.backoff_factor, d.breaker.random_factor});
  *out = breaker;
  storage::guard_settings gs;
  gs.outage_timeout = d.outage_timeout;
  auto log = rt.logs.main;
  return std::make_shared<storage::database_guard>(
      breaker, gs, [log](const std::string& line) { log->warn("{}", line); }, std::move(stop));
}

}  // namespace

actors::pipeline_parts wire_pipeline(caf::actor_system& sys, const runtime& rt, const std::string& api_key,
                                     pipeline_observers* observers) {
  const auto& s = rt.settings;
  auto stop = std::make_shared<std::atomic<bool>>(false);
  actors::stage_deps base;
  base.db = rt.db;
  std::shared_ptr<supervision::shared_circuit_breaker> database_breaker;
  base.guard = database_guard_for(rt, stop, &database_breaker);
  base.owner = storage::this_process_owner();
  base.claim_lease = s.database.claim_lease;
  base.stopping = stop;
  // Who hears what the stages do: the service's metrics, the after_load webhook.
  std::vector<std::shared_ptr<actors::stage_observer>> watchers;
  if (observers && observers->stages) watchers.push_back(observers->stages);
  if (!s.hooks.after_load.url.empty())
    watchers.push_back(std::make_shared<webhook_notifier>(s.hooks.after_load, rt.db, rt.logs.loader));
  if (watchers.size() == 1) base.observer = watchers.front();
  if (watchers.size() > 1) base.observer = std::make_shared<actors::stage_observers>(std::move(watchers));
  auto with_log = [&](std::shared_ptr<spdlog::logger> log) {
    auto d = base;
    d.log = std::move(log);
    return d;
  };
  actors::pipeline_parts parts;
  auto* system = &sys;
  auto collector_deps = with_log(rt.logs.collector);
  if (observers && observers->on_api_call) {  // the service watches the collector's breaker from the start
    auto ctx = std::make_shared<actors::collector_context>(*actors::make_collector_context(collector_deps, s, api_key));
    ctx->on_call = observers->on_api_call;
    observers->jsearch_breaker = ctx->breaker;
    observers->database_breaker = database_breaker;
    parts.collector = [system, ctx = std::shared_ptr<const actors::collector_context>(ctx)] {
      return actors::spawn_collector(*system, ctx);
    };
  } else {
    parts.collector = [system, collector_deps, settings = s, api_key] {
      return actors::spawn_collector(*system, actors::make_collector_context(collector_deps, settings, api_key));
    };
  }
  auto processor_deps = with_log(rt.logs.processor);
  parts.processor = [system, processor_deps, settings = s.processor, data_dir = s.data_dir] {
    return actors::spawn_processor(*system, processor_deps, settings, data_dir);
  };
  parts.embedder = [system, processor_deps, settings = s.embedder] {
    return actors::spawn_embedder(*system, processor_deps, settings);
  };
  auto loader_deps = with_log(rt.logs.loader);
  parts.deduper = [system, loader_deps, settings = s.dedupe, dims = s.embedder.dimensions] {
    return actors::spawn_deduper(*system, loader_deps, settings, dims);
  };
  parts.loader = [system, loader_deps, settings = s.loader] {
    return actors::spawn_loader(*system, loader_deps, settings);
  };
  auto main_deps = with_log(rt.logs.main);
  parts.recovery = [system, main_deps, data_dir = s.data_dir,
                    spool = s.collector.spool_dir.empty() ? actors::default_spool_dir() : s.collector.spool_dir] {
    return actors::spawn_recovery(*system, main_deps, data_dir, spool);
  };
  parts.searches_at_once = s.collector.workers;
  parts.processor_window = s.run.in_flight;
  parts.embedder_window = 2;
  // A stage request may wait out a whole database outage, then do its work.
  parts.stage_timeout = s.database.outage_timeout + std::chrono::minutes(30);
  parts.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  parts.on_stop = [stop] { stop->store(true); };
  parts.on_resume = [stop] { stop->store(false); };
  return parts;
}

}  // namespace jobpilot::app
