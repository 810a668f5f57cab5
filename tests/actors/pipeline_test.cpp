// The pipeline (root of the supervision tree) against stages defined here: plain typed actors with the
// messages/*.hpp interfaces, and a real worker pool for the escalation case. Every wait is bounded, so
// a pipeline that hangs fails the test instead of stalling the suite.
#include "actors/pipeline.hpp"
#include "messages/error.hpp"
#include "messages/type_ids.hpp"
#include "tests/support/actor_test_config.hpp"
#include "supervision/worker_pool.hpp"

#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace jobpilot;
using namespace std::chrono_literals;
using core::collection_status;
using messages::collection_progress;
using messages::stage_reply;
using messages::stage_request;
using steady = std::chrono::steady_clock;

namespace {

// -- what the mock stages saw ----------------------------------------------------------------------

/// Requests the mock stages received, in arrival order (they run on the scheduler's threads).
struct journal {
  struct event {
    std::string stage;
    std::vector<std::string> ids;
    steady::time_point at;
  };
  mutable std::mutex mu;
  std::vector<event> events;

  void add(const std::string& stage, std::vector<std::string> ids) {
    std::lock_guard<std::mutex> lock(mu);
    events.push_back({stage, std::move(ids), steady::now()});
  }
  std::vector<event> all() const {
    std::lock_guard<std::mutex> lock(mu);
    return events;
  }
  std::vector<event> of(const std::string& stage) const {
    std::vector<event> out;
    for (auto& e : all())
      if (e.stage == stage) out.push_back(e);
    return out;
  }
  /// Ids a stage was asked about, over all its requests (repeats kept).
  std::vector<std::string> ids_at(const std::string& stage) const {
    std::vector<std::string> out;
    for (auto& e : of(stage)) out.insert(out.end(), e.ids.begin(), e.ids.end());
    return out;
  }
  /// Position of the first request to `stage` that named `id` (-1 = never).
  int first(const std::string& stage, const std::string& id) const {
    auto ev = all();
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (ev[i].stage == stage && std::count(ev[i].ids.begin(), ev[i].ids.end(), id)) return static_cast<int>(i);
    return -1;
  }
};

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// -- mock processing stages -------------------------------------------------------------------------

/// How a mock stage answers one request (runs inside the stage actor, one request at a time).
using answer_fn = std::function<caf::expected<stage_reply>(const stage_request&)>;

/// One of the four processing stages (processor, embedder, deduper, loader): records, then answers.
template <class Handle, class Atom>
typename Handle::behavior_type mock_stage(typename Handle::pointer, std::string name, std::shared_ptr<journal> log,
                                          answer_fn answer) {
  return {
    [=](Atom, const stage_request& req) -> caf::result<stage_reply> {
      log->add(name, req.collection_ids);
      auto out = answer(req);
      if (!out) return out.error();
      return std::move(*out);
    },
    [=](atom::status) {
      messages::stage_status s;
      s.stage = name;
      return s;
    },
  };
}

/// Moves every collection asked about to `to`, committing work (advanced), with counts from `fill`.
answer_fn advance_to(collection_status to, std::function<void(collection_progress&)> fill = {}) {
  return [to, fill](const stage_request& req) -> caf::expected<stage_reply> {
    stage_reply reply;
    for (const auto& id : req.collection_ids) {
      collection_progress p;
      p.collection_id = id;
      p.status = to;
      p.advanced = true;
      if (fill) fill(p);
      reply.collections.push_back(p);
    }
    return reply;
  };
}

// The standard counts each mock stage reports per collection it moves on.
answer_fn standard_processor() {
  return advance_to(collection_status::processed, [](collection_progress& p) {
    p.jobs_processed = 10;
    p.jobs_failed = 1;
  });
}
/// ...and, asked without ids (the final backfill), says 7 loaded jobs got their vector now.
answer_fn standard_embedder() {
  auto embed = advance_to(collection_status::embedded, [](collection_progress& p) { p.not_embedded = 2; });
  return [embed](const stage_request& req) -> caf::expected<stage_reply> {
    if (req.collection_ids.empty()) {
      stage_reply r;
      r.backfilled = 7;
      return r;
    }
    return embed(req);
  };
}
answer_fn standard_deduper() {
  return advance_to(collection_status::deduped, [](collection_progress& p) { p.duplicates = 3; });
}
answer_fn standard_loader() {
  return advance_to(collection_status::loaded, [](collection_progress& p) {
    p.jobs_new = 5;
    p.jobs_updated = 1;
    p.postings_new = 4;
  });
}

/// A loader that takes requests and never answers them (a stage stuck on something).
struct silent_state {
  std::vector<caf::typed_response_promise<stage_reply>> held;
};
messages::loader_actor::behavior_type silent_loader(messages::loader_actor::stateful_pointer<silent_state> self,
                                                    std::shared_ptr<journal> log) {
  return {
    [=](atom::load, const stage_request& req) -> caf::result<stage_reply> {
      log->add("loader", req.collection_ids);
      auto rp = self->make_response_promise<stage_reply>();
      self->state.held.push_back(rp);
      return rp;
    },
    [=](atom::status) { return messages::stage_status{}; },
  };
}

// -- mock recovery --------------------------------------------------------------------------------

messages::recovery_actor::behavior_type mock_recovery(messages::recovery_actor::pointer, std::shared_ptr<journal> log,
                                                      messages::sweep_report report) {
  return {
    [=](atom::sweep, const messages::sweep_request&) {
      log->add("recovery", {});
      return report;
    },
  };
}

/// A recovery actor that holds every sweep until it gets atom::tick (then answers at once from then on).
using gated_recovery_actor = messages::recovery_actor::extend<caf::reacts_to<atom::tick>>;
struct gate_state {
  bool open = false;
  std::vector<caf::typed_response_promise<messages::sweep_report>> held;
};
gated_recovery_actor::behavior_type gated_recovery(gated_recovery_actor::stateful_pointer<gate_state> self,
                                                   std::shared_ptr<journal> log) {
  return {
    [=](atom::sweep, const messages::sweep_request&) -> caf::result<messages::sweep_report> {
      log->add("recovery", {});
      if (self->state.open) return messages::sweep_report{};
      auto rp = self->make_response_promise<messages::sweep_report>();
      self->state.held.push_back(rp);
      return rp;
    },
    [=](atom::tick) {
      self->state.open = true;
      for (auto& rp : self->state.held) rp.deliver(messages::sweep_report{});
      self->state.held.clear();
    },
  };
}

// -- mock collector -------------------------------------------------------------------------------

/// One call the collector was asked to make, with how many calls were out when it arrived.
struct collect_call {
  std::string query;
  std::int32_t page = 0;
  int same_search_in_flight = 0;  ///< calls of this search already out (one after another: always 0)
  int in_flight = 0;              ///< calls of any search already out
};
struct collect_log {
  std::mutex mu;
  std::vector<collect_call> calls;
  std::vector<collect_call> all() {
    std::lock_guard<std::mutex> lock(mu);
    return calls;
  }
};

/// What the collector answers for a page, and after how long.
struct scripted_page {
  messages::collect_result result;
  std::chrono::milliseconds delay{20};
};
using collect_script = std::function<scripted_page(const messages::collect_request&)>;

// The collector answers after a delay (a call takes time), so pages the pipeline sent together overlap.
using collector_impl = messages::collector_actor::extend<caf::reacts_to<atom::tick, std::uint64_t>>;
struct collector_state {
  struct pending {
    caf::typed_response_promise<messages::collect_result> rp;
    messages::collect_result result;
    std::string query;
  };
  std::map<std::uint64_t, pending> out;
  std::map<std::string, int> in_flight;
  std::uint64_t next = 1;
};
collector_impl::behavior_type mock_collector(collector_impl::stateful_pointer<collector_state> self,
                                             std::shared_ptr<collect_log> log, collect_script script) {
  return {
    [=](atom::collect, const messages::collect_request& req) -> caf::result<messages::collect_result> {
      auto& st = self->state;
      int total = 0;
      for (auto& [q, n] : st.in_flight) total += n;
      {
        std::lock_guard<std::mutex> lock(log->mu);
        log->calls.push_back({req.query.query, req.query.page, st.in_flight[req.query.query], total});
      }
      auto page = script(req);
      ++st.in_flight[req.query.query];
      auto rp = self->make_response_promise<messages::collect_result>();
      auto id = st.next++;
      st.out.emplace(id, collector_state::pending{rp, page.result, req.query.query});
      self->delayed_send(self, page.delay, atom::tick::value, id);
      return rp;
    },
    [=](atom::status) { return messages::stage_status{}; },
    [=](atom::tick, std::uint64_t id) {
      auto& st = self->state;
      auto it = st.out.find(id);
      if (it == st.out.end()) return;
      --st.in_flight[it->second.query];
      it->second.rp.deliver(it->second.result);
      st.out.erase(it);
    },
  };
}

messages::collect_request page_of(const std::string& query, std::int32_t page) {
  messages::collect_request r;
  r.request_id = query + "#" + std::to_string(page);
  r.query.query = query;
  r.query.page = page;
  return r;
}

messages::collect_result stored_page(const messages::collect_request& req, std::int32_t jobs = 10) {
  messages::collect_result r;
  r.request_id = req.request_id;
  r.collection_id = "col-" + req.request_id;
  r.status = core::collect_status::stored;
  r.job_count = jobs;
  r.api_calls = 1;
  r.attempts = 1;
  return r;
}

// -- the fixture ----------------------------------------------------------------------------------

/// A run's answer: the report, an error, or nothing within the bound.
struct outcome {
  bool answered = false;
  std::optional<messages::run_report> report;
  caf::error error;
  std::chrono::milliseconds took{0};
};

messages::sweep_report unfinished(std::vector<std::pair<std::string, collection_status>> xs) {
  messages::sweep_report s;
  for (auto& [id, status] : xs) {
    collection_progress p;
    p.collection_id = id;
    p.status = status;
    s.unfinished.push_back(p);
  }
  return s;
}

struct fixture {
  // Declared before the actor system: stage factories run inside the pipeline and use these, and
  // ~actor_system (which waits for every actor) must run before they are gone.
  std::mutex mu;
  std::vector<caf::actor> spawned;  ///< every actor a test or a stage factory spawned
  std::map<std::string, int> made;  ///< stage factory calls by stage name
  std::shared_ptr<journal> log = std::make_shared<journal>();
  std::shared_ptr<std::vector<std::string>> progress_lines = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<std::atomic<int>> stops = std::make_shared<std::atomic<int>>(0);

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;

