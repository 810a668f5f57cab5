#include "core/plain_http.hpp"

#include "core/ascii.hpp"

namespace jobpilot::core {

bool is_loopback_host(std::string_view host) {
  if (iequals(host, "localhost") || host == "::1" || host == "[::1]") return true;
  // 127.a.b.c: four numbers, not a name that merely starts with "127." (127.0.0.1.example.com).
  if (!starts_with(host, "127.")) return false;
  int parts = 1, digits = 0;
  for (char c : host) {
    if (c == '.') {
      if (digits == 0) return false;
      ++parts;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 3) {
      ++digits;
    } else {
      return false;
    }
  }
  return parts == 4 && digits > 0;
}

std::string plain_http_refusal(std::string_view url) {
  constexpr std::string_view http = "http://";
  if (url.size() < http.size() || !iequals(url.substr(0, http.size()), http)) return {};
  auto rest = url.substr(http.size());
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::string_view host = rest;
  if (starts_with(host, "[")) {
    host = host.substr(0, host.find(']') + 1);
  } else if (auto colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (is_loopback_host(host)) return {};
  return "plain http would send the API key unencrypted to " + std::string(host) +
         ": use https (plain http is accepted only for this machine, e.g. the fake server)";
}

}  // namespace jobpilot::core
