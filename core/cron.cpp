#include "core/cron.hpp"

#include "core/ascii.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <vector>

namespace jobpilot::core {

namespace {

using std::chrono::minutes;

// Far enough that every Feb 29 is found (2096 -> 2104 skips 2100), near enough that "0 0 30 2 *" fails fast.
constexpr date::days search_span{8 * 366};

constexpr std::array<std::string_view, 12> month_names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> weekday_names = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct field_spec {
  std::string_view name;
  int low, high;  // values accepted
  int open_high;  // where '*' and "a/n" end: day-of-week stops at 6, its 7 is only Sunday spelled again
  const std::string_view* names;  // names[i] stands for low + i; nullptr: numbers only
  std::size_t name_count;
};

const std::array<field_spec, 5> fields = {{
    {"minute", 0, 59, 59, nullptr, 0},
    {"hour", 0, 23, 23, nullptr, 0},
    {"day-of-month", 1, 31, 31, nullptr, 0},
    {"month", 1, 12, 12, month_names.data(), month_names.size()},
    {"day-of-week", 0, 7, 6, weekday_names.data(), weekday_names.size()},
}};

struct macro {
  std::string_view name, expansion;
};
constexpr std::array<macro, 7> macros = {{
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
    {"@monthly", "0 0 1 * *"},
    {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string range_text(int low, int high) { return std::to_string(low) + "-" + std::to_string(high); }

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::vector<std::string_view> split_blanks(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_space(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && !is_space(s[j])) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// A number or (month, day-of-week) a 3-letter name at item[i], range-checked; i moves past it.
std::variant<int, std::string> read_value(std::string_view item, std::size_t& i, const field_spec& f) {
  if (i == item.size()) return "missing value in " + quoted(item);
  const std::size_t start = i;
  if (is_digit(item[i])) {
    long value = 0;
    while (i < item.size() && is_digit(item[i])) {
      if (value <= f.high) value = value * 10 + (item[i] - '0');  // stops growing once too big: no overflow
      ++i;
    }
    if (value < f.low || value > f.high)
      return std::string(item.substr(start, i - start)) + " is out of range " + range_text(f.low, f.high);
    return static_cast<int>(value);
  }
  if (is_ascii_letter(item[i])) {
    while (i < item.size() && is_ascii_letter(item[i])) ++i;
    const std::string_view word = item.substr(start, i - start);
    if (f.names == nullptr) return quoted(word) + " is not a number";
    for (std::size_t n = 0; n < f.name_count; ++n)
      if (iequals(word, f.names[n])) return f.low + static_cast<int>(n);
    return "unknown " + std::string(f.name) + " name " + quoted(word);
  }
  return "unexpected " + quoted(item.substr(i, 1)) + " in " + quoted(item);
}

// One item of a field: "*", "5", "1-5", "mon-fri", "*/15", "10-50/20", "5/20" (= 5-max/20). Adds its values to bits.
std::optional<std::string> parse_item(std::string_view item, const field_spec& f, std::uint64_t& bits) {
  std::size_t i = 0;
  int low = f.low, high = f.open_high;
  bool single = false;
  if (item[0] == '*') {
    i = 1;
  } else {
    auto v = read_value(item, i, f);
    if (auto* e = std::get_if<std::string>(&v)) return std::move(*e);
    low = high = std::get<int>(v);
    single = true;
    if (i < item.size() && item[i] == '-') {
      ++i;
      auto w = read_value(item, i, f);
      if (auto* e = std::get_if<std::string>(&w)) return std::move(*e);
      high = std::get<int>(w);
      single = false;
      if (high < low) return "range " + quoted(item.substr(0, i)) + " is reversed";
    }
  }
  int step = 1;
  if (i < item.size() && item[i] == '/') {
    const std::size_t start = ++i;
    long value = 0;
    while (i < item.size() && is_digit(item[i])) {
      if (value <= f.high) value = value * 10 + (item[i] - '0');
      ++i;
    }
    if (i == start) return "missing step after '/' in " + quoted(item);
    // A step past the field's largest value could only ever hit the first value: a typo, not a schedule.
    if (value < 1 || value > f.high)
      return "step " + std::string(item.substr(start, i - start)) + " is out of range " + range_text(1, f.high);
    step = static_cast<int>(value);
    if (single) high = std::max(low, f.open_high);
  }
  if (i < item.size()) return "unexpected " + quoted(item.substr(i, 1)) + " in " + quoted(item);
  for (int v = low; v <= high; v += step) bits |= std::uint64_t{1} << v;
  return std::nullopt;
}

std::optional<std::string> parse_field(std::string_view text, const field_spec& f, std::uint64_t& bits) {
  for (std::string_view item : split(text, ',')) {
    if (item.empty()) return "empty item in " + quoted(text);
    if (auto e = parse_item(item, f, bits)) return e;
  }
  return std::nullopt;
}

// The lowest set bit at or after `from`, or -1.
template <std::size_t N>
int next_bit(const std::bitset<N>& bits, int from) {
  for (int i = from; i < static_cast<int>(N); ++i)
    if (bits[static_cast<std::size_t>(i)]) return i;
  return -1;
}

}  // namespace

std::string to_string(const cron_error& e) {
  if (e.field < 1 || e.field > fields.size()) return e.message;
  return "field " + std::to_string(e.field) + " (" + std::string(fields[e.field - 1].name) + "): " + e.message;
}

std::variant<cron_schedule, cron_error> cron_schedule::parse(std::string_view text, std::string_view time_zone) {
  cron_schedule s;
  text = trim(text);
  s.text_ = std::string(text);

  std::string_view body = text;
  if (starts_with(body, "cron(")) {  // the seed's form
    if (!ends_with(body, ")")) return cron_error{0, "missing ')' in " + quoted(text)};
    body = trim(body.substr(5, body.size() - 6));
  }
  if (starts_with(body, "@")) {
    const macro* found = nullptr;
    for (const auto& m : macros)
      if (iequals(body, m.name)) found = &m;
    if (found == nullptr) return cron_error{0, "unknown or unsupported macro " + quoted(body)};
    body = found->expansion;
  }

  const auto parts = split_blanks(body);
  if (parts.size() != fields.size())
    return cron_error{0, "expected 5 fields (minute hour day-of-month month day-of-week), got " +
                             std::to_string(parts.size()) + " in " + quoted(text)};
  std::array<std::uint64_t, 5> bits{};
  for (std::size_t k = 0; k < fields.size(); ++k)
    if (auto e = parse_field(parts[k], fields[k], bits[k])) return cron_error{k + 1, std::move(*e)};

  s.minutes_ = std::bitset<60>(bits[0]);
  s.hours_ = std::bitset<24>(bits[1]);
  s.days_ = std::bitset<32>(bits[2]);
  s.months_ = std::bitset<13>(bits[3]);
  s.weekdays_ = std::bitset<7>(bits[4] | (bits[4] >> 7));  // 7 is Sunday
  s.days_star_ = parts[2][0] == '*';
  s.weekdays_star_ = parts[4][0] == '*';

  s.zone_name_ = time_zone.empty() ? std::string("UTC") : std::string(time_zone);
  try {
    (void)date::get_tzdb();
  } catch (const std::exception& e) {
    return cron_error{0, std::string("time zone database unavailable: ") + e.what()};
  }
  try {
    s.zone_ = date::locate_zone(s.zone_name_);
    (void)s.zone_->get_info(date::sys_seconds{});  // loads the zone file now, so next_after cannot fail later
  } catch (const std::exception&) {
    return cron_error{0, "unknown time zone " + quoted(s.zone_name_)};
  }
  return s;
}

std::optional<std::chrono::system_clock::time_point> cron_schedule::next_after(
    std::chrono::system_clock::time_point after) const {
  using std::chrono::floor;
  using std::chrono::time_point_cast;
  // A wall-clock minute fires at to_sys(minute, choose::earliest): a time in a DST gap at the gap's end, a
  // repeated time at its first occurrence. That map never runs backwards, so the answer is the first matching
  // wall-clock minute from `from` on, and the calendar can be searched field by field in local time.
  const date::sys_seconds last = floor<minutes>(after);  // the last whole minute not after `after`
  // The next minute read with the previous minute's offset: when a gap starts at that minute this is the gap's
  // first wall-clock time, and the gap's times fire at its end, which is that very minute.
  date::local_seconds from = zone_->to_local(last) + minutes{1};
  // In the second pass of a repeated hour its wall-clock times already fired in the first pass: skip to its end.
  const auto info = zone_->get_info(from);
  if (info.result == date::local_info::ambiguous && last + minutes{1} >= info.first.end)
    from = date::local_seconds{(info.first.end + info.first.offset).time_since_epoch()};

  const auto start = std::chrono::ceil<minutes>(from);  // ceil: only offsets before ~1970 have odd seconds
  date::local_days day = floor<date::days>(start);
  const date::local_days end_day = day + search_span;
  const int start_minute = static_cast<int>((start - day).count());
  int hour_from = start_minute / 60, minute_from = start_minute % 60;

  const auto max_instant = floor<std::chrono::seconds>(std::chrono::system_clock::time_point::max());
  while (day < end_day) {
    const date::year_month_day ymd{day};
    const unsigned month = static_cast<unsigned>(ymd.month());
    if (!months_[month]) {  // jump to the first day of the next allowed month
      const int later = next_bit(months_, static_cast<int>(month) + 1);
      const auto year = later > 0 ? ymd.year() : ymd.year() + date::years{1};
      const int next = later > 0 ? later : next_bit(months_, 1);
      day = date::local_days{year / date::month(static_cast<unsigned>(next)) / 1};
      hour_from = minute_from = 0;
      continue;
    }
    const bool day_ok = days_[static_cast<unsigned>(ymd.day())];
    const bool weekday_ok = weekdays_[date::weekday{day}.c_encoding()];
    if ((days_star_ || weekdays_star_) ? (day_ok && weekday_ok) : (day_ok || weekday_ok)) {
      for (int h = next_bit(hours_, hour_from); h >= 0; h = next_bit(hours_, h + 1)) {
        for (int m = next_bit(minutes_, h == hour_from ? minute_from : 0); m >= 0; m = next_bit(minutes_, m + 1)) {
          const date::sys_seconds at =
              zone_->to_sys(day + std::chrono::hours{h} + minutes{m}, date::choose::earliest);
          if (at > max_instant) return std::nullopt;
          if (at > after) return time_point_cast<std::chrono::system_clock::duration>(at);
          // Only reached with offsets of odd seconds (before ~1970): the next matching minute will do.
        }
      }
    }
    day += date::days{1};
    hour_from = minute_from = 0;
  }
  return std::nullopt;
}

}  // namespace jobpilot::core