  fixture() : sys(test::configured_for_tests(cfg)), self(sys) {}
  ~fixture() {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& a : spawned) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  template <class Handle>
  Handle keep(const std::string& name, Handle h) {
    std::lock_guard<std::mutex> lock(mu);
    spawned.push_back(caf::actor_cast<caf::actor>(h));
    ++made[name];
    return h;
  }
  int made_count(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu);
    return made[name];
  }

  /// A factory for the pipeline: spawns a mock stage on first use.
  template <class Handle, class Atom>
  std::function<Handle()> stage(const std::string& name, answer_fn answer) {
    return [this, name, answer] { return keep(name, sys.spawn(mock_stage<Handle, Atom>, name, log, answer)); };
  }

  /// Stages that move every collection one status on, and a recovery that reports `sweep`.
  actors::pipeline_parts parts(messages::sweep_report sweep = {}) {
    actors::pipeline_parts p;
    p.processor = stage<messages::processor_actor, atom::process>("processor", standard_processor());
    p.embedder = stage<messages::embedder_actor, atom::embed>("embedder", standard_embedder());
    p.deduper = stage<messages::deduper_actor, atom::dedupe>("deduper", standard_deduper());
    p.loader = stage<messages::loader_actor, atom::load>("loader", standard_loader());
    p.recovery = [this, sweep] { return keep("recovery", sys.spawn(mock_recovery, log, sweep)); };
    p.collector = [this] {
      // A collect-free test gets a collector that answers nothing useful (and must not be asked).
      auto script = [](const messages::collect_request& r) { return scripted_page{stored_page(r), 1ms}; };
      return caf::actor_cast<messages::collector_actor>(
          keep("collector", sys.spawn(mock_collector, std::make_shared<collect_log>(), collect_script(script))));
    };
    p.stage_timeout = 10s;  // no mock takes long: a lost answer fails the run quickly
    p.retry_interval = 50ms;
    auto lines = progress_lines;
    p.progress = [lines](const std::string& line) { lines->push_back(line); };  // only the pipeline calls it
    auto n = stops;
    p.on_stop = [n] { ++*n; };
    return p;
  }

