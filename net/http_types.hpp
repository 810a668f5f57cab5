// Plain HTTP value types shared by the Beast client and server.
// No Beast headers here: this file is included widely.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jobpilot::net {

/// Header list; names keep the case they were given, lookups ignore case.
using header_list = std::vector<std::pair<std::string, std::string>>;

/// Case-insensitive header lookup; returns nullptr when absent.
const std::string* find_header(const header_list& headers, const std::string& name);

struct http_request {
  std::string method = "GET";
  std::string target = "/";   ///< path plus query string, e.g. "/search?query=x"
  header_list headers;
  std::string body;
};

struct http_response {
  int status = 0;
  header_list headers;
  std::string body;
  std::chrono::milliseconds elapsed{0};  ///< from send to last byte
};

}  // namespace jobpilot::net
