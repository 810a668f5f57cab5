#include "core/schedule_plan.hpp"

namespace jobpilot::core {

trigger_kind kind_of_trigger(std::string_view trigger) noexcept {
  if (trigger == "after_collection") return trigger_kind::after_collection;
  if (trigger == "after_processing") return trigger_kind::after_processing;
  return trigger_kind::cron;
}

std::optional<trigger_kind> follow_up_of(trigger_kind ended) noexcept {
  switch (ended) {
    case trigger_kind::cron: return trigger_kind::after_collection;
    case trigger_kind::after_collection: return trigger_kind::after_processing;
    case trigger_kind::after_processing: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<sys_time> latest_due(const cron_schedule& cron, sys_time after, sys_time now) {
  std::optional<sys_time> due;
  for (auto t = cron.next_after(after); t && *t <= now; t = cron.next_after(*t)) due = t;
  return due;
}

const char* to_string(skip_reason r) noexcept {
  switch (r) {
    case skip_reason::none: return "none";
    case skip_reason::quota_short: return "quota_short";
    case skip_reason::fresh: return "fresh";
  }
  return "none";
}

skip_reason decide_skip(const run_conditions& c, sys_time now) noexcept {
  if (c.check_quota && c.pages > 0 && c.quota_remaining && *c.quota_remaining - c.pages < c.quota_reserve)
    return skip_reason::quota_short;
  if (c.fresher_than.count() > 0 && c.last_done && now - *c.last_done < c.fresher_than) return skip_reason::fresh;
  return skip_reason::none;
}

std::string explain_skip(skip_reason r, const run_conditions& c, sys_time now) {
  using std::to_string;
  switch (r) {
    case skip_reason::none: return "";
    case skip_reason::quota_short:
      return "quota: " + to_string(c.pages) + " page(s) would leave " + to_string(*c.quota_remaining - c.pages) +
             " call(s), below collector.quota_reserve " + to_string(c.quota_reserve);
    case skip_reason::fresh: {
      auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *c.last_done).count();
      return "fresh: the last run ended " + to_string(age) + " s ago, within skip_if_fresher_than (" +
             to_string(c.fresher_than.count() / 1000) + " s)";
    }
  }
  return "";
}

namespace {
int width_of(const std::string& date_posted) {
  if (date_posted == "today") return 1;
  if (date_posted == "3days") return 2;
  if (date_posted == "week") return 3;
  if (date_posted == "month") return 4;
  return 5;  // all
}
}  // namespace

std::string narrowed_date_posted(const std::string& configured, std::optional<std::chrono::milliseconds> since) {
  if (!since) return configured;
  using std::chrono::hours;
  std::string window;
  if (*since < hours(12)) window = "today";
  else if (*since < hours(60)) window = "3days";
  else if (*since < hours(144)) window = "week";
  else if (*since < hours(600)) window = "month";
  return width_of(window) < width_of(configured) ? window : configured;
}

std::int64_t pages_of(std::size_t queries, std::size_t locations, int pages) noexcept {
  return static_cast<std::int64_t>(queries) * static_cast<std::int64_t>(locations == 0 ? 1 : locations) * pages;
}

std::int64_t to_epoch_ms(sys_time t) noexcept {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

sys_time from_epoch_ms(std::int64_t ms) noexcept {
  return sys_time(std::chrono::duration_cast<sys_time::duration>(std::chrono::milliseconds(ms)));
}

}  // namespace jobpilot::core