  messages::pipeline_actor start(actors::pipeline_parts p) { return keep("pipeline", actors::spawn_pipeline(sys, std::move(p))); }

  /// Sends one run from `who` and waits for its answer, at most `bound`.
  static outcome run(caf::scoped_actor& who, const messages::pipeline_actor& pipeline, messages::run_request req,
                     std::chrono::milliseconds bound = 20s) {
    outcome o;
    const auto t0 = steady::now();
    who->send(pipeline, atom::run::value, std::move(req));
    who->receive(
        [&](messages::run_report& r) {
          o.answered = true;
          o.report = std::move(r);
        },
        [&](caf::error& e) {
          o.answered = true;
          o.error = std::move(e);
        },
        caf::after(bound) >> [] {});
    o.took = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - t0);
    return o;
  }
  outcome run(const messages::pipeline_actor& pipeline, messages::run_request req, std::chrono::milliseconds bound = 20s) {
    return run(self, pipeline, std::move(req), bound);
  }

  /// Waits (bounded) for a down_msg from `who`; the reason, or nullopt when none came.
  std::optional<caf::error> wait_down(const caf::actor_addr& who, std::chrono::milliseconds bound = 10s) {
    std::optional<caf::error> reason;
    const auto deadline = steady::now() + bound;
    while (!reason && steady::now() < deadline) {
      self->receive([&](caf::down_msg& dm) {
        if (dm.source == who) reason = dm.reason;
      }, caf::after(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now())) >> [] {});
    }
    return reason;
  }
};

