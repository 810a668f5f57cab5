// A stage = one router actor in front of N worker actors (detached: they may block).
// The router queues requests, hands each to an idle worker, and supervises the
// workers one-for-one: a crashed worker is restarted after an exponential backoff,
// the request it held is dispatched again (at most `max_redispatch` times), and
// more than `intensity.max_restarts` restarts within `intensity.period` make the
// whole stage fail (escalation to whoever monitors it).
// Included only by actor .cpp files (it pulls in CAF).
#pragma once

#include "messages/atoms.hpp"
#include "messages/error.hpp"
#include "messages/status.hpp"
#include "supervision/backoff.hpp"
#include "supervision/restart_intensity.hpp"

#include <caf/all.hpp>

#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace jobpilot::supervision {

struct pool_settings {
  std::string stage;                 ///< name used in status and logs
  int workers = 2;
  int max_queue = 10'000;            ///< requests waiting beyond this are refused
  int max_redispatch = 2;            ///< a request that crashed this many workers fails
  restart_settings restart;          ///< intensity (N restarts in T) and backoff between restarts
  std::function<void()> on_restart;  ///< told of every worker restart (metrics); may be empty
};

/// Worker interface: the stage's single request type.
template <class Atom, class In, class Out>
using pool_worker = caf::typed_actor<typename caf::replies_to<Atom, In>::template with<Out>>;

/// The stage interface the pool implements (same as the messages/<stage>.hpp one).
template <class Atom, class In, class Out>
using pool_front = caf::typed_actor<typename caf::replies_to<Atom, In>::template with<Out>,
                                    caf::replies_to<atom::status>::with<messages::stage_status>>;

/// The router's own type: the front plus its INTERNAL restart timer message.
template <class Atom, class In, class Out>
using pool_router = typename pool_front<Atom, In, Out>::template extend<caf::reacts_to<atom::restart, std::uint32_t>>;

template <class Atom, class In, class Out>
struct pool_state {
  using worker = pool_worker<Atom, In, Out>;
  struct job {
    std::uint64_t id = 0;
    In input;
    caf::typed_response_promise<Out> promise;
    int dispatched = 0;
  };

  pool_settings settings;
  std::function<worker(caf::local_actor*)> spawn_worker;  ///< must spawn with caf::monitored
  std::vector<worker> slots;           ///< nullptr while a slot restarts
  std::vector<std::uint64_t> busy;     ///< job id per slot, 0 = idle
  std::map<std::uint64_t, job> jobs;   ///< jobs held by workers
  std::deque<job> queue;
  std::uint64_t next_job_id = 1;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int32_t restarts = 0;
  restart_intensity intensity;
  std::mt19937_64 rng{std::random_device{}()};
  bool failing = false;
  std::string last_crash;  ///< why the last worker died, for the message when the stage gives up
  static inline const char* name = "worker-pool";
};

namespace detail {

template <class Atom, class In, class Out>
using pool_self = typename pool_router<Atom, In, Out>::template stateful_pointer<pool_state<Atom, In, Out>>;

template <class Atom, class In, class Out>
void dispatch(pool_self<Atom, In, Out> self) {
  auto& st = self->state;
  for (std::size_t slot = 0; slot < st.slots.size() && !st.queue.empty(); ++slot) {
    if (!st.slots[slot] || st.busy[slot] != 0) continue;
    auto j = std::move(st.queue.front());
    st.queue.pop_front();
    ++j.dispatched;
    auto id = j.id;
    auto input = j.input;
    st.busy[slot] = id;
    st.jobs.emplace(id, std::move(j));
    auto w = st.slots[slot];
    self->request(w, caf::infinite, Atom::value, std::move(input))
      .then(
        [=](Out& out) mutable {
          auto& s = self->state;
          auto it = s.jobs.find(id);
          if (it == s.jobs.end()) return;  // already re-dispatched after a crash
          it->second.promise.deliver(std::move(out));
          s.jobs.erase(it);
          ++s.completed;
          if (slot < s.busy.size() && s.busy[slot] == id) s.busy[slot] = 0;
          dispatch<Atom, In, Out>(self);
        },
        [=](caf::error& err) mutable {
          // A worker that crashed answers its request with runtime_error (or
          // request_receiver_down when it was already gone); the down handler owns
          // that case (restart + re-dispatch), so only errors a worker returned end here.
          if (err == caf::sec::request_receiver_down || err == caf::sec::runtime_error ||
              err == messages::errc::worker_crashed)
            return;
          auto& s = self->state;
          auto it = s.jobs.find(id);
          if (it == s.jobs.end()) return;
          it->second.promise.deliver(std::move(err));
          s.jobs.erase(it);
          ++s.failed;
          if (slot < s.busy.size() && s.busy[slot] == id) s.busy[slot] = 0;
          dispatch<Atom, In, Out>(self);
        });
  }
}

template <class Atom, class In, class Out>
void fail_everything(pool_self<Atom, In, Out> self, const caf::error& reason) {
  auto& st = self->state;
  for (auto& [id, j] : st.jobs) j.promise.deliver(reason);
  st.jobs.clear();
  for (auto& j : st.queue) j.promise.deliver(reason);
  st.queue.clear();
}

template <class Atom, class In, class Out>
void on_worker_down(pool_self<Atom, In, Out> self, const caf::down_msg& dm) {
  auto& st = self->state;
  std::size_t slot = st.slots.size();
  for (std::size_t i = 0; i < st.slots.size(); ++i)
    if (st.slots[i] && st.slots[i].address() == dm.source) slot = i;
  if (slot == st.slots.size()) return;  // not one of ours (any more)
  st.slots[slot] = nullptr;
  if (dm.reason) st.last_crash = self->system().render(dm.reason);
  auto held = st.busy[slot];
  st.busy[slot] = 0;
  if (held != 0) {
    auto it = st.jobs.find(held);
    if (it != st.jobs.end()) {
      auto j = std::move(it->second);
      st.jobs.erase(it);
      if (j.dispatched > st.settings.max_redispatch) {
        ++st.failed;
        j.promise.deliver(caf::make_error(messages::errc::stage_failed,
                                          st.settings.stage + ": request crashed " + std::to_string(j.dispatched) +
                                            " workers, giving up (last cause: " + st.last_crash + ")"));
      } else {
        st.queue.push_front(std::move(j));  // the work it held goes to the next worker
      }
    }
  }
  if (st.failing) return;
  ++st.restarts;
  if (st.settings.on_restart) st.settings.on_restart();
  if (!st.intensity.record_restart(std::chrono::steady_clock::now())) {
    st.failing = true;
    auto reason = caf::make_error(messages::errc::stage_failed,
                                  st.settings.stage + ": more than " +
                                    std::to_string(st.settings.restart.max_restarts) + " worker restarts within " +
                                    std::to_string(st.settings.restart.period.count()) + " ms (last cause: " +
                                    (st.last_crash.empty() ? std::string("unknown") : st.last_crash) + ")");
    fail_everything<Atom, In, Out>(self, reason);
    for (auto& w : st.slots)
      if (w) self->send_exit(w, caf::exit_reason::user_shutdown);
    self->quit(reason);
    return;
  }
  double u = std::uniform_real_distribution<double>(0.0, 1.0)(st.rng);
  auto delay = st.intensity.restart_delay(u);
  self->delayed_send(self, delay, atom::restart::value, static_cast<std::uint32_t>(slot));
}

}  // namespace detail

