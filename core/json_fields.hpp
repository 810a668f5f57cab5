// Tolerant readers for JSON object fields: null or missing is "absent", unambiguous wrong types are converted,
// and every wrong type leaves one warning line ("key: expected number, got string (converted)").
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::core {

// "string", "number", "bool", "null", "array" or "object".
const char* json_kind_name(const boost::json::value& v) noexcept;

// Text of a JSON number: integers as integers, doubles in the shortest form that reads back exactly
// (139464.0 -> "139464", 0.9274 -> "0.9274"). Empty for a non-number.
std::string json_number_text(const boost::json::value& v);

// Whole (trimmed) text as a finite number / an integer; nullopt when anything else is in it.
std::optional<double> parse_number_text(std::string_view text) noexcept;
std::optional<std::int64_t> parse_integer_text(std::string_view text) noexcept;

// Reads fields of one object; `prefix` names the object in warnings ("apply_options[2].").
class field_reader {
 public:
  field_reader(const boost::json::object& obj, std::vector<std::string>& warnings, std::string prefix = {})
      : obj_(obj), warnings_(warnings), prefix_(std::move(prefix)) {}

  bool has(std::string_view key) const { return obj_.contains(key); }
  // nullptr when the key is missing or null.
  const boost::json::value* find(std::string_view key) const;

  std::optional<std::string> read_string(std::string_view key);
  std::optional<double> read_number(std::string_view key);
  std::optional<std::int64_t> read_integer(std::string_view key);
  std::optional<bool> read_bool(std::string_view key);
  // A lone string becomes a one-element list; non-string elements are converted (numbers) or dropped.
  std::optional<std::vector<std::string>> read_string_list(std::string_view key);
  // nullptr (with a warning) when present but of another type.
  const boost::json::object* read_object(std::string_view key);
  const boost::json::array* read_array(std::string_view key);

  // Reader for an object found under `key`; its warnings are named "key.field".
  field_reader nested(const boost::json::object& obj, std::string_view key) const {
    return field_reader(obj, warnings_, path(key) + ".");
  }

  std::string path(std::string_view key) const;
  void warn(std::string_view key, std::string_view text);
  void warn_type(std::string_view key, std::string_view expected, const boost::json::value& got, bool converted);

 private:
  const boost::json::object& obj_;
  std::vector<std::string>& warnings_;
  std::string prefix_;
};

}  // namespace jobpilot::core