messages::run_request process_request() {
  messages::run_request req;
  req.process = true;
  return req;
}

}  // namespace

// -----------------------------------------------------------------------------------------------------

TEST_CASE_METHOD(fixture, "actors: pipeline carries unfinished collections through every stage", "[actors]") {
  auto pipeline = start(parts(unfinished({{"c1", collection_status::pending},
                                          {"c2", collection_status::processed},
                                          {"c3", collection_status::embedded}})));
  auto o = run(pipeline, process_request());
  REQUIRE(o.answered);
  INFO((o.error ? sys.render(o.error) : std::string()));
  REQUIRE(o.report);
  const auto& r = *o.report;
  CHECK(r.fatal.empty());
  CHECK(r.collections == 3);
  CHECK(r.collections_loaded == 3);
  CHECK(r.collections_partial == 0);
  CHECK(r.collections_failed == 0);
  CHECK(r.failures.empty());
  CHECK(r.sweep.unfinished.size() == 3);
  // Counts are summed over what the stages did: c1 was processed; c1 and c2 embedded; all three loaded.
  CHECK(r.jobs_processed == 10);
  CHECK(r.jobs_failed == 1);
  CHECK(r.not_embedded == 4);
  CHECK(r.jobs_new == 15);
  CHECK(r.jobs_updated == 3);
  CHECK(r.postings_new == 12);
  CHECK(r.dead_letters == 0);
  CHECK(r.embedded_later == 7);  // the final backfill's count
  CHECK(r.pages_requested == 0);

  // Each collection starts at the stage its status names, and goes through the rest in order.
  CHECK(log->ids_at("processor") == std::vector<std::string>{"c1"});
  auto embedded = log->ids_at("embedder");
  CHECK(std::count(embedded.begin(), embedded.end(), "c1") == 1);
  CHECK(std::count(embedded.begin(), embedded.end(), "c2") == 1);
  CHECK_FALSE(contains(embedded, "c3"));
  const auto deduped = log->ids_at("deduper");
  const auto loaded = log->ids_at("loader");
  for (const std::string id : {"c1", "c2", "c3"}) {
    INFO(id);
    CHECK(std::count(deduped.begin(), deduped.end(), id) == 1);
    CHECK(std::count(loaded.begin(), loaded.end(), id) == 1);
    CHECK(log->first("deduper", id) < log->first("loader", id));
  }
  CHECK(log->first("processor", "c1") < log->first("embedder", "c1"));
  CHECK(log->first("embedder", "c1") < log->first("deduper", "c1"));
  CHECK(log->first("embedder", "c2") < log->first("deduper", "c2"));

  // The backfill (a request without ids) goes to the embedder once, after everything was loaded.
  auto all = log->all();
  REQUIRE_FALSE(all.empty());
  CHECK(all.back().stage == "embedder");
  CHECK(all.back().ids.empty());
  auto embeds = log->of("embedder");
  CHECK(std::count_if(embeds.begin(), embeds.end(), [](const journal::event& e) { return e.ids.empty(); }) == 1);
  CHECK(log->of("recovery").size() == 1);
  CHECK(made_count("collector") == 0);  // nothing to collect: no collector was spawned
  CHECK(*stops == 0);
  CHECK(std::any_of(progress_lines->begin(), progress_lines->end(),
                    [](const std::string& l) { return l.find("[3/3] collections") != std::string::npos; }));
}

