// URL canonicalisation: a hand-written RFC 3986 splitter plus the normalisations listed in the header.
#include "core/url_canonical.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace jobpilot::core {
namespace {

// Attribution parameters that never select a different posting. Real ids (jk, jid, jl, gh_jid, jobId, id,
// token, ...) are kept. Compared lower-case; utm_* is handled by prefix.
constexpr std::array<std::string_view, 28> tracking_params{{
    "gclid",   "gclsrc",    "dclid",      "gbraid",   "wbraid",     "fbclid",       "msclkid", "yclid",
    "twclid",  "ttclid",    "li_fat_id",  "mc_cid",   "mc_eid",     "igshid",       "_hsenc",  "_hsmi",
    "mkt_tok", "_ga",       "_gl",        "trk",      "trkinfo",    "trackingid",   "refid",   "ref",
    "src",     "source",    "gh_src",     "lever-source"}};

bool is_tracking_param(std::string_view name) {
  const std::string lower = to_lower(name);
  if (starts_with(lower, "utm_")) return true;
  return std::find(tracking_params.begin(), tracking_params.end(), lower) != tracking_params.end();
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_unreserved(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool is_sub_delim(char c) {
  return c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' ||
         c == ',' || c == ';' || c == '=';
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_escape(std::string& out, unsigned char b) {
  constexpr char digits[] = "0123456789ABCDEF";
  out += '%';
  out += digits[b >> 4];
  out += digits[b & 0x0F];
}

// Normalises the escapes of one path or query component. False on a broken escape ("%", "%4", "%zz").
bool normalize_component(std::string_view in, bool query, std::string& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      const auto b = static_cast<unsigned char>(hi * 16 + lo);
      if (is_unreserved(static_cast<char>(b)))
        out += static_cast<char>(b);
      else
        append_escape(out, b);
      i += 2;
    } else if (is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/' || (query && c == '?')) {
      out += c;
    } else {
      append_escape(out, static_cast<unsigned char>(c));
    }
  }
  return true;
}

// RFC 3986 5.2.4 on an absolute path; trailing slashes of a non-root path are then removed (see header).
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t i = 1;  // path starts with '/'
  while (i <= path.size()) {
    const auto slash = path.find('/', i);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    const auto seg = path.substr(i, end - i);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (seg != ".") {
      segments.push_back(seg);
    }
    i = end + 1;
  }
  while (!segments.empty() && segments.back().empty()) segments.pop_back();
  std::string out;
  for (const auto seg : segments) {
    out += '/';
    out += seg;
  }
  return out.empty() ? "/" : out;
}

bool valid_host_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// Host (lower-cased) and port validation. Writes "host" or "host:port" (default port dropped).
bool normalize_authority(std::string_view authority, bool https, std::string& out) {
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);  // user info is never part of identity
  std::string_view host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    host = authority.substr(0, close + 1);
    for (const char c : host.substr(1, host.size() - 2))
      if (hex_value(c) < 0 && c != ':' && c != '.') return false;
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (host.empty() || host.front() == '.' || host.find("..") != std::string_view::npos) return false;
    for (const char c : host)
      if (!valid_host_char(c)) return false;
    if (host.back() == '.') host.remove_suffix(1);
    if (host.empty()) return false;
  }
  out += to_lower(host);
  if (!port.empty()) {
    if (port.size() > 5) return false;
    unsigned value = 0;
    for (const char c : port) {
      if (!is_digit(c)) return false;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return false;
    if (value != (https ? 443u : 80u)) {
      out += ':';
      out += std::to_string(value);
    }
  }
  return true;
}

struct query_param {
  std::string name;
  std::string text;  // "name" or "name=value", normalised
};

bool normalize_query(std::string_view query, std::string& out) {
  std::vector<query_param> params;
  std::size_t i = 0;
  while (i <= query.size()) {
    const auto amp = query.find('&', i);
    const auto end = amp == std::string_view::npos ? query.size() : amp;
    const auto raw = query.substr(i, end - i);
    i = end + 1;
    if (raw.empty()) continue;
    const auto eq = raw.find('=');
    query_param p;
    if (!normalize_component(raw.substr(0, eq), true, p.name)) return false;
    p.text = p.name;
    if (eq != std::string_view::npos) {
      p.text += '=';
      if (!normalize_component(raw.substr(eq + 1), true, p.text)) return false;
    }
    if (!is_tracking_param(p.name)) params.push_back(std::move(p));
  }
  std::stable_sort(params.begin(), params.end(),
                   [](const query_param& a, const query_param& b) { return a.name < b.name; });
  for (std::size_t k = 0; k < params.size(); ++k) {
    out += k == 0 ? '?' : '&';
    out += params[k].text;
  }
  return true;
}

}  // namespace

std::optional<std::string> canonicalize_url(std::string_view url) {
  url = trim(url);
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return std::nullopt;

  const auto colon = url.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string scheme = to_lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 1);
  if (!starts_with(rest, "//")) return std::nullopt;
  rest.remove_prefix(2);

  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto authority_end = rest.find_first_of("/?");
  const auto authority = rest.substr(0, authority_end);
  std::string_view path;
  std::string_view query;
  bool has_query = false;
  if (authority_end != std::string_view::npos) {
    auto tail = rest.substr(authority_end);
    if (const auto q = tail.find('?'); q != std::string_view::npos) {
      query = tail.substr(q + 1);
      has_query = true;
      tail = tail.substr(0, q);
    }
    path = tail;
  }

  std::string out = scheme + "://";
  if (!normalize_authority(authority, scheme == "https", out)) return std::nullopt;
  std::string normalized_path;
  if (!normalize_component(path.empty() ? std::string_view("/") : path, false, normalized_path))
    return std::nullopt;
  out += normalize_path(normalized_path);
  if (has_query && !normalize_query(query, out)) return std::nullopt;
  return out;
}

bool is_valid_url(std::string_view url) { return canonicalize_url(url).has_value(); }

}  // namespace jobpilot::core
