// Vectors in the database: float32 little-endian BLOBs on SQLite, real[] on PostgreSQL
// (pgvector is not packaged for Debian 12). Also PostgreSQL array literals for text[].
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::storage {

std::string floats_to_blob(const std::vector<float>& v);
std::vector<float> blob_to_floats(std::string_view bytes);

/// "{0.1,-0.25,...}" with enough digits to read back the same float.
std::string floats_to_pg_array(const std::vector<float>& v);
std::vector<float> pg_array_to_floats(std::string_view text);

/// "{"a","b \"c\""}" : a text[] literal.
std::string strings_to_pg_array(const std::vector<std::string>& v);
std::vector<std::string> pg_array_to_strings(std::string_view text);

}  // namespace jobpilot::storage