TEST_CASE_METHOD(fixture, "actors: pipeline ends the run when a stage gives up, naming it and its last cause",
                 "[actors]") {
  using worker_t = supervision::pool_worker<atom::process, stage_request, stage_reply>;
  auto attempts = std::make_shared<std::atomic<int>>(0);
  auto p = parts(unfinished({{"c1", collection_status::pending}, {"c2", collection_status::pending}}));
  p.processor = [this, attempts] {
    supervision::pool_settings ps;
    ps.stage = "processor-pool";
    ps.workers = 2;
    ps.max_redispatch = 2;
    ps.restart.max_restarts = 2;
    ps.restart.period = 10s;
    ps.restart.min_backoff = 5ms;
    ps.restart.max_backoff = 20ms;
    auto pool = supervision::spawn_pool<atom::process, stage_request, stage_reply>(
        sys, ps, [attempts](caf::local_actor* router) -> worker_t {
          return router->spawn<caf::detached + caf::monitored>(
              [attempts](worker_t::pointer w) -> worker_t::behavior_type {
                supervision::report_crashes(w);
                return {
                  [attempts](atom::process, const stage_request&) -> stage_reply {
                    ++*attempts;
                    throw std::runtime_error("corrupt job object at index 17");
                  },
                };
              });
        });
    return keep("processor", messages::processor_actor{pool});
  };
  auto pipeline = start(std::move(p));
  self->monitor(pipeline);

  auto o = run(pipeline, process_request());
  REQUIRE(o.answered);
  INFO((o.error ? sys.render(o.error) : std::string()));
  REQUIRE(o.report);
  CHECK(o.took < 20s);
  const auto& r = *o.report;
  INFO("fatal: " << r.fatal);
  CHECK_THAT(r.fatal, Catch::StartsWith("processor"));
  CHECK_THAT(r.fatal, Catch::Contains("corrupt job object at index 17"));
  CHECK(r.collections_loaded == 0);
  CHECK(*attempts >= 3);  // the pool restarted the crashed workers before giving up
  CHECK(*stops >= 1);     // blocked workers were told to give up
  CHECK(log->of("embedder").empty());

  // The pipeline itself ends, with the stage's reason.
  auto down = wait_down(pipeline.address());
  REQUIRE(down);
  CHECK(*down == messages::errc::stage_failed);
  CHECK_THAT(sys.render(*down), Catch::Contains("corrupt job object at index 17"));
}

TEST_CASE_METHOD(fixture, "actors: pipeline ends the run when a stage answers with an error", "[actors]") {
  auto p = parts(unfinished({{"c1", collection_status::deduped}, {"c2", collection_status::embedded}}));
  p.loader = stage<messages::loader_actor, atom::load>("loader", [](const stage_request&) -> caf::expected<stage_reply> {
    return caf::make_error(messages::errc::storage_unavailable,
                           std::string("database unavailable for 300 s (connection refused)"));
  });
  auto pipeline = start(std::move(p));
  auto o = run(pipeline, process_request());
  REQUIRE(o.answered);
  INFO((o.error ? sys.render(o.error) : std::string()));
  REQUIRE(o.report);
  CHECK(o.took < 20s);
  const auto& r = *o.report;
  INFO("fatal: " << r.fatal);
  CHECK_THAT(r.fatal, Catch::StartsWith("loader"));
  CHECK_THAT(r.fatal, Catch::Contains("database unavailable for 300 s"));
  CHECK_THAT(r.fatal, Catch::Contains("storage_unavailable"));
  CHECK(r.collections_loaded == 0);
  CHECK(*stops >= 1);
}

TEST_CASE_METHOD(fixture, "actors: pipeline fails the run when a stage never answers", "[actors]") {
  auto p = parts(unfinished({{"c1", collection_status::deduped}}));
  p.loader = [this] { return keep("loader", sys.spawn(silent_loader, log)); };
  p.stage_timeout = 300ms;
  auto pipeline = start(std::move(p));
  auto o = run(pipeline, process_request());
  REQUIRE(o.answered);
  REQUIRE(o.report);
  CHECK(o.took < 20s);
  INFO("fatal: " << o.report->fatal);
  CHECK_THAT(o.report->fatal, Catch::StartsWith("loader"));
  CHECK_THAT(o.report->fatal, Catch::Contains("no answer within"));
  CHECK(log->ids_at("loader") == std::vector<std::string>{"c1"});
}

