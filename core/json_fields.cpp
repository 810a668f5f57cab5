// Tolerant JSON field readers (see json_fields.hpp for the conversion rules).
#include "core/json_fields.hpp"

#include "core/ascii.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace jobpilot::core {
namespace {

namespace json = boost::json;

// Doubles of integral value up to 2^53 are exact integers; print them without a fraction.
constexpr double max_exact_integer = 9007199254740992.0;

std::string double_text(double d) {
  if (!std::isfinite(d)) return {};
  if (std::trunc(d) == d && std::fabs(d) <= max_exact_integer) {
    return std::to_string(static_cast<std::int64_t>(d));
  }
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    double back = 0;
    const auto end = buf + std::char_traits<char>::length(buf);
    if (std::from_chars(buf, end, back).ptr == end && back == d) break;
  }
  return buf;
}

std::optional<std::int64_t> integral_double(double d) noexcept {
  // 2^63 itself is out of range, hence the strict upper bound.
  if (!std::isfinite(d) || std::trunc(d) != d || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
    return std::nullopt;
  return static_cast<std::int64_t>(d);
}

}  // namespace

const char* json_kind_name(const json::value& v) noexcept {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "bool";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "unknown";
}

std::string json_number_text(const json::value& v) {
  switch (v.kind()) {
    case json::kind::int64: return std::to_string(v.get_int64());
    case json::kind::uint64: return std::to_string(v.get_uint64());
    case json::kind::double_: return double_text(v.get_double());
    default: return {};
  }
}

std::optional<double> parse_number_text(std::string_view text) noexcept {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);  // from_chars rejects a leading '+'
  double d = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, d);
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<std::int64_t> parse_integer_text(std::string_view text) noexcept {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t n = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, n);
  if (r.ec == std::errc() && r.ptr == end) return n;
  // "1748217600.0" is still an unambiguous integer.
  if (const auto d = parse_number_text(text)) return integral_double(*d);
  return std::nullopt;
}

const json::value* field_reader::find(std::string_view key) const {
  const auto* v = obj_.if_contains(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

std::string field_reader::path(std::string_view key) const {
  std::string p = prefix_;
  p += key;
  return p;
}

void field_reader::warn(std::string_view key, std::string_view text) {
  std::string line = path(key);
  line += ": ";
  line += text;
  warnings_.push_back(std::move(line));
}

void field_reader::warn_type(std::string_view key, std::string_view expected, const json::value& got,
                             bool converted) {
  std::string text = "expected ";
  text += expected;
  text += ", got ";
  text += json_kind_name(got);
  text += converted ? " (converted)" : " (ignored)";
  warn(key, text);
}

std::optional<std::string> field_reader::read_string(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_number()) {
    warn_type(key, "string", *v, true);
    return json_number_text(*v);
  }
  if (v->is_bool()) {
    warn_type(key, "string", *v, true);
    return std::string(v->get_bool() ? "true" : "false");
  }
  warn_type(key, "string", *v, false);
  return std::nullopt;
}

std::optional<double> field_reader::read_number(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return std::nullopt;
  switch (v->kind()) {
    case json::kind::int64: return static_cast<double>(v->get_int64());
    case json::kind::uint64: return static_cast<double>(v->get_uint64());
    case json::kind::double_: return v->get_double();
    case json::kind::string: {
      const std::string_view s = v->get_string();
      if (trim(s).empty()) {  // "" carries no value: treat like null, but say so
        warn_type(key, "number", *v, false);
        return std::nullopt;
      }
      const auto d = parse_number_text(s);
      warn_type(key, "number", *v, d.has_value());
      return d;
    }
    default: warn_type(key, "number", *v, false); return std::nullopt;
  }
}

std::optional<std::int64_t> field_reader::read_integer(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return std::nullopt;
  switch (v->kind()) {
    case json::kind::int64: return v->get_int64();
    case json::kind::uint64:
      if (v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v->get_uint64());
      warn(key, "integer out of range (ignored)");
      return std::nullopt;
    case json::kind::double_: {
      // 1748217600.0 is a number like any other; 24.5 months is not an integer.
      if (const auto n = integral_double(v->get_double())) return n;
      warn(key, "expected integer, got fractional number (ignored)");
      return std::nullopt;
    }
    case json::kind::string: {
      const auto n = parse_integer_text(v->get_string());
      warn_type(key, "integer", *v, n.has_value());
      return n;
    }
    default: warn_type(key, "integer", *v, false); return std::nullopt;
  }
}

std::optional<bool> field_reader::read_bool(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_bool()) return v->get_bool();
  std::optional<bool> out;
  if (v->is_string()) {
    const auto s = trim(v->get_string());
    if (iequals(s, "true")) out = true;
    else if (iequals(s, "false")) out = false;
  } else if (v->is_int64()) {  // 0 / 1 only; 2 means nothing as a bool
    const auto n = v->get_int64();
    if (n == 0 || n == 1) out = (n == 1);
  }
  warn_type(key, "bool", *v, out.has_value());
  return out;
}

std::optional<std::vector<std::string>> field_reader::read_string_list(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return std::nullopt;
  std::vector<std::string> out;
  if (v->is_string()) {
    warn_type(key, "array", *v, true);
    if (!trim(v->get_string()).empty()) out.emplace_back(v->get_string());
    return out;
  }
  if (!v->is_array()) {
    warn_type(key, "array", *v, false);
    return std::nullopt;
  }
  std::size_t converted = 0, dropped = 0;
  for (const auto& e : v->get_array()) {
    if (e.is_string()) {
      out.emplace_back(e.get_string());
    } else if (e.is_number()) {
      out.push_back(json_number_text(e));
      ++converted;
    } else {
      ++dropped;
    }
  }
  if (converted + dropped > 0) {
    warn(key, "expected array of strings, " + std::to_string(converted) + " element(s) converted, " +
                  std::to_string(dropped) + " dropped");
  }
  return out;
}

const json::object* field_reader::read_object(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return nullptr;
  if (v->is_object()) return &v->get_object();
  warn_type(key, "object", *v, false);
  return nullptr;
}

const json::array* field_reader::read_array(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr) return nullptr;
  if (v->is_array()) return &v->get_array();
  warn_type(key, "array", *v, false);
  return nullptr;
}

}  // namespace jobpilot::core
