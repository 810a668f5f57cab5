// Minimal absolute-URL splitting for the client side (scheme, host, port, path).
// Canonicalisation of job apply links lives in core/url_canonical.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobpilot::net {

struct url {
  std::string scheme;    ///< "http" or "https", lower case
  std::string host;      ///< lower case, brackets stripped for IPv6
  std::uint16_t port = 0;
  std::string path;      ///< base path without trailing slash, e.g. "" or "/jsearch"

  bool is_https() const { return scheme == "https"; }
  std::string host_port() const;  ///< "host:port" (port always shown)
  std::string to_string() const;
};

/// Parses "http[s]://host[:port][/path]". Returns nullopt and sets `error`
/// on anything else (other schemes, user info, bad port, empty host).
std::optional<url> parse_url(const std::string& text, std::string* error = nullptr);

/// Percent-encodes a query component (RFC 3986 unreserved kept as is).
std::string url_encode(const std::string& text);

/// Decodes %XX and '+' (as space) of a query component.
std::string url_decode(const std::string& text);

struct parsed_target {
  std::string path;                                         ///< "/search"
  std::vector<std::pair<std::string, std::string>> params;  ///< decoded, in request order
};

/// Splits "/search?query=a+b&page=2" into the path and the percent-decoded parameters.
parsed_target parse_target(std::string_view target);

/// First value of a parameter, or nullptr.
const std::string* find_param(const parsed_target& t, std::string_view name);

}  // namespace jobpilot::net