TEST_CASE_METHOD(fixture, "actors: pipeline takes up the collection a waiting one is blocked by", "[actors]") {
  // The deduper decides in the global order: c1 waits for x0, an earlier collection this run does not
  // carry, until x0 is deduped.
  struct dedupe_state {
    bool x0_done = false;
    int blocked_answers = 0;
  };
  auto ds = std::make_shared<dedupe_state>();
  auto p = parts(unfinished({{"c1", collection_status::embedded}}));
  p.deduper = stage<messages::deduper_actor, atom::dedupe>("deduper", [ds](const stage_request& req) -> caf::expected<stage_reply> {
    stage_reply reply;
    if (contains(req.collection_ids, "x0")) ds->x0_done = true;
    for (const auto& id : req.collection_ids) {
      collection_progress c;
      c.collection_id = id;
      if (ds->x0_done) {
        c.status = collection_status::deduped;
        c.advanced = true;
      } else {
        c.status = collection_status::embedded;
        c.reason = "waiting for x0";
      }
      reply.collections.push_back(c);
    }
    if (!ds->x0_done) {
      reply.blocked_by = "x0";
      ++ds->blocked_answers;
    }
    return reply;
  });
  auto pipeline = start(std::move(p));
  auto o = run(pipeline, process_request());
  REQUIRE(o.answered);
  INFO((o.error ? sys.render(o.error) : std::string()));
  REQUIRE(o.report);
  const auto& r = *o.report;
  CHECK(r.fatal.empty());
  CHECK(r.collections == 2);  // c1 and the adopted x0
  CHECK(r.collections_loaded == 2);
  CHECK(ds->blocked_answers >= 1);
  // x0 went the whole way from pending; c1 never went back.
  CHECK(log->ids_at("processor") == std::vector<std::string>{"x0"});
  CHECK(contains(log->ids_at("embedder"), "x0"));
  CHECK_FALSE(contains(log->ids_at("embedder"), "c1"));
  auto loaded = log->ids_at("loader");
  CHECK(std::count(loaded.begin(), loaded.end(), "c1") == 1);
  CHECK(std::count(loaded.begin(), loaded.end(), "x0") == 1);
  // c1 was offered to the deduper again, no sooner than retry_interval after it was turned away.
  std::vector<steady::time_point> offers;
  for (auto& e : log->of("deduper"))
    if (contains(e.ids, "c1")) offers.push_back(e.at);
  REQUIRE(offers.size() >= 2);
  CHECK(offers[1] - offers[0] >= 45ms);
  CHECK(offers.size() < 100);  // waited, did not spin
}

TEST_CASE_METHOD(fixture, "actors: pipeline buys pages of a search one after another, searches side by side",
                 "[actors]") {
  auto calls = std::make_shared<collect_log>();
  auto p = parts();
  p.searches_at_once = 2;
  p.collector = [this, calls] {
    collect_script script = [](const messages::collect_request& req) {
      if (req.query.query == "rust developer" && req.query.page == 2) {
        auto res = stored_page(req, 0);  // an empty page is stored too
        res.outcome = core::call_outcome::no_results;
        res.stop = core::collect_stop::empty_page;
        return scripted_page{res, 50ms};
      }
      return scripted_page{stored_page(req), 50ms};
    };
    return caf::actor_cast<messages::collector_actor>(keep("collector", sys.spawn(mock_collector, calls, script)));
  };
  auto pipeline = start(std::move(p));
  messages::run_request req;
  req.process = true;
  for (int page = 1; page <= 3; ++page) req.pages.push_back(page_of("rust developer", page));
  for (int page = 1; page <= 3; ++page) req.pages.push_back(page_of("c++ developer", page));
  req.pages.push_back(page_of("go developer", 1));

  auto o = run(pipeline, req);
  REQUIRE(o.answered);
  INFO((o.error ? sys.render(o.error) : std::string()));
  REQUIRE(o.report);
  const auto& r = *o.report;
  CHECK(r.fatal.empty());
  CHECK(r.stop == core::collect_stop::none);
  CHECK(r.pages_requested == 7);
  CHECK(r.pages_stored == 6);
  CHECK(r.pages_skipped == 1);  // rust page 3, after the empty page 2
  CHECK(r.pages_failed == 0);
  CHECK(r.api_calls == 6);
  CHECK(r.pages.size() == 6);

  auto made_calls = calls->all();
  std::map<std::string, std::vector<std::int32_t>> pages_of;
  for (auto& c : made_calls) pages_of[c.query].push_back(c.page);
  CHECK(pages_of["rust developer"] == std::vector<std::int32_t>{1, 2});  // never page 3
  CHECK(pages_of["c++ developer"] == std::vector<std::int32_t>{1, 2, 3});
  CHECK(pages_of["go developer"] == std::vector<std::int32_t>{1});
  bool side_by_side = false;
  for (auto& c : made_calls) {
    INFO(c.query << " page " << c.page);
    CHECK(c.same_search_in_flight == 0);  // a page only after the previous page of its search came back
    CHECK(c.in_flight <= 1);              // searches_at_once = 2
    if (c.in_flight == 1) side_by_side = true;
  }
  CHECK(side_by_side);

  // The stored pages became collections and went to the end.
  CHECK(r.collections == 6);
  CHECK(r.collections_loaded == 6);
  auto loaded = log->ids_at("loader");
  CHECK(contains(loaded, "col-rust developer#2"));
  CHECK(contains(loaded, "col-c++ developer#3"));
  CHECK(contains(loaded, "col-go developer#1"));
}

