// Reading soci::row columns the same way on both backends (SQLite and PostgreSQL
// report integer widths differently). Included by repository .cpp files only.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

namespace jobpilot::storage {

/// A string as an SQL literal ('it''s'), for values built into a statement (lists of ids, VALUES rows).
inline std::string sql_literal(const std::string& v) {
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

inline std::string col_text(const soci::row& row, std::size_t i) {
  return row.get_indicator(i) == soci::i_null ? std::string() : row.get<std::string>(i);
}

inline std::optional<std::int64_t> col_opt_int(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return std::nullopt;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer: return row.get<int>(i);
    case soci::dt_long_long: return row.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(row.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<std::int64_t>(row.get<double>(i));
    case soci::dt_string: return std::stoll(row.get<std::string>(i));
    default: return std::nullopt;
  }
}

inline std::int64_t col_int(const soci::row& row, std::size_t i) { return col_opt_int(row, i).value_or(0); }

inline std::optional<double> col_opt_real(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return std::nullopt;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_double: return row.get<double>(i);
    case soci::dt_integer: return row.get<int>(i);
    case soci::dt_long_long: return static_cast<double>(row.get<long long>(i));
    case soci::dt_string: return std::stod(row.get<std::string>(i));
    default: return std::nullopt;
  }
}

}  // namespace jobpilot::storage
