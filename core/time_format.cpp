#include "core/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace jobpilot::core {

namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

civil_date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

std::string iso8601_utc(sys_time t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int millis = static_cast<int>(ms - secs * 1000);
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int sod = static_cast<int>(secs - days * 86400);
  auto c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(c.year), c.month, c.day,
                sod / 3600, sod / 60 % 60, sod % 60, millis);
  return buf;
}

std::optional<sys_time> parse_iso8601_utc(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
      !read_int(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  // sys_time counts nanoseconds: it holds 1677-09-21 to 2262-04-11 only (found by the transform fuzzer).
  if (y < 1678 || y > 2261) return std::nullopt;
  std::size_t pos = 10;
  int millis = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (!read_int(s, pos + 1, 2, h) || s.size() < pos + 9 || s[pos + 3] != ':' || !read_int(s, pos + 4, 2, mi) ||
        s[pos + 6] != ':' || !read_int(s, pos + 7, 2, se))
      return std::nullopt;
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    pos += 9;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) millis = millis * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 3; ++i) millis *= 10;
    }
    int offset_min = 0;
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        pos += 1;
      } else if ((s[pos] == '+' || s[pos] == '-')) {
        int oh = 0, om = 0;
        if (!read_int(s, pos + 1, 2, oh)) return std::nullopt;
        std::size_t p2 = pos + 3;
        if (p2 < s.size() && s[p2] == ':') ++p2;
        if (p2 < s.size() && !read_int(s, p2, 2, om)) return std::nullopt;
        if (p2 < s.size()) p2 += 2;
        if (p2 != s.size()) return std::nullopt;
        offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos = s.size();
      } else {
        return std::nullopt;
      }
    }
    std::int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
                        mi * 60 + se - offset_min * 60;
    return sys_time{std::chrono::milliseconds{secs * 1000 + millis}};
  }
  if (pos != s.size()) return std::nullopt;
  return sys_time{std::chrono::seconds{days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400}};
}

std::string date_path(sys_time t) { return iso8601_utc(t).substr(0, 10).replace(4, 1, "/").replace(7, 1, "/"); }

std::int64_t to_epoch_seconds(sys_time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

sys_time from_epoch_seconds(std::int64_t s) { return sys_time{std::chrono::seconds{s}}; }

}  // namespace jobpilot::core