TEST_CASE_METHOD(fixture, "actors: pipeline stops collecting everything when the quota is used up", "[actors]") {
  auto calls = std::make_shared<collect_log>();
  auto p = parts();
  p.searches_at_once = 2;
  p.collector = [this, calls] {
    collect_script script = [](const messages::collect_request& req) {
      if (req.query.query == "rust developer" && req.query.page == 1) {
        messages::collect_result res;
        res.request_id = req.request_id;
        res.status = core::collect_status::failed;
        res.outcome = core::call_outcome::quota_exhausted;
        res.stop = core::collect_stop::quota_exhausted;
        res.error = "monthly quota used up (reserve of 50 calls reached)";
        return scripted_page{res, 10ms};
      }
      return scripted_page{stored_page(req), 150ms};  // still out when the quota stop comes back
    };
    return caf::actor_cast<messages::collector_actor>(keep("collector", sys.spawn(mock_collector, calls, script)));
  };
  auto pipeline = start(std::move(p));
  messages::run_request req;  // collect only
  for (int page = 1; page <= 3; ++page) req.pages.push_back(page_of("rust developer", page));
  for (int page = 1; page <= 3; ++page) req.pages.push_back(page_of("c++ developer", page));

  auto o = run(pipeline, req);
  REQUIRE(o.answered);
  INFO((o.error ? sys.render(o.error) : std::string()));
  REQUIRE(o.report);
  const auto& r = *o.report;
  CHECK(r.fatal.empty());
  CHECK(r.stop == core::collect_stop::quota_exhausted);
  CHECK(r.stop_message == "monthly quota used up (reserve of 50 calls reached)");
  CHECK(r.pages_requested == 6);
  CHECK(r.pages_failed == 1);
  CHECK(r.pages_stored == 1);   // c++ page 1 was already out; its answer is still counted
  CHECK(r.pages_skipped == 4);  // pages 2 and 3 of both searches
  CHECK(r.pages.size() == 2);

  std::this_thread::sleep_for(200ms);  // nothing more is asked for after the run
  auto made_calls = calls->all();
  REQUIRE(made_calls.size() == 2);
  for (auto& c : made_calls) CHECK(c.page == 1);
  // A collect-only run never builds the processing stages.
  CHECK(made_count("processor") == 0);
  CHECK(made_count("embedder") == 0);
  CHECK(made_count("deduper") == 0);
  CHECK(made_count("loader") == 0);
}

