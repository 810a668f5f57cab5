#include "storage/schedule_run_repository.hpp"

#include "storage/database.hpp"
#include "storage/row_access.hpp"

namespace jobpilot::storage {

namespace {

constexpr const char* columns =
    "schedule, fire_time, state, reason, trigger_text, started_at, finished_at, pages, api_calls";

schedule_run_row read_row(const soci::row& r) {
  schedule_run_row out;
  out.schedule = col_text(r, 0);
  out.fire_time = col_int(r, 1);
  out.state = col_text(r, 2);
  out.reason = col_text(r, 3);
  out.trigger = col_text(r, 4);
  out.started_at = col_opt_int(r, 5);
  out.finished_at = col_opt_int(r, 6);
  out.pages = col_int(r, 7);
  out.api_calls = col_int(r, 8);
  return out;
}

}  // namespace

schedule_run_repository::schedule_run_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

bool schedule_run_repository::add_due(const std::string& schedule, std::int64_t fire_time, const std::string& trigger,
                                      std::int64_t now) {
  return add_skipped(schedule, fire_time, trigger, "", now);
}

bool schedule_run_repository::add_skipped(const std::string& schedule, std::int64_t fire_time,
                                          const std::string& trigger, const std::string& reason, std::int64_t now) {
  // A skipped run is finished when it is recorded; a due one has no end yet.
  const std::string state = reason.empty() ? "due" : "skipped";
  const std::int64_t finished = reason.empty() ? 0 : now;
  return db_->with_session([&](soci::session& s) {
    soci::statement st =
        (s.prepare << "INSERT INTO schedule_runs (schedule, fire_time, state, reason, trigger_text, created_at, "
                      "finished_at) VALUES (:s, :f, :st, :r, :t, :c, NULLIF(:e, CAST(0 AS BIGINT))) "
                      "ON CONFLICT (schedule, fire_time) DO NOTHING",
         soci::use(schedule), soci::use(fire_time), soci::use(state), soci::use(reason), soci::use(trigger),
         soci::use(now), soci::use(finished));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

std::optional<std::int64_t> schedule_run_repository::last_fire(const std::string& schedule) {
  return db_->with_session([&](soci::session& s) -> std::optional<std::int64_t> {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT MAX(fire_time) FROM schedule_runs WHERE schedule = :s",
                                  soci::use(schedule));
    for (const auto& r : rs) return col_opt_int(r, 0);
    return std::nullopt;
  });
}

std::optional<std::int64_t> schedule_run_repository::last_done(const std::string& schedule) {
  return db_->with_session([&](soci::session& s) -> std::optional<std::int64_t> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT MAX(finished_at) FROM schedule_runs WHERE schedule = :s AND state = 'done'",
         soci::use(schedule));
    for (const auto& r : rs) return col_opt_int(r, 0);
    return std::nullopt;
  });
}

std::vector<schedule_run_row> schedule_run_repository::unfinished() {
  return db_->with_session([&](soci::session& s) {
    std::vector<schedule_run_row> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT " + std::string(columns) +
                                                   " FROM schedule_runs WHERE state IN ('due', 'running') "
                                                   "ORDER BY fire_time, schedule");
    for (const auto& r : rs) out.push_back(read_row(r));
    return out;
  });
}

void schedule_run_repository::mark_running(const std::string& schedule, std::int64_t fire_time, std::int64_t now,
                                           std::int64_t pages) {
  db_->with_session([&](soci::session& s) {
    s << "UPDATE schedule_runs SET state = 'running', started_at = :n, pages = :p WHERE schedule = :s AND "
         "fire_time = :f",
        soci::use(now), soci::use(pages), soci::use(schedule), soci::use(fire_time);
  });
}

void schedule_run_repository::finish(const std::string& schedule, std::int64_t fire_time, const std::string& state,
                                     const std::string& reason, std::int64_t now, std::int64_t api_calls) {
  db_->with_session([&](soci::session& s) {
    s << "UPDATE schedule_runs SET state = :st, reason = :r, finished_at = :n, api_calls = api_calls + :c "
         "WHERE schedule = :s AND fire_time = :f",
        soci::use(state), soci::use(reason), soci::use(now), soci::use(api_calls), soci::use(schedule),
        soci::use(fire_time);
  });
}

std::optional<schedule_run_row> schedule_run_repository::find(const std::string& schedule, std::int64_t fire_time) {
  return db_->with_session([&](soci::session& s) -> std::optional<schedule_run_row> {
    soci::rowset<soci::row> rs = (s.prepare << "SELECT " + std::string(columns) +
                                                   " FROM schedule_runs WHERE schedule = :s AND fire_time = :f",
                                  soci::use(schedule), soci::use(fire_time));
    for (const auto& r : rs) return read_row(r);
    return std::nullopt;
  });
}

std::vector<schedule_run_row> schedule_run_repository::recent(int limit) {
  return db_->with_session([&](soci::session& s) {
    std::vector<schedule_run_row> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT " + std::string(columns) +
                                                   " FROM schedule_runs ORDER BY fire_time DESC, schedule LIMIT :n",
                                  soci::use(limit));
    for (const auto& r : rs) out.push_back(read_row(r));
    return out;
  });
}

}  // namespace jobpilot::storage
