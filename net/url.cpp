// Absolute-URL splitting and query-component percent coding.
#include "net/url.hpp"

#include "core/jsearch_query.hpp"

#include "core/ascii.hpp"

#include <string_view>

namespace jobpilot::net {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}


// Registered-name characters we accept in a host (no percent-encoded hosts).
bool is_host_char(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_'; }

// Printable ASCII minus the characters that would end or corrupt a path.
bool is_path_char(char c) {
  return c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '"' && c != '<' && c != '>' && c != '\\' &&
         c != '^' && c != '`' && c != '{' && c != '|' && c != '}';
}

std::uint16_t default_port(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::optional<url> fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

std::string url::host_port() const { return bracketed(host) + ":" + std::to_string(port); }

std::string url::to_string() const {
  std::string out = scheme + "://" + bracketed(host);
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out + path;
}

std::optional<url> parse_url(const std::string& text, std::string* error) {
  const std::string_view in = text;
  const auto sep = in.find("://");
  if (sep == std::string_view::npos) return fail(error, "missing scheme (expected http:// or https://)");
  url out;
  out.scheme = core::to_lower(in.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https")
    return fail(error, "unsupported scheme '" + std::string(in.substr(0, sep)) + "' (only http and https)");

  std::string_view rest = in.substr(sep + 3);
  const auto auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view path = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
  if (authority.find('@') != std::string_view::npos) return fail(error, "user info in URL is not supported");

  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(error, "unterminated IPv6 address");
    host = authority.substr(1, close - 1);
    for (char c : host)
      if (!is_hex(c) && c != ':' && c != '.') return fail(error, "invalid IPv6 address");
    if (host.find(':') == std::string_view::npos) return fail(error, "invalid IPv6 address");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(error, "garbage after IPv6 address");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    for (char c : host)
      if (!is_host_char(c)) return fail(error, "invalid character in host");
  }
  if (host.empty()) return fail(error, "empty host");
  out.host = core::to_lower(host);

  out.port = default_port(out.scheme);
  if (has_port) {
    if (port_text.empty() || port_text.size() > 5) return fail(error, "invalid port");
    unsigned long value = 0;
    for (char c : port_text) {
      if (!is_digit(c)) return fail(error, "invalid port");
      value = value * 10 + static_cast<unsigned long>(c - '0');
    }
    if (value == 0 || value > 65535) return fail(error, "port out of range (1-65535)");
    out.port = static_cast<std::uint16_t>(value);
  }

  for (char c : path)
    if (!is_path_char(c)) return fail(error, "base URL path must not contain a query, fragment or invalid characters");
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  out.path = std::string(path);
  return out;
}

std::string url_encode(const std::string& text) { return core::percent_encode(text); }

std::string url_decode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;  // a stray '%' is kept literally
    }
  }
  return out;
}

parsed_target parse_target(std::string_view target) {
  parsed_target out;
  const auto q = target.find('?');
  out.path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  const auto hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      const std::string key = url_decode(std::string(pair.substr(0, eq)));
      const std::string value = eq == std::string_view::npos ? std::string() : url_decode(std::string(pair.substr(eq + 1)));
      out.params.emplace_back(key, value);
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
}

const std::string* find_param(const parsed_target& t, std::string_view name) {
  for (const auto& [key, value] : t.params)
    if (key == name) return &value;
  return nullptr;
}

}  // namespace jobpilot::net
