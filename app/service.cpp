#include "app/service.hpp"

#include "actors/pipeline.hpp"
#include "actors/scheduler.hpp"
#include "app/actor_runtime.hpp"
#include "app/cluster.hpp"
#include "app/commands.hpp"
#include "app/http_api.hpp"
#include "app/pipeline_wiring.hpp"
#include "app/runtime.hpp"
#include "app/service_metrics.hpp"
#include "app/service_state.hpp"
#include "app/stop_signals.hpp"
#include "net/http_server.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

namespace jobpilot::app {

namespace {

using steady = std::chrono::steady_clock;

void exit_now(const runtime& rt, const char* why) {
  rt.logs.main->warn("{}: exiting now; unfinished collections and schedule runs resume at the next start", why);
  rt.logs.main->flush();
  rt.logs.collector->flush();
  rt.logs.processor->flush();
  rt.logs.loader->flush();
  std::cout.flush();
  std::_Exit(exit_ok);
}

}  // namespace

int run_service(const global_options& g, const run_options& o) {
  stop_signals signals;  // first: every thread started below inherits the mask
  int code = exit_ok;
  auto settings = load_settings(g, code);
  if (!settings) return code;
  if (settings->cluster.role == "worker") return run_worker(g, o);
  if (!override_base_url(*settings, o.base_url)) return exit_usage;
  auto api_key = jsearch_api_key(*settings);
  if (!api_key) return exit_usage;

  service_state state;
  state.settings = *settings;
  service_metrics metrics(state);

  // The HTTP port comes up first: /healthz answers at once, /readyz says 503 until the database is
  // migrated and the stages are up.
  http_api api(state, metrics);
  std::unique_ptr<net::http_server> server;
  if (settings->http.enabled) {
    net::http_server_options ho;
    ho.host = settings->http.listen;
    ho.port = static_cast<std::uint16_t>(settings->http.port);
    ho.max_body = static_cast<std::size_t>(settings->http.max_body_bytes);
    ho.max_header = static_cast<std::uint32_t>(settings->http.max_header_bytes);
    ho.idle_timeout = settings->http.request_timeout;
    ho.max_connections = static_cast<std::size_t>(settings->http.max_connections);
    server = std::make_unique<net::http_server>(ho, [&api](const net::http_request& r) { return api.handle(r); });
    std::string error;
    if (!server->start(&error)) {
      std::cerr << "error: http: cannot listen on " << ho.host << ":" << ho.port << ": " << error << "\n";
      return exit_failure;
    }
    // One line a script can wait for and read the port from.
    std::cout << "listening on http://" << server->host() << ":" << server->port() << "\n" << std::flush;
  }

  // The database: a service waits for it (a database still starting is normal at boot).
  auto rt = open_runtime_waiting(
      g, code, [&signals](std::chrono::milliseconds wait) { return signals.wait_for(wait) != 0; },
      [&state] { state.set_database_error("cannot open or migrate the database; retrying"); });
  if (!rt) return code;
  rt->settings = *settings;  // --base-url applied
  state.attach(rt->db, rt->logs.main);

  const bool coordinating = settings->cluster.role == "coordinator";
  actor_runtime actors(2, coordinating ? &settings->cluster : nullptr);
  pipeline_observers observers;
  observers.on_api_call = [&metrics](const storage::api_usage_row& call) { metrics.on_api_call(call); };
  observers.stages = metrics.stage_observer();
  auto parts = wire_pipeline(actors.sys, *rt, *api_key, &observers);
  std::unique_ptr<cluster_coordinator> coordinator;
  if (coordinating) {
    std::string error;
    coordinator = cluster_coordinator::start(actors.sys, *rt, parts, observers.stages, &error);
    if (!coordinator) {
      std::cerr << "error: " << error << "\n";
      if (server) server->stop();
      return exit_failure;
    }
  }
  metrics.watch(observers.jsearch_breaker, observers.database_breaker);
  auto stop_workers = parts.on_stop;
  auto pipeline = actors::spawn_pipeline(actors.sys, std::move(parts));

  auto stopping = std::make_shared<std::atomic<bool>>(false);
  actors::scheduler_parts sp;
  sp.schedules = settings->schedules.entries;
  sp.settings = settings->scheduler;
  sp.quota_reserve = settings->collector.quota_reserve;
  sp.defaults = search_defaults_of(*settings);
  sp.db = rt->db;
  sp.log = rt->logs.main;
  sp.pipeline = pipeline;
  sp.stopping = stopping;
  sp.on_run_end = [&metrics](const actors::scheduled_run_end& end) { metrics.on_run_end(end); };
  sp.on_next_fire = [&state, &metrics](const std::string& name, std::int64_t at) {
    state.set_next_fire(name, at);
    metrics.set_next_fire(name, at);
  };
  auto scheduler = actors::spawn_scheduler(actors.sys, std::move(sp));
  // A recorded API request wakes the scheduler; the hook is dropped before the actor system goes.
  state.set_on_enqueued([scheduler] { caf::anon_send(scheduler, atom::wake::value); });
  struct drop_hook {
    service_state& s;
    ~drop_hook() { s.set_on_enqueued({}); }
  } drop_wake{state};
  state.set_ready(true);
  rt->logs.main->info("service started: {} schedule(s), time zone {}", settings->schedules.entries.size(),
                      settings->scheduler.time_zone);

  caf::scoped_actor self{actors.sys};
  self->monitor(scheduler);
  bool scheduler_gone = false;
  auto poll_scheduler = [&](std::chrono::milliseconds wait) {
    self->receive([&](caf::down_msg&) { scheduler_gone = true; }, caf::after(wait) >> [] {});
  };
  int signal = 0;
  while (!scheduler_gone && signal == 0) {
    signal = signals.wait_for(std::chrono::milliseconds(200));
    if (signal == 0) poll_scheduler(std::chrono::milliseconds(0));
  }
  if (scheduler_gone) {
    // The pipeline went down (a stage gave up): the service cannot go on; a supervisor restarts it.
    rt->logs.main->error("the pipeline stopped; the service ends (the next start resumes every unfinished run)");
    state.set_ready(false);
    stop_workers();
    if (server) server->stop();
    caf::anon_send_exit(pipeline, caf::exit_reason::user_shutdown);
    return exit_failure;
  }

  // First signal: take no new work; the run in flight may finish within the grace time.
  rt->logs.main->info("{} received: finishing the run in flight (at most {} s), then exiting",
                      signal == SIGTERM ? "SIGTERM" : "SIGINT", settings->service.shutdown_grace.count() / 1000);
  state.set_ready(false);
  stopping->store(true);
  const auto deadline = steady::now() + settings->service.shutdown_grace;
  while (!scheduler_gone) {
    if (steady::now() >= deadline) exit_now(*rt, "the shutdown grace time is over");
    if (signals.wait_for(std::chrono::milliseconds(100))) exit_now(*rt, "a second stop signal");
    poll_scheduler(std::chrono::milliseconds(0));
  }
  if (server) server->stop();
  stop_workers();
  caf::anon_send_exit(pipeline, caf::exit_reason::user_shutdown);
  rt->logs.main->info("stopped");
  return exit_ok;
}

}  // namespace jobpilot::app
