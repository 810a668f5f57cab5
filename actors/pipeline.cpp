#include "actors/pipeline.hpp"

#include "core/jsearch_query.hpp"
#include "messages/error.hpp"

#include <caf/all.hpp>

#include <deque>
#include <map>
#include <set>
#include <unordered_map>

namespace jobpilot::actors {

namespace {

using core::collection_status;

// The stages that take collections, in pipeline order (indexes into pipeline_state::ready).
enum stage_slot : std::size_t { at_processor = 0, at_embedder, at_deduper, at_loader, slots };

std::optional<stage_slot> slot_of(collection_status s) {
  switch (s) {
    case collection_status::pending: return at_processor;
    case collection_status::processed: return at_embedder;
    case collection_status::embedded: return at_deduper;
    case collection_status::deduped: return at_loader;
    default: return std::nullopt;
  }
}

// Collections per deduper or loader request: about one dedupe round.
constexpr std::size_t ordered_batch = 20;

// One collection this run carries to the end.
struct entry {
  std::string id;
  collection_status status = collection_status::pending;
  std::string reason;
  bool in_flight = false;  // a stage has it now
  bool parked = false;     // claimed elsewhere or waiting: offered again after retry_interval
};

// The pages of one search: bought one after another, so none is bought after an empty one.
struct search {
  std::deque<messages::collect_request> pages;
  bool in_flight = false;
};

struct pipeline_state {
  pipeline_parts parts;
  messages::collector_actor collector;
  messages::processor_actor processor;
  messages::embedder_actor embedder;
  messages::deduper_actor deduper;
  messages::loader_actor loader;
  messages::recovery_actor recovery;
  std::map<caf::actor_addr, std::string> stage_names;  // monitored stages

  // -- the current run ------------------------------------------------------------------------
  bool running = false;
  std::uint64_t run_id = 0;  ///< replies to an earlier run's requests are dropped
  messages::run_request request;
  messages::run_report report;
  caf::typed_response_promise<messages::run_report> promise;
  std::vector<entry> entries;
  std::unordered_map<std::string, std::size_t> index_of;
  std::set<std::size_t> ready[slots];  // entries waiting for a stage, oldest first
  int in_flight[slots] = {0, 0, 0, 0};
  std::size_t finals = 0;
  std::map<std::string, search> searches;
  std::vector<std::string> search_order;
  int collecting = 0;
  bool collection_stopped = false;
  bool swept = false;
  bool backfill_sent = false, backfill_done = false;
  bool tick_pending = false;
  std::size_t last_progress = 0;

