#include "storage/vector_codec.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jobpilot::storage {

std::string floats_to_blob(const std::vector<float>& v) {
  std::string out(v.size() * 4, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &v[i], 4);
    for (int b = 0; b < 4; ++b) out[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((bits >> (8 * b)) & 0xFF);
  }
  return out;
}

std::vector<float> blob_to_floats(std::string_view bytes) {
  std::vector<float> v(bytes.size() / 4);
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::uint32_t bits = 0;
    for (int b = 0; b < 4; ++b)
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i * 4 + static_cast<std::size_t>(b)])) << (8 * b);
    std::memcpy(&v[i], &bits, 4);
  }
  return v;
}

std::string floats_to_pg_array(const std::vector<float>& v) {
  std::string out = "{";
  char buf[32];
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v[i]));
    out += buf;
  }
  return out + "}";
}

std::vector<float> pg_array_to_floats(std::string_view text) {
  std::vector<float> v;
  std::string s(text);
  const char* p = s.c_str();
  while (*p && *p != '{') ++p;
  if (*p) ++p;
  while (*p && *p != '}') {
    char* end = nullptr;
    float f = std::strtof(p, &end);
    if (end == p) break;
    v.push_back(f);
    p = end;
    while (*p == ',' || *p == ' ') ++p;
  }
  return v;
}

std::string strings_to_pg_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : v[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::vector<std::string> pg_array_to_strings(std::string_view t) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < t.size() && t[i] != '{') ++i;
  ++i;
  while (i < t.size() && t[i] != '}') {
    std::string item;
    if (t[i] == '"') {
      ++i;
      while (i < t.size() && t[i] != '"') {
        if (t[i] == '\\' && i + 1 < t.size()) ++i;
        item += t[i++];
      }
      ++i;
    } else {
      while (i < t.size() && t[i] != ',' && t[i] != '}') item += t[i++];
      if (item == "NULL") item.clear();
    }
    out.push_back(item);
    if (i < t.size() && t[i] == ',') ++i;
  }
  return out;
}

}  // namespace jobpilot::storage
