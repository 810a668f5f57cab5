// A stage as a supervised pool: one router in front of N detached workers (they block on the
// database and HTTP), each owning its own work object (built in the worker, so a restart builds a
// fresh one). Storage errors leave a worker as values (errc::storage_unavailable with the text), not
// as crashes; anything else a worker throws crashes it, and the pool restarts it (supervision/
// worker_pool.hpp). Included only by the stage .cpp files: it pulls in CAF.
#pragma once

#include "actors/stage_observer.hpp"
#include "config/settings.hpp"
#include "messages/error.hpp"
#include "storage/database.hpp"
#include "supervision/worker_pool.hpp"

#include <memory>
#include <string>

namespace jobpilot::actors {

inline supervision::pool_settings pool_settings_of(std::string stage, int workers, const config::restart_settings& r,
                                                   std::shared_ptr<stage_observer> observer) {
  supervision::pool_settings ps;
  ps.on_restart = [observer, stage] { observer->stage_restarted(stage); };
  ps.stage = std::move(stage);
  ps.workers = workers;
  ps.restart.max_restarts = r.max_restarts;
  ps.restart.period = r.period;
  ps.restart.min_backoff = r.min_backoff;
  ps.restart.max_backoff = r.max_backoff;
  ps.restart.random_factor = r.random_factor;
  return ps;
}

namespace detail {

template <class Atom, class In, class Out, class Work, class Make, class Call>
typename supervision::pool_worker<Atom, In, Out>::behavior_type
stage_worker(typename supervision::pool_worker<Atom, In, Out>::pointer self, Make make, Call call) {
  supervision::report_crashes(self);
  auto work = std::shared_ptr<Work>(make());
  return {
    [work, call](Atom, const In& in) -> caf::result<Out> {
      try {
        return call(*work, in);
      } catch (const storage::storage_error& e) {
        return caf::make_error(messages::errc::storage_unavailable, std::string(e.what()));
      }
    },
  };
}

}  // namespace detail

/// `make()` returns a new Work*; `call(Work&, const In&)` returns Out.
template <class Atom, class In, class Out, class Work, class Make, class Call>
supervision::pool_front<Atom, In, Out> spawn_stage(caf::actor_system& sys, supervision::pool_settings settings,
                                                   Make make, Call call) {
  return supervision::spawn_pool<Atom, In, Out>(sys, std::move(settings), [make, call](caf::local_actor* router) {
    return router->spawn<caf::detached + caf::monitored>(detail::stage_worker<Atom, In, Out, Work, Make, Call>, make,
                                                         call);
  });
}

}  // namespace jobpilot::actors
