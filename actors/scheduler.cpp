#include "actors/scheduler.hpp"

#include "core/cron.hpp"
#include "core/on_demand_request.hpp"
#include "core/schedule_plan.hpp"
#include "messages/atoms.hpp"
#include "messages/type_ids.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/database.hpp"
#include "storage/schedule_run_repository.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <optional>
#include <variant>

namespace jobpilot::actors {

namespace {

using clock = std::chrono::system_clock;

struct cron_entry {
  const config::schedule_settings* schedule;
  core::cron_schedule cron;
  std::int64_t last_fire;  ///< epoch ms: the latest recorded fire time, or when the service first saw it
};

class scheduler_loop {
public:
  scheduler_loop(caf::blocking_actor* self, scheduler_parts parts)
      : self_(self), p_(std::move(parts)), runs_(p_.db), usage_(p_.db) {}

  void run() {
    self_->monitor(caf::actor_cast<caf::actor>(p_.pipeline));
    while (!p_.stopping->load()) {
      std::optional<storage::schedule_run_row> next;
      try {
        if (!crons_ready_) load_crons();
        record_due_crons(clock::now());
        next = first_due(clock::now());
      } catch (const std::exception& e) {
        // The database is away: nothing is recorded, so nothing is lost; look again next tick.
        p_.log->warn("scheduler: cannot read or record schedule_runs: {}", e.what());
      }
      if (next && !p_.stopping->load()) {
        if (!run_one(*next)) return;  // the pipeline is gone
        continue;
      }
      bool pipeline_gone = false;
      self_->receive([&](caf::down_msg&) { pipeline_gone = true; }, [](atom::wake) {}, caf::after(p_.tick) >> [] {});
      if (pipeline_gone) return;
    }
  }

private:
  void load_crons() {
    const auto now_ms = core::to_epoch_ms(clock::now());
    crons_.clear();
    for (const auto& s : p_.schedules) {
      if (!s.enabled || core::kind_of_trigger(s.trigger) != core::trigger_kind::cron) continue;
      auto parsed = core::cron_schedule::parse(s.trigger, p_.settings.time_zone);
      if (auto* cron = std::get_if<core::cron_schedule>(&parsed)) {
        // A schedule seen for the first time starts now: it does not fire for times before it existed.
        crons_.push_back({&s, *cron, runs_.last_fire(s.name).value_or(now_ms)});
      }
    }
    crons_ready_ = true;
  }

  void record_due_crons(clock::time_point now) {
    for (auto& c : crons_) {
      if (auto due = core::latest_due(c.cron, core::from_epoch_ms(c.last_fire), now)) {
        const auto fire = core::to_epoch_ms(*due);
        core::run_conditions cond;
        cond.pages = core::pages_of(c.schedule->queries.size(), c.schedule->locations.size(), c.schedule->pages);
        cond.quota_reserve = p_.quota_reserve;
        cond.check_quota = p_.settings.skip_when_quota_short;
        if (auto l = usage_.ledger(); l.latest_with_headers) cond.quota_remaining = l.latest_with_headers->requests_remaining;
        if (auto done = runs_.last_done(c.schedule->name)) cond.last_done = core::from_epoch_ms(*done);
        cond.fresher_than = c.schedule->skip_if_fresher_than;
        const auto skip = core::decide_skip(cond, now);
        const auto now_ms = core::to_epoch_ms(now);
        if (skip == core::skip_reason::none) {
          if (runs_.add_due(c.schedule->name, fire, c.schedule->trigger, now_ms))
            p_.log->info("scheduler: {} is due ({})", c.schedule->name, c.schedule->trigger);
        } else {
          auto why = core::explain_skip(skip, cond, now);
          if (runs_.add_skipped(c.schedule->name, fire, c.schedule->trigger, why, now_ms)) {
            p_.log->warn("scheduler: {} skipped: {}", c.schedule->name, why);
            if (p_.on_run_end) p_.on_run_end({c.schedule->name, fire, "skipped", why, nullptr});
          }
        }
        c.last_fire = fire;
      }
      if (p_.on_next_fire)
        if (auto next = c.cron.next_after(now)) p_.on_next_fire(c.schedule->name, core::to_epoch_ms(*next));
    }
  }

  std::optional<storage::schedule_run_row> first_due(clock::time_point now) {
    const auto now_ms = core::to_epoch_ms(now);
    for (auto& row : runs_.unfinished())
      if (row.fire_time <= now_ms) return row;
    return std::nullopt;
  }

  const config::schedule_settings* find(const std::string& name) const {
    for (const auto& s : p_.schedules)
      if (s.name == name) return &s;
    return nullptr;
  }

