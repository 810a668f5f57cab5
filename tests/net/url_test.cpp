// Tests for net/url.hpp: base-URL parsing and query percent coding.
#include "net/url.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using jobpilot::net::parse_url;
using jobpilot::net::url_decode;
using jobpilot::net::url_encode;

TEST_CASE("net: parse_url accepts http and https base URLs", "[net][url]") {
  struct row {
    std::string text, scheme, host;
    std::uint16_t port;
    std::string path, host_port, canonical;
  };
  const std::vector<row> rows = {
      {"http://example.com", "http", "example.com", 80, "", "example.com:80", "http://example.com"},
      {"HTTPS://JSearch.P.RapidAPI.com/", "https", "jsearch.p.rapidapi.com", 443, "", "jsearch.p.rapidapi.com:443",
       "https://jsearch.p.rapidapi.com"},
      {"http://127.0.0.1:8080/jsearch/", "http", "127.0.0.1", 8080, "/jsearch", "127.0.0.1:8080",
       "http://127.0.0.1:8080/jsearch"},
      {"https://[::1]:8443/api/v1", "https", "::1", 8443, "/api/v1", "[::1]:8443", "https://[::1]:8443/api/v1"},
      {"https://[2001:DB8::1]", "https", "2001:db8::1", 443, "", "[2001:db8::1]:443", "https://[2001:db8::1]"},
      {"http://localhost:65535/", "http", "localhost", 65535, "", "localhost:65535", "http://localhost:65535"},
      {"https://host:443/a//", "https", "host", 443, "/a", "host:443", "https://host/a"},
      {"http://my_host-1.local:1", "http", "my_host-1.local", 1, "", "my_host-1.local:1", "http://my_host-1.local:1"},
  };
  for (const auto& r : rows) {
    INFO(r.text);
    std::string error;
    const auto u = parse_url(r.text, &error);
    REQUIRE(u.has_value());
    CHECK(error.empty());
    CHECK(u->scheme == r.scheme);
    CHECK(u->host == r.host);
    CHECK(u->port == r.port);
    CHECK(u->path == r.path);
    CHECK(u->host_port() == r.host_port);
    CHECK(u->to_string() == r.canonical);
    CHECK(u->is_https() == (r.scheme == "https"));
  }
}

TEST_CASE("net: parse_url rejects bad base URLs with a reason", "[net][url]") {
  const std::vector<std::string> bad = {
      "",
      "example.com",
      "http//example.com",
      "ftp://example.com",
      "mailto://x@example.com",
      "://example.com",
      "http://",
      "http:///path",
      "http://:8080",
      "http://user@example.com",
      "https://user:secret@example.com/",
      "http://example.com:0",
      "http://example.com:65536",
      "http://example.com:99999999",
      "http://example.com:",
      "http://example.com:8o",
      "http://example.com:-1",
      "http://exa mple.com",
      "http://example.com\x01",
      "http://[::1",
      "http://[::1]x",
      "http://[]",
      "http://[example.com]",
      "http://example.com/path?query=1",
      "http://example.com#fragment",
      "http://example.com/a b",
  };
  for (const auto& text : bad) {
    INFO(text);
    std::string error;
    CHECK_FALSE(parse_url(text, &error).has_value());
    CHECK_FALSE(error.empty());
  }
  CHECK_FALSE(parse_url("ftp://x").has_value());  // a null error pointer is fine
}

TEST_CASE("net: url_encode keeps unreserved and encodes the rest as upper-case %XX", "[net][url]") {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"", ""},
      {"a b=c", "a%20b%3Dc"},
      {"AZaz09-._~", "AZaz09-._~"},
      {"abc==", "abc%3D%3D"},
      {"/?&+#%", "%2F%3F%26%2B%23%25"},
      {"\xC3\xA4", "%C3%A4"},
      {std::string("\0\xff", 2), "%00%FF"},
      {"developer jobs in chicago", "developer%20jobs%20in%20chicago"},
  };
  for (const auto& [in, out] : rows) {
    INFO(in);
    CHECK(url_encode(in) == out);
  }
}

TEST_CASE("net: url_decode handles %XX and plus, keeps stray percent signs", "[net][url]") {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"", ""},
      {"a+b%20c", "a b c"},
      {"%3d%3D", "=="},
      {"100%", "100%"},
      {"%zz", "%zz"},
      {"%4", "%4"},
      {"%C3%A4", "\xC3\xA4"},
      {"%00x", std::string("\0x", 2)},
  };
  for (const auto& [in, out] : rows) {
    INFO(in);
    CHECK(url_decode(in) == out);
  }
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += static_cast<char>(i);
  CHECK(url_decode(url_encode(all_bytes)) == all_bytes);
}
