#include "storage/database_url.hpp"

#include "core/ascii.hpp"

#include <cctype>
#include <filesystem>

namespace jobpilot::storage {

const char* to_string(dialect d) { return d == dialect::sqlite ? "sqlite" : "postgresql"; }

namespace {

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// libpq keyword/value strings quote values with single quotes and backslash escapes.
std::string pq_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool fail(std::string* error, std::string msg) {
  if (error) *error = std::move(msg);
  return false;
}

}  // namespace

std::optional<database_target> parse_database_url(const std::string& url, const std::string& data_dir,
                                                  std::string* error) {
  database_target t;
  if (core::starts_with(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (core::starts_with(path, "//")) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) {
      fail(error, "database URL 'sqlite:' needs a file path, e.g. sqlite:jobpilot.db");
      return std::nullopt;
    }
    std::filesystem::path p(path);
    if (p.is_relative() && path != ":memory:") p = std::filesystem::path(data_dir) / p;
    t.kind = dialect::sqlite;
    t.sqlite_path = p.string();
    t.connect_string = "db=\"" + t.sqlite_path + "\" timeout=30";  // SOCI accepts double quotes here
    t.display = "sqlite:" + t.sqlite_path;
    return t;
  }
  std::string rest;
  if (core::starts_with(url, "postgresql://"))
    rest = url.substr(13);
  else if (core::starts_with(url, "postgres://"))
    rest = url.substr(11);
  else {
    fail(error, "database URL must start with sqlite: or postgresql:// (got '" +
                    url.substr(0, url.find(':') == std::string::npos ? url.size() : url.find(':')) + ":...')");
    return std::nullopt;
  }
  std::string params;
  if (auto q = rest.find('?'); q != std::string::npos) {
    params = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string user, password, hostport, dbname;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    std::string cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = cred.find(':'); colon != std::string::npos) {
      user = percent_decode(cred.substr(0, colon));
      password = percent_decode(cred.substr(colon + 1));
    } else {
      user = percent_decode(cred);
    }
  }
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    hostport = rest.substr(0, slash);
    dbname = percent_decode(rest.substr(slash + 1));
  } else {
    hostport = rest;
  }
  std::string host = hostport, port;
  if (!hostport.empty() && hostport.front() == '[') {
    auto close = hostport.find(']');
    if (close == std::string::npos) {
      fail(error, "database URL: unbalanced '[' in host");
      return std::nullopt;
    }
    host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size() && hostport[close + 1] == ':') port = hostport.substr(close + 2);
  } else if (auto colon = hostport.rfind(':'); colon != std::string::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  if (host.empty()) {
    fail(error, "database URL: missing host in postgresql://user:pass@host:port/db");
    return std::nullopt;
  }
  if (!port.empty()) {
    bool digits = port.size() <= 5;
    for (char c : port) digits = digits && c >= '0' && c <= '9';
    if (!digits || std::stoi(port) == 0 || std::stoi(port) > 65535) {
      fail(error, "database URL: port must be a number between 1 and 65535 (got '" + port + "')");
      return std::nullopt;
    }
  }
  t.kind = dialect::postgresql;
  t.connect_string = "host=" + pq_quote(host);
  if (!port.empty()) t.connect_string += " port=" + port;
  if (!dbname.empty()) t.connect_string += " dbname=" + pq_quote(dbname);
  if (!user.empty()) t.connect_string += " user=" + pq_quote(user);
  if (!password.empty()) t.connect_string += " password=" + pq_quote(password);
  // keepalives: a server that vanished without closing the socket is noticed in about a minute.
  t.connect_string += " connect_timeout=10 keepalives=1 keepalives_idle=30 keepalives_interval=10 "
                      "keepalives_count=3 application_name='jobpilot-etl'";
  // extra libpq parameters, e.g. ?sslmode=require
  std::size_t pos = 0;
  while (pos < params.size()) {
    auto amp = params.find('&', pos);
    std::string kv = params.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (auto eq = kv.find('='); eq != std::string::npos)
      t.connect_string += " " + kv.substr(0, eq) + "=" + pq_quote(percent_decode(kv.substr(eq + 1)));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  t.display = "postgresql://" + (user.empty() ? "" : user + (password.empty() ? "" : ":***") + "@") + hostport +
              (dbname.empty() ? "" : "/" + dbname);
  return t;
}

}  // namespace jobpilot::storage