  static inline const char* name = "pipeline";
};

// The pipeline's own type: its interface plus the internal tick that offers waiting collections again.
using pipeline_impl = messages::pipeline_actor::extend<caf::reacts_to<atom::tick>>;
using pipeline_self = pipeline_impl::stateful_pointer<pipeline_state>;

void say(pipeline_self self, const std::string& line) {
  if (self->state.parts.progress) self->state.parts.progress(line);
}

// -- stage handles: spawned on first use and monitored ----------------------------------------------

template <class Handle>
const Handle& stage(pipeline_self self, Handle& h, const std::function<Handle()>& make, const char* name) {
  if (!h && make) {
    h = make();
    self->monitor(h);
    self->state.stage_names[h.address()] = name;
  }
  // An unset stage stays an invalid handle: a request to it fails at once with an error naming it.
  return h;
}

void finish(pipeline_self self);
void dispatch(pipeline_self self);
void check_done(pipeline_self self);

// "no answer within 300 ms" / "... 90 s"
std::string duration_text(std::chrono::milliseconds d) {
  return d.count() < 10'000 ? std::to_string(d.count()) + " ms" : std::to_string(d.count() / 1000) + " s";
}

void fatal(pipeline_self self, const std::string& what) {
  auto& st = self->state;
  if (!st.running) return;
  if (st.parts.on_stop) st.parts.on_stop();  // workers still waiting out an outage for this run give up
  if (st.report.fatal.empty()) st.report.fatal = what;
  finish(self);
}

// A failed request ends the run it belongs to (an earlier run's late failure is ignored).
auto on_error(pipeline_self self, std::string stage_name, std::function<void()> release = nullptr) {
  const auto run = self->state.run_id;
  return [self, stage_name, release, run](caf::error& err) {
    if (release) release();
    if (self->state.run_id != run) return;
    std::string what = err == caf::sec::request_timeout
                           ? "no answer within " + duration_text(self->state.parts.stage_timeout)
                           : self->system().render(err);
    fatal(self, stage_name + ": " + what);
  };
}

// -- collections ------------------------------------------------------------------------------

void place(pipeline_self self, std::size_t i) {
  auto& st = self->state;
  auto& e = st.entries[i];
  for (auto& r : st.ready) r.erase(i);
  if (e.in_flight || e.parked) return;
  if (auto s = slot_of(e.status)) st.ready[*s].insert(i);
}

void set_status(pipeline_self self, std::size_t i, collection_status status, const std::string& reason) {
  auto& st = self->state;
  auto& e = st.entries[i];
  // Within a run a collection only moves forward. A reply can report an older status than one
  // already learnt (the deduper answers after the loader has loaded what it decided): keep the newer.
  if (core::progress(status) < core::progress(e.status)) {
    place(self, i);
    return;
  }
  const bool was_final = core::is_final(e.status);
  e.status = status;
  e.reason = reason;
  if (!was_final && core::is_final(status)) {
    ++st.finals;
    auto& r = st.report;
    ++r.collections;
    if (status == collection_status::loaded) ++r.collections_loaded;
    if (status == collection_status::partial) ++r.collections_partial;
    if (status == collection_status::failed) ++r.collections_failed;
    if (status != collection_status::loaded) r.failures.push_back(e.id + ": " + core::to_string(status) + ": " + reason);
    const std::size_t total = st.entries.size();
    const std::size_t step = std::max<std::size_t>(1, total / 20);  // about 20 progress lines
    if (st.finals == total || st.finals - st.last_progress >= step) {
      st.last_progress = st.finals;
      say(self, "[" + std::to_string(st.finals) + "/" + std::to_string(total) +
                    "] collections through the pipeline (" + std::to_string(r.collections_failed) + " failed, " +
                    std::to_string(r.jobs_new) + " new jobs)");
    }
  }
  place(self, i);
}

void track(pipeline_self self, const std::string& id, collection_status status, const std::string& reason) {
  auto& st = self->state;
  if (auto it = st.index_of.find(id); it != st.index_of.end()) {
    set_status(self, it->second, status, reason);
    return;
  }
  st.index_of.emplace(id, st.entries.size());
  st.entries.push_back(entry{id, collection_status::pending, {}, false, false});
  set_status(self, st.entries.size() - 1, status, reason);
}

void schedule_tick(pipeline_self self) {
  auto& st = self->state;
  if (st.tick_pending) return;
  st.tick_pending = true;
  self->delayed_send(self, st.parts.retry_interval, atom::tick::value);
}

// What a stage said about the collections it was given (and others it moved on).
void absorb(pipeline_self self, stage_slot slot, const std::vector<std::string>& sent, messages::stage_reply& reply) {
  auto& st = self->state;
  auto& r = st.report;
  bool parked = false;
  for (const auto& id : sent) {
    auto it = st.index_of.find(id);
    if (it == st.index_of.end()) continue;
    auto& e = st.entries[it->second];
    e.in_flight = false;
    // A stage that does not report on a collection it was given: offer it again later.
    bool reported = false;
    for (const auto& p : reply.collections) reported = reported || p.collection_id == id;
    if (!reported) {
      e.parked = true;
      parked = true;
      place(self, it->second);
    }
  }
  for (auto& p : reply.collections) {
    if (p.advanced) {
      r.jobs_processed += p.jobs_processed;
      r.jobs_failed += p.jobs_failed;
      r.not_embedded += p.not_embedded;
      r.jobs_new += p.jobs_new;
      r.jobs_updated += p.jobs_updated;
      r.postings_new += p.postings_new;
      r.dead_letters += p.dead_letters;
    }
    auto it = st.index_of.find(p.collection_id);
    if (it == st.index_of.end()) continue;  // another process's collection, moved on by our stage
    auto& e = st.entries[it->second];
    // Not moved on (claimed by another process, or waiting for an earlier collection): look again soon.
    if (!p.advanced && p.status == e.status && !core::is_final(p.status)) {
      e.parked = true;
      parked = true;
    }
    set_status(self, it->second, p.status, p.reason);
  }
  // The deduper waits for an earlier collection nobody here carries: take it up as well.
  if (slot == at_deduper && !reply.blocked_by.empty() && !st.index_of.count(reply.blocked_by))
    track(self, reply.blocked_by, collection_status::pending, "");
  if (parked) schedule_tick(self);
}

void send_to(pipeline_self self, stage_slot slot, std::vector<std::string> ids) {
  auto& st = self->state;
  for (const auto& id : ids) {
    auto i = st.index_of.at(id);
    st.entries[i].in_flight = true;
    place(self, i);
  }
  ++st.in_flight[slot];
  messages::stage_request req{ids};
  const auto run = st.run_id;
  auto release = [self, slot, run] {
    if (self->state.run_id == run) --self->state.in_flight[slot];
  };
  auto done = [self, slot, ids, run, release](messages::stage_reply& reply) {
    release();
    auto& st = self->state;
    if (!st.running || st.run_id != run) return;  // the run this answers is over
    absorb(self, slot, ids, reply);
    dispatch(self);
  };
  auto timeout = st.parts.stage_timeout;
  switch (slot) {
    case at_processor:
      self->request(stage(self, st.processor, st.parts.processor, "processor"), timeout, atom::process::value, req)
          .then(done, on_error(self, "processor", release));
      break;
    case at_embedder:
      self->request(stage(self, st.embedder, st.parts.embedder, "embedder"), timeout, atom::embed::value, req)
          .then(done, on_error(self, "embedder", release));
      break;
    case at_deduper:
      self->request(stage(self, st.deduper, st.parts.deduper, "deduper"), timeout, atom::dedupe::value, req)
          .then(done, on_error(self, "deduper", release));
      break;
    case at_loader:
      self->request(stage(self, st.loader, st.parts.loader, "loader"), timeout, atom::load::value, req)
          .then(done, on_error(self, "loader", release));
      break;
    default:
      break;
  }
}

void dispatch(pipeline_self self) {
  auto& st = self->state;
  if (!st.running || !st.swept) return;
  auto take = [&](stage_slot slot, std::size_t max) {
    std::vector<std::string> ids;
    while (!st.ready[slot].empty() && ids.size() < max) {
      auto i = *st.ready[slot].begin();
      st.ready[slot].erase(st.ready[slot].begin());
      ids.push_back(st.entries[i].id);
    }
    return ids;
  };
  // The processor and embedder take one collection per request, several at once; the deduper and
  // loader one request at a time (they work in the global order anyway), of a bounded size so that
  // their answers, and with them the loader's work and the progress lines, keep coming.
  while (st.in_flight[at_processor] < st.parts.processor_window && !st.ready[at_processor].empty())
    send_to(self, at_processor, take(at_processor, 1));
  while (st.in_flight[at_embedder] < st.parts.embedder_window && !st.ready[at_embedder].empty())
    send_to(self, at_embedder, take(at_embedder, 1));
  if (st.in_flight[at_deduper] == 0 && !st.ready[at_deduper].empty())
    send_to(self, at_deduper, take(at_deduper, ordered_batch));
  if (st.in_flight[at_loader] == 0 && !st.ready[at_loader].empty())
    send_to(self, at_loader, take(at_loader, ordered_batch));
  check_done(self);
}

// -- collection -----------------------------------------------------------------------------

// Pages of one search share everything but the page and cursor.
std::string search_key(const core::jsearch_query& q) {
  auto k = q;
  k.page = 1;
  k.cursor.clear();
  return core::canonical_params_json(k);
}

void skip_remaining(pipeline_self self, search& s) {
  self->state.report.pages_skipped += static_cast<std::int32_t>(s.pages.size());
  s.pages.clear();
}

void collect_next(pipeline_self self);

void on_collected(pipeline_self self, const std::string& key, messages::collect_result& res) {
  auto& st = self->state;
  auto& r = st.report;
  --st.collecting;
  auto& s = st.searches[key];
  s.in_flight = false;
  r.api_calls += res.api_calls;
  switch (res.status) {
    case core::collect_status::stored: ++r.pages_stored; break;
    case core::collect_status::cached: ++r.pages_cached; break;
    case core::collect_status::failed: ++r.pages_failed; break;
  }
  const auto done_pages = r.pages_stored + r.pages_cached + r.pages_failed;
  say(self, "[" + std::to_string(done_pages) + "/" + std::to_string(r.pages_requested) + "] page: " +
                core::to_string(res.status) + " (" + core::to_string(res.outcome) + "), " +
                std::to_string(res.job_count) + " jobs, " + std::to_string(res.api_calls) + " API call(s)" +
                (res.error.empty() ? "" : " - " + res.error));
  if (st.request.process && res.status == core::collect_status::stored && !res.collection_id.empty())
    track(self, res.collection_id, collection_status::pending, "");
  // No page after an empty one; search-v2 pages follow the cursor.
  if (core::ends_search(res.stop)) skip_remaining(self, s);
  if (!s.pages.empty() && s.pages.front().query.endpoint == "search-v2") {
    if (res.next_cursor.empty())
      skip_remaining(self, s);
    else
      s.pages.front().query.cursor = res.next_cursor;
  }
  if (core::stops_everything(res.stop) && !st.collection_stopped) {
    st.collection_stopped = true;
    r.stop = res.stop;
    r.stop_message = res.error;
    for (auto& [k, other] : st.searches) skip_remaining(self, other);
  }
  r.pages.push_back(std::move(res));
  collect_next(self);
  dispatch(self);
}

void collect_next(pipeline_self self) {
  auto& st = self->state;
  if (!st.running || st.collection_stopped) return;
  for (const auto& key : st.search_order) {
    if (st.collecting >= st.parts.searches_at_once) return;
    auto& s = st.searches[key];
    if (s.in_flight || s.pages.empty()) continue;
    auto page = std::move(s.pages.front());
    s.pages.pop_front();
    s.in_flight = true;
    ++st.collecting;
    const auto run = st.run_id;
    self->request(stage(self, st.collector, st.parts.collector, "collector"), st.parts.stage_timeout,
                  atom::collect::value, std::move(page))
        .then([self, key, run](messages::collect_result& res) {
                if (self->state.running && self->state.run_id == run) on_collected(self, key, res);
              },
              on_error(self, "collector"));
  }
}

void start_collection(pipeline_self self, std::vector<messages::collect_request> pages) {
  auto& st = self->state;
  for (auto& p : pages) {
    auto key = search_key(p.query);
    if (!st.searches.count(key)) st.search_order.push_back(key);
    st.searches[key].pages.push_back(std::move(p));
    ++st.report.pages_requested;
  }
  collect_next(self);
}

// -- the run --------------------------------------------------------------------------------

void check_done(pipeline_self self) {
  auto& st = self->state;
  if (!st.running || !st.swept) return;
  if (st.collecting > 0) return;
  for (const auto& [key, s] : st.searches)
    if (!s.pages.empty() && !st.collection_stopped) return;
  if (st.request.process) {
    if (st.finals < st.entries.size()) return;
    // Jobs loaded without a vector (the endpoint was down) get one now if it is back.
    if (!st.backfill_done) {
      if (st.backfill_sent) return;
      st.backfill_sent = true;
      const auto run = st.run_id;
      self->request(stage(self, st.embedder, st.parts.embedder, "embedder"), st.parts.stage_timeout,
                    atom::embed::value, messages::stage_request{})
          .then(
              [self, run](messages::stage_reply& reply) {
                auto& s = self->state;
                if (!s.running || s.run_id != run) return;
                s.report.embedded_later = reply.backfilled;
                s.backfill_done = true;
                check_done(self);
              },
              on_error(self, "embedder"));
      return;
    }
  }
  finish(self);
}

void finish(pipeline_self self) {
  auto& st = self->state;
  if (!st.running) return;
  st.promise.deliver(std::move(st.report));
  // Ready for the next run (the stages stay up).
  st.running = false;
  st.request = {};
  st.report = {};
  st.entries.clear();
  st.index_of.clear();
  for (auto& r : st.ready) r.clear();
  for (auto& n : st.in_flight) n = 0;  // replies still out belong to the run that is over
  st.finals = 0;
  st.searches.clear();
  st.search_order.clear();
  st.collecting = 0;
  st.collection_stopped = false;
  st.swept = false;
  st.backfill_sent = st.backfill_done = false;
  st.last_progress = 0;
}

void stop_stages(pipeline_self self, const caf::error& reason) {
  auto& st = self->state;
  if (st.parts.on_stop) st.parts.on_stop();
  auto down = [&](const auto& h) {
    if (h) self->send_exit(h, reason);
  };
  down(st.collector);
  down(st.processor);
  down(st.embedder);
  down(st.deduper);
  down(st.loader);
  down(st.recovery);
}

pipeline_impl::behavior_type pipeline(pipeline_self self, pipeline_parts parts) {
  self->state.parts = std::move(parts);
  // A stage that stops on its own has given up (its restart intensity was exceeded): the run ends
  // with its reason, and so does the pipeline, so whoever waits on it learns at once.
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    auto it = st.stage_names.find(dm.source);
    if (it == st.stage_names.end()) return;
    std::string what = it->second + " stopped: " + self->system().render(dm.reason);
    fatal(self, what);
    stop_stages(self, caf::exit_reason::user_shutdown);
    self->quit(dm.reason ? dm.reason : caf::make_error(messages::errc::stage_failed, what));
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    fatal(self, "the pipeline is shutting down");
    stop_stages(self, em.reason);
    self->quit(em.reason);
  });
  return {
    [self](atom::run, const messages::run_request& req) -> caf::result<messages::run_report> {
      auto& st = self->state;
      if (st.running) return caf::make_error(messages::errc::invalid_request, "a run is already in progress");
      st.running = true;
      ++st.run_id;
      if (st.parts.on_resume) st.parts.on_resume();  // a failed earlier run told the workers to stop
      st.request = req;
      st.promise = self->make_response_promise<messages::run_report>();
      auto rp = st.promise;
      const auto run = st.run_id;
      self->request(stage(self, st.recovery, st.parts.recovery, "recovery"), st.parts.stage_timeout,
                    atom::sweep::value, req.sweep)
          .then(
              [self, run](messages::sweep_report& sweep) {
                auto& s = self->state;
                if (!s.running || s.run_id != run) return;
                s.swept = true;
                auto replays = sweep.replays;
                if (s.request.process)
                  for (const auto& c : sweep.unfinished) track(self, c.collection_id, c.status, c.reason);
                s.report.sweep = std::move(sweep);
                auto pages = s.request.pages;
                pages.insert(pages.end(), replays.begin(), replays.end());
                start_collection(self, std::move(pages));
                dispatch(self);
              },
              on_error(self, "recovery"));
      return rp;
    },
    [self](atom::tick) {
      auto& st = self->state;
      st.tick_pending = false;
      if (!st.running) return;
      for (std::size_t i = 0; i < st.entries.size(); ++i)
        if (st.entries[i].parked) {
          st.entries[i].parked = false;
          place(self, i);
        }
      dispatch(self);
    },
  };
}

}  // namespace

messages::pipeline_actor spawn_pipeline(caf::actor_system& sys, pipeline_parts parts) {
  return caf::actor_cast<messages::pipeline_actor>(sys.spawn(pipeline, std::move(parts)));
}

}  // namespace jobpilot::actors