  /// False when the pipeline is gone (the service cannot go on).
  bool run_one(const storage::schedule_run_row& row) {
    const auto now_ms = [] { return core::to_epoch_ms(clock::now()); };
    // A run asked for through the API carries its search in trigger_text; a configured one is looked up.
    config::schedule_settings asked;
    const auto* s = find(row.schedule);
    if (row.schedule == core::on_demand_schedule) {
      std::string error;
      auto r = core::parse_on_demand_request(row.trigger, &error);
      if (!r) {
        runs_.finish(row.schedule, row.fire_time, "failed", "unreadable request: " + error, now_ms(), 0);
        return true;
      }
      asked = {row.schedule, "on_demand", {r->query}, {r->location}, r->pages, 0, true, {}};
      s = &asked;
    } else if (row.schedule == core::reprocess_schedule) {
      asked = {row.schedule, "on_demand", {}, {}, 1, 0, true, {}};
      s = &asked;
    }
    std::optional<core::reprocess_request> reprocess;
    if (row.schedule == core::reprocess_schedule) reprocess = core::parse_reprocess_request(row.trigger, nullptr);
    if (!s) {
      runs_.finish(row.schedule, row.fire_time, "failed", "no schedule of this name in the configuration", now_ms(), 0);
      return true;
    }
    // On-demand runs set nothing off: only the configured triggers chain.
    const auto kind = s == &asked ? core::trigger_kind::after_processing : core::kind_of_trigger(s->trigger);
    messages::run_request req;
    req.process = true;
    if (!s->queries.empty()) {
      // Incremental: a schedule that ran successfully before asks only for what was posted since.
      auto defaults = p_.defaults;
      if (s != &asked)
        if (auto done = runs_.last_done(s->name))
          defaults.date_posted = core::narrowed_date_posted(
              defaults.date_posted, std::chrono::milliseconds(std::max<std::int64_t>(0, now_ms() - *done)));
      req.pages = pages_of_schedule(*s, defaults);
    }
    if (s == &asked) for (auto& page : req.pages) page.strategy = "on_demand";
    // Incremental: scheduled searches stop at a page of jobs loaded before this run (see collector).
    if (s != &asked)
      for (auto& page : req.pages) page.known_before_ms = now_ms();
    if (reprocess) {
      req.sweep.reprocess_status = reprocess->status;
      req.sweep.dead_letters = reprocess->dead_letters;
    }
    runs_.mark_running(row.schedule, row.fire_time, now_ms(), static_cast<std::int64_t>(req.pages.size()));
    p_.log->info("scheduler: {} runs: {} page(s){}", s->name, req.pages.size(),
                 row.state == "running" ? " (taken up again after a restart)" : "");

    std::optional<messages::run_report> report;
    std::string error;
    self_->send(p_.pipeline, atom::run::value, req);
    bool waiting = true;
    while (waiting)
      self_->receive([&](messages::run_report& r) { report = std::move(r); waiting = false; },
                     [&](caf::error& e) { error = self_->system().render(e); waiting = false; },
                     [&](caf::down_msg& dm) { error = "the pipeline stopped: " + self_->system().render(dm.reason);
                                              waiting = false; });
    if (!report && error.rfind("the pipeline stopped", 0) == 0) return false;  // stays running: resumed at start
    const bool failed = !report || !report->fatal.empty();
    if (failed && p_.stopping->load()) return true;  // cut short by the shutdown: resumed at the next start
    const std::string reason = !report ? error : report->fatal;
    const std::string state = failed ? "failed" : "done";
    const auto end = now_ms();
    runs_.finish(row.schedule, row.fire_time, state, reason, end, report ? report->api_calls : 0);
    if (failed) p_.log->error("scheduler: {} failed: {}", s->name, reason);
    else p_.log->info("scheduler: {} done: {} call(s), {} new job(s)", s->name, report->api_calls, report->jobs_new);
    if (p_.on_run_end) p_.on_run_end({s->name, row.fire_time, state, reason, report ? &*report : nullptr});
    if (auto follow = core::follow_up_of(kind))
      for (const auto& next : p_.schedules)
        if (next.enabled && core::kind_of_trigger(next.trigger) == *follow) {
          const auto at = end + static_cast<std::int64_t>(next.delay_minutes * 60'000.0);
          runs_.add_due(next.name, at, next.trigger, end);
          p_.log->info("scheduler: {} is due in {} s ({} after {})", next.name, (at - end) / 1000, next.trigger, s->name);
        }
    return true;
  }

  caf::blocking_actor* self_;
  scheduler_parts p_;
  storage::schedule_run_repository runs_;
  storage::api_usage_repository usage_;
  std::vector<cron_entry> crons_;
  bool crons_ready_ = false;
};

}  // namespace

std::vector<messages::collect_request> pages_of_schedule(const config::schedule_settings& s,
                                                         const core::search_defaults& defaults) {
  std::vector<messages::collect_request> out;
  const std::vector<std::string> locations = s.locations.empty() ? std::vector<std::string>{""} : s.locations;
  for (const auto& q : s.queries)
    for (const auto& l : locations)
      for (int p = 1; p <= s.pages; ++p) {
        messages::collect_request r;
        r.query = core::search_query(q, l, p, defaults);
        r.strategy = "scheduled";
        out.push_back(std::move(r));
      }
  return out;
}

caf::actor spawn_scheduler(caf::actor_system& sys, scheduler_parts parts) {
  return sys.spawn<caf::detached>([parts = std::move(parts)](caf::blocking_actor* self) mutable {
    scheduler_loop(self, std::move(parts)).run();
  });
}

}  // namespace jobpilot::actors