TEST_CASE_METHOD(fixture, "actors: pipeline refuses a run while another is in progress", "[actors]") {
  auto p = parts();
  auto gate = sys.spawn(gated_recovery, log);
  keep("recovery", gate);
  p.recovery = [gate] { return caf::actor_cast<messages::recovery_actor>(gate); };
  auto pipeline = start(std::move(p));

  // The first run waits in its sweep.
  self->send(pipeline, atom::run::value, process_request());
  for (int i = 0; i < 500 && log->of("recovery").empty(); ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(log->of("recovery").size() == 1);

  caf::scoped_actor other{sys};
  auto second = run(other, pipeline, process_request(), 5s);
  REQUIRE(second.answered);  // an answer, not a queue
  CHECK_FALSE(second.report);
  CHECK(second.error == messages::errc::invalid_request);
  CHECK_THAT(sys.render(second.error), Catch::Contains("already in progress"));
  CHECK(log->of("recovery").size() == 1);  // the refused run did not start a sweep

  // The first run goes on and finishes; then the pipeline takes the next one.
  caf::anon_send(gate, atom::tick::value);
  bool first_done = false;
  self->receive([&](messages::run_report& r) { first_done = r.fatal.empty(); },
                [&](caf::error& e) { FAIL("first run failed: " << sys.render(e)); },
                caf::after(20s) >> [] {});
  CHECK(first_done);
  auto third = run(pipeline, process_request(), 20s);
  REQUIRE(third.answered);
  CHECK(third.report);
  CHECK(log->of("recovery").size() == 2);
}

TEST_CASE_METHOD(fixture, "actors: a run after a failed one goes through (the failed run's requests are forgotten)",
                 "[actors]") {
  auto p = parts(unfinished({{"c1", collection_status::deduped}}));
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto loaded = standard_loader();
  p.loader = stage<messages::loader_actor, atom::load>("loader", [calls, loaded](const stage_request& r)
                                                                     -> caf::expected<stage_reply> {
    if ((*calls)++ == 0) return caf::make_error(messages::errc::storage_unavailable, std::string("database gone"));
    return loaded(r);
  });
  auto resumes = std::make_shared<std::atomic<int>>(0);
  p.on_resume = [resumes] { ++*resumes; };
  auto pipeline = start(std::move(p));
  auto first = run(pipeline, process_request());
  REQUIRE(first.report);
  CHECK_THAT(first.report->fatal, Catch::Contains("database gone"));
  auto second = run(pipeline, process_request());
  REQUIRE(second.answered);
  REQUIRE(second.report);
  CHECK(second.report->fatal.empty());
  CHECK(second.report->collections_loaded == 1);
  CHECK(*resumes == 2);  // each run lets the workers wait again
}

TEST_CASE_METHOD(fixture, "actors: a collection a stage does not report on is offered again, not lost", "[actors]") {
  auto p = parts(unfinished({{"c1", collection_status::pending}}));
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto processed = standard_processor();
  p.processor = stage<messages::processor_actor, atom::process>("processor", [calls, processed](const stage_request& r)
                                                                               -> caf::expected<stage_reply> {
    if ((*calls)++ == 0) return stage_reply{};  // says nothing about c1
    return processed(r);
  });
  auto pipeline = start(std::move(p));
  auto o = run(pipeline, process_request());
  REQUIRE(o.report);
  CHECK(o.report->collections_loaded == 1);
  CHECK(*calls == 2);
}

TEST_CASE_METHOD(fixture, "actors: a stage left unset fails the run with its name", "[actors]") {
  auto p = parts(unfinished({{"c1", collection_status::processed}}));
  p.embedder = nullptr;
  auto pipeline = start(std::move(p));
  auto o = run(pipeline, process_request());
  REQUIRE(o.report);
  CHECK_THAT(o.report->fatal, Catch::StartsWith("embedder"));
}

TEST_CASE_METHOD(fixture, "actors: a late reply never moves a collection back (each is counted once)", "[actors]") {
  // The deduper answers about c2 only after the loader (which loads whatever is deduped in the
  // database) has already reported c2 loaded; c3 keeps the run going meanwhile. The pipeline must
  // keep c2 loaded and count it once: before the fix c2 went back to deduped, was loaded a second
  // time and counted twice, and the run ended before c3 was loaded.
  auto p = parts(unfinished({{"c1", collection_status::deduped},
                             {"c2", collection_status::embedded},
                             {"c3", collection_status::pending}}));
  auto loader_answered = std::make_shared<std::atomic<bool>>(false);
  auto deduper_answered = std::make_shared<std::atomic<bool>>(false);
  auto loads = std::make_shared<std::vector<std::string>>();  // only the loader touches it
  p.deduper = stage<messages::deduper_actor, atom::dedupe>("deduper", [=](const stage_request& r)
                                                                         -> caf::expected<stage_reply> {
    // Blocks one of the test system's two threads; the loader answers on the other.
    for (int i = 0; i < 500 && !*loader_answered; ++i) std::this_thread::sleep_for(10ms);
    auto reply = advance_to(collection_status::deduped)(r);
    *deduper_answered = true;
    return reply;
  });
  auto processed = standard_processor();
  p.processor = stage<messages::processor_actor, atom::process>("processor", [=](const stage_request& r)
                                                                               -> caf::expected<stage_reply> {
    if (!*deduper_answered) return stage_reply{};  // says nothing yet: c3 is offered again later
    return processed(r);
  });
  p.loader = stage<messages::loader_actor, atom::load>("loader", [=](const stage_request& r)
                                                                     -> caf::expected<stage_reply> {
    for (const auto& id : r.collection_ids) loads->push_back(id);
    auto reply = advance_to(collection_status::loaded, [](collection_progress& x) { x.jobs_new = 1; })(r);
    if (!*loader_answered) {
      collection_progress c2;  // loaded by this round although not asked about yet
      c2.collection_id = "c2";
      c2.status = collection_status::loaded;
      c2.advanced = true;
      c2.jobs_new = 1;
      reply->collections.push_back(c2);
    }
    *loader_answered = true;
    return reply;
  });
  auto pipeline = start(std::move(p));
  auto o = run(pipeline, process_request());
  REQUIRE(o.report);
  CHECK(o.report->fatal.empty());
  CHECK(o.report->collections == 3);
  CHECK(o.report->collections_loaded == 3);
  CHECK(o.report->jobs_new == 3);
  CHECK(*loads == std::vector<std::string>{"c1", "c3"});  // c2 is never loaded twice, c3 is loaded
}