/// Makes a worker's uncaught exception its exit reason (errc::worker_crashed with the text), so the
/// pool can say what took the stage down. Call at the start of a worker's behavior function.
template <class Self>
void report_crashes(Self* self) {
  self->set_exception_handler([](std::exception_ptr& eptr) -> caf::error {
    try {
      std::rethrow_exception(eptr);
    } catch (const std::exception& e) {
      return caf::make_error(messages::errc::worker_crashed, std::string(e.what()));
    } catch (...) {
      return caf::make_error(messages::errc::worker_crashed, std::string("unknown exception"));
    }
  });
}

/// Spawns the router and its workers. `spawn_worker` is called from inside the
/// router and must return a monitored worker, e.g.
/// `[=](caf::local_actor* r) { return r->spawn<caf::detached + caf::monitored>(fn, deps); }`.
template <class Atom, class In, class Out>
pool_front<Atom, In, Out> spawn_pool(caf::actor_system& sys, pool_settings settings,
                                     std::function<pool_worker<Atom, In, Out>(caf::local_actor*)> spawn_worker) {
  auto router = sys.spawn([settings, spawn_worker](detail::pool_self<Atom, In, Out> self) ->
                          typename pool_router<Atom, In, Out>::behavior_type {
    auto& st = self->state;
    st.settings = settings;
    st.spawn_worker = spawn_worker;
    st.intensity = restart_intensity(settings.restart);
    auto n = static_cast<std::size_t>(settings.workers < 1 ? 1 : settings.workers);
    st.busy.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) st.slots.push_back(spawn_worker(self));
    self->set_down_handler([=](caf::down_msg& dm) { detail::on_worker_down<Atom, In, Out>(self, dm); });
    // Shutdown: take the workers down with us; pending requests get an error, never silence.
    self->set_exit_handler([=](caf::exit_msg& em) {
      detail::fail_everything<Atom, In, Out>(self, caf::make_error(messages::errc::shutting_down,
                                                                   self->state.settings.stage + " is shutting down"));
      for (auto& w : self->state.slots)
        if (w) self->send_exit(w, em.reason);
      self->quit(em.reason);
    });
    return {
      [=](Atom, In& input) -> caf::result<Out> {
        auto& s = self->state;
        if (s.failing) return caf::make_error(messages::errc::stage_failed, s.settings.stage + " has failed");
        if (static_cast<int>(s.queue.size()) >= s.settings.max_queue)
          return caf::make_error(messages::errc::stage_failed, s.settings.stage + " queue is full");
        auto rp = self->template make_response_promise<Out>();
        typename pool_state<Atom, In, Out>::job j;
        j.id = s.next_job_id++;
        j.input = std::move(input);
        j.promise = rp;
        s.queue.push_back(std::move(j));
        detail::dispatch<Atom, In, Out>(self);
        return rp;
      },
      [=](atom::status) {
        auto& s = self->state;
        messages::stage_status out;
        out.stage = s.settings.stage;
        out.workers = static_cast<std::int32_t>(s.slots.size());
        std::int32_t alive = 0;
        for (std::size_t i = 0; i < s.slots.size(); ++i) {
          if (s.slots[i]) ++alive;
          if (s.busy[i] != 0) ++out.busy;
        }
        out.queued = static_cast<std::int32_t>(s.queue.size());
        out.completed = s.completed;
        out.failed = s.failed;
        out.restarts = s.restarts;
        out.state = s.failing ? "down" : (alive == out.workers ? "up" : "degraded");
        return out;
      },
      [=](atom::restart, std::uint32_t slot) {
        auto& s = self->state;
        if (s.failing || slot >= s.slots.size() || s.slots[slot]) return;
        s.slots[slot] = s.spawn_worker(self);
        detail::dispatch<Atom, In, Out>(self);
      },
    };
  });
  return caf::actor_cast<pool_front<Atom, In, Out>>(router);
}

}  // namespace jobpilot::supervision
