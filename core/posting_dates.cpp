#include "core/posting_dates.hpp"

#include "core/ascii.hpp"

#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

namespace jobpilot::core {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t epoch_2000 = 946'684'800;  // 2000-01-01T00:00:00Z
constexpr std::int64_t epoch_2100 = 4'102'444'800;  // 2100-01-01T00:00:00Z

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return c >= 'a' && c <= 'z'; }

// "30+ days ago" → {"30", "days", "ago"}; "5d" → {"5", "d"}; "posted: 2 days" → {"posted", "2", "days"}.
std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> out;
  std::string lower = to_lower(text);
  std::size_t i = 0;
  while (i < lower.size()) {
    std::size_t j = i;
    if (is_digit(lower[i])) {
      while (j < lower.size() && is_digit(lower[j])) ++j;
    } else if (is_alpha(lower[i])) {
      while (j < lower.size() && is_alpha(lower[j])) ++j;
    } else {
      ++i;
      continue;
    }
    out.emplace_back(lower.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<seconds> unit_seconds(std::string_view u) {
  auto any = [&](std::initializer_list<std::string_view> l) {
    for (auto x : l)
      if (u == x) return true;
    return false;
  };
  if (any({"s", "sec", "secs", "second", "seconds"})) return seconds{1};
  if (any({"m", "min", "mins", "minute", "minutes"})) return seconds{60};
  if (any({"h", "hr", "hrs", "hour", "hours"})) return seconds{3600};
  if (any({"d", "day", "days"})) return seconds{86400};
  if (any({"w", "wk", "wks", "week", "weeks"})) return seconds{7 * 86400};
  if (any({"mo", "mos", "month", "months"})) return seconds{30 * 86400};
  if (any({"y", "yr", "yrs", "year", "years"})) return seconds{365 * 86400};
  return std::nullopt;
}

bool plausible_posting(sys_time t, sys_time collection_time) {
  return t >= from_epoch_seconds(epoch_2000) && t <= collection_time + hours{24};
}

}  // namespace

sys_time earliest_plausible_time() { return from_epoch_seconds(epoch_2000); }

std::optional<sys_time> parse_relative_age(std::string_view text, sys_time reference) {
  auto tok = tokens_of(text);
  std::size_t i = 0;
  while (i < tok.size() && (tok[i] == "posted" || tok[i] == "reposted" || tok[i] == "active" || tok[i] == "about" ||
                            tok[i] == "over" || tok[i] == "more" || tok[i] == "than" || tok[i] == "updated"))
    ++i;
  if (i < tok.size() && tok.back() == "ago") tok.pop_back();
  const std::size_t rest = tok.size() - std::min(i, tok.size());
  if (rest == 0) return std::nullopt;
  const std::string& first = tok[i];
  if (rest == 1 && (first == "today" || first == "now")) return reference;
  if (rest == 2 && first == "just" && (tok[i + 1] == "now" || tok[i + 1] == "posted")) return reference;
  if (rest == 1 && first == "yesterday") return reference - hours{24};
  if (rest != 2) return std::nullopt;

  std::int64_t n = 0;
  if (first == "a" || first == "an" || first == "one") {
    n = 1;
  } else {
    if (first.empty() || first.size() > 6 || !is_digit(first[0])) return std::nullopt;
    for (char c : first) n = n * 10 + (c - '0');
  }
  auto unit = unit_seconds(tok[i + 1]);
  if (!unit || n * unit->count() > 200LL * 365 * 86400) return std::nullopt;  // also keeps the clock from overflowing
  return reference - *unit * n;
}

std::optional<sys_time> from_epoch_auto(std::int64_t value) {
  // The bounds keep nanosecond clocks from overflowing (year 2255); no job date is near them.
  constexpr std::int64_t max_seconds = 9'000'000'000LL, min_millis = 1'000'000'000'000LL;
  if (value < 0) return std::nullopt;
  if (value >= min_millis) {
    if (value >= max_seconds * 1000) return std::nullopt;
    return sys_time{std::chrono::milliseconds{value}};
  }
  if (value >= max_seconds) return std::nullopt;
  return from_epoch_seconds(value);
}

std::optional<sys_time> resolve_posted_at(std::optional<std::int64_t> epoch_seconds, std::string_view iso_utc,
                                          std::string_view relative, sys_time collection_time) {
  if (epoch_seconds) {
    if (auto t = from_epoch_auto(*epoch_seconds); t && plausible_posting(*t, collection_time)) return t;
  }
  if (auto t = parse_iso8601_utc(trim(iso_utc)); t && plausible_posting(*t, collection_time)) return t;
  if (auto t = parse_relative_age(relative, collection_time); t && plausible_posting(*t, collection_time)) return t;
  return std::nullopt;
}

std::optional<sys_time> resolve_expiry(std::optional<std::int64_t> epoch, std::string_view iso_utc) {
  auto ok = [](sys_time t) { return t >= from_epoch_seconds(epoch_2000) && t < from_epoch_seconds(epoch_2100); };
  if (epoch) {
    if (auto t = from_epoch_auto(*epoch); t && ok(*t)) return t;
  }
  if (auto t = parse_iso8601_utc(trim(iso_utc)); t && ok(*t)) return t;
  return std::nullopt;
}

}  // namespace jobpilot::core
