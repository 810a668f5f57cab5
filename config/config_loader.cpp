// Loads jobpilot.yaml into settings. One schema per section (a table with one line per field)
// drives reading, validation, rendering and equality, so the four cannot drift apart.
//
// To add a field: one item(...) line in its section's schema_of<> below (plus the member in
// settings.hpp and its documented default in jobpilot.example.yaml).
// To add a section: the struct in settings.hpp, a schema_of<> specialisation here (above
// schema_of<settings>), one item(...) line in schema_of<settings>, and the operator== /
// operator!= declarations in config_loader.hpp. Fields may be int, std::int64_t, double, bool,
// std::string, milliseconds, another section, or a std::vector of any of these.
#include "config/config_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

#include "config/duration.hpp"
#include "core/ascii.hpp"
#include "core/cron.hpp"
#include "core/jsearch_query.hpp"
#include "core/on_demand_request.hpp"
#include "core/plain_http.hpp"

namespace jobpilot::config {

namespace {

// -- reading context -----------------------------------------------------------------------------

/// What one read collects: all errors, and where each dotted key was written (so that
/// validate()'s errors can point at the line the value came from).
struct read_context {
  std::vector<config_error> errors;
  std::map<std::string, YAML::Mark> marks;

  void fail(const YAML::Mark& at, const std::string& key, std::string message) {
    config_error e;
    e.line = at.is_null() ? 0 : at.line + 1;
    e.column = at.is_null() ? 0 : at.column + 1;
    e.key = key;
    e.message = std::move(message);
    errors.push_back(std::move(e));
  }
};

std::string join_key(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

// yaml-cpp tags quoted scalars "!" and plain ones "?": "5" is a string, 5 a number.
bool is_quoted(const YAML::Node& n) { return n.Tag() == "!"; }

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "an empty value";
    case YAML::NodeType::Scalar:
      return is_quoted(n) ? "the string \"" + n.Scalar() + "\"" : "'" + n.Scalar() + "'";
    default: return "an undefined value";
  }
}

// -- values in messages --------------------------------------------------------------------------

// Shortest text that reads back to the same double ("0.8", not "0.80000000000000004").
std::string format_double(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s = ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
  if (std::isfinite(v) && s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string show(int v) { return std::to_string(v); }
std::string show(long v) { return std::to_string(v); }
std::string show(double v) { return format_double(v); }
std::string show(milliseconds v) { return format_duration(v); }
std::string show(const std::string& v) { return "'" + v + "'"; }

// -- codecs: how one C++ type is read, written, compared and checked ----------------------------

/// Types without nested fields have nothing of their own to validate.
struct leaf {
  template <class T>
  static void check(const T&, const std::string&, std::vector<config_error>&) {}
};

template <class T, class Enable = void>
struct codec;  // the primary template handles sections; defined after the schema types

template <class T>
struct codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> : leaf {
  static void read(const YAML::Node& n, T& out, const std::string& key, read_context& ctx) {
    if (n.IsNull()) return;
    if (n.IsScalar() && !is_quoted(n)) {
      std::string_view s = n.Scalar();
      if (core::starts_with(s, "+")) s.remove_prefix(1);
      T v{};
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc{} && ptr == s.data() + s.size()) {
        out = v;
        return;
      }
      if (ec == std::errc::result_out_of_range) {
        ctx.fail(n.Mark(), key, "integer out of range (got " + n.Scalar() + ")");
        return;
      }
    }
    ctx.fail(n.Mark(), key, "expected an integer, got " + describe(n));
  }
  static void write(YAML::Emitter& out, const T& v) { out << std::to_string(v); }
  static bool equal(const T& a, const T& b) { return a == b; }
};

template <>
struct codec<double> : leaf {
  static void read(const YAML::Node& n, double& out, const std::string& key, read_context& ctx) {
    if (n.IsNull()) return;
    if (n.IsScalar() && !is_quoted(n)) {
      std::string_view s = n.Scalar();
      if (core::starts_with(s, "+")) s.remove_prefix(1);
      double v = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc{} && ptr == s.data() + s.size() && std::isfinite(v)) {
        out = v;
        return;
      }
    }
    ctx.fail(n.Mark(), key, "expected a number, got " + describe(n));
  }
  static void write(YAML::Emitter& out, const double& v) { out << format_double(v); }
  static bool equal(const double& a, const double& b) { return a == b; }
};

template <>
struct codec<bool> : leaf {
  static void read(const YAML::Node& n, bool& out, const std::string& key, read_context& ctx) {
    if (n.IsNull()) return;
    if (n.IsScalar() && !is_quoted(n)) {
      if (core::iequals(n.Scalar(), "true")) {
        out = true;
        return;
      }
      if (core::iequals(n.Scalar(), "false")) {
        out = false;
        return;
      }
    }
    ctx.fail(n.Mark(), key, "expected true or false, got " + describe(n));
  }
  static void write(YAML::Emitter& out, const bool& v) { out << (v ? "true" : "false"); }
  static bool equal(const bool& a, const bool& b) { return a == b; }
};

template <>
struct codec<std::string> : leaf {
  // Any scalar is text (country: 12 is "12"); an explicit "" is the way to write empty.
  static void read(const YAML::Node& n, std::string& out, const std::string& key,
                   read_context& ctx) {
    if (n.IsNull()) return;
    if (n.IsScalar()) {
      out = n.Scalar();
      return;
    }
    ctx.fail(n.Mark(), key, "expected a string, got " + describe(n));
  }
  // Always quoted, so that "~", "true" or "12" come back as the same string.
  static void write(YAML::Emitter& out, const std::string& v) { out << YAML::DoubleQuoted << v; }
  static bool equal(const std::string& a, const std::string& b) { return a == b; }
};

template <>
struct codec<milliseconds> : leaf {
  static void read(const YAML::Node& n, milliseconds& out, const std::string& key,
                   read_context& ctx) {
    if (n.IsNull()) return;
    if (n.IsScalar()) {
      if (auto d = parse_duration(n.Scalar())) {
        out = *d;
        return;
      }
    }
    ctx.fail(n.Mark(), key,
             "expected a duration such as 500ms, 10s, 5m or 1h (a plain integer means "
             "milliseconds), got " + describe(n));
  }
  static void write(YAML::Emitter& out, const milliseconds& v) { out << format_duration(v); }
  static bool equal(const milliseconds& a, const milliseconds& b) { return a == b; }
};

template <class E>
struct codec<std::vector<E>> {
  static std::string element_key(const std::string& key, std::size_t i) {
    return key + "[" + std::to_string(i) + "]";
  }
  static void read(const YAML::Node& n, std::vector<E>& out, const std::string& key,
                   read_context& ctx) {
    if (n.IsNull()) return;
    if (!n.IsSequence()) {
      ctx.fail(n.Mark(), key, "expected a list, got " + describe(n));
      return;
    }
    out.clear();
    for (std::size_t i = 0; i < n.size(); ++i) {
      E element{};  // each element starts from its own defaults, like a section
      const auto k = element_key(key, i);
      ctx.marks.emplace(k, n[i].Mark());
      codec<E>::read(n[i], element, k, ctx);
      out.push_back(std::move(element));
    }
  }
  static void write(YAML::Emitter& out, const std::vector<E>& v) {
    if (v.empty()) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& e : v) codec<E>::write(out, e);
    out << YAML::EndSeq;
  }
  static bool equal(const std::vector<E>& a, const std::vector<E>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const E& x, const E& y) { return codec<E>::equal(x, y); });
  }
  static void check(const std::vector<E>& v, const std::string& key,
                    std::vector<config_error>& errors) {
    for (std::size_t i = 0; i < v.size(); ++i) codec<E>::check(v[i], element_key(key, i), errors);
  }
};

// -- schema: the table that describes a section --------------------------------------------------

/// A semantic check on one value: nullopt when fine, else the message ("must be ...").
template <class T>
using check_fn = std::function<std::optional<std::string>(const T&)>;

template <class S>
struct field {
  std::string_view key;
  std::function<void(const YAML::Node&, S&, const std::string&, read_context&)> read;
  std::function<void(YAML::Emitter&, const S&)> write;
  std::function<bool(const S&, const S&)> equal;
  std::function<void(const S&, const std::string&, std::vector<config_error>&)> check;
};

/// A check across fields of one section, reported on `key`.
template <class S>
struct rule {
  std::string_view key;
  check_fn<S> check;
};

template <class S>
struct schema {
  std::vector<field<S>> fields;
  std::vector<rule<S>> rules;
};

/// One specialisation per section, below.
template <class S>
const schema<S>& schema_of();

/// The one line per field: key, member, and the checks validate() runs on it.
template <class S, class T>
field<S> item(std::string_view key, T S::*member, std::vector<check_fn<T>> checks = {}) {
  return {
      key,
      [member](const YAML::Node& n, S& s, const std::string& k, read_context& ctx) {
        codec<T>::read(n, s.*member, k, ctx);
      },
      [member](YAML::Emitter& out, const S& s) { codec<T>::write(out, s.*member); },
      [member](const S& a, const S& b) { return codec<T>::equal(a.*member, b.*member); },
      [member, checks = std::move(checks)](const S& s, const std::string& k,
                                           std::vector<config_error>& errors) {
        for (const auto& c : checks)
          if (auto message = c(s.*member)) errors.push_back({"", 0, 0, k, *message});
        codec<T>::check(s.*member, k, errors);
      }};
}

// Optimal string alignment distance, case-insensitive: "wokrers" is 1 away from "workers".
std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
  const std::string a = core::to_lower(a_in), b = core::to_lower(b_in);
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

template <class S>
std::string unknown_key_message(const std::string& name, const schema<S>& sch) {
  constexpr std::size_t max_distance = 2;
  std::string_view best;
  std::size_t best_distance = max_distance + 1;
  std::string known;
  for (const auto& f : sch.fields) {
    const auto d = edit_distance(name, f.key);
    if (d < best_distance) {
      best = f.key;
      best_distance = d;
    }
    known += (known.empty() ? "" : ", ") + std::string(f.key);
  }
  if (!best.empty()) return "unknown key '" + name + "' (did you mean '" + std::string(best) + "'?)";
  return "unknown key '" + name + "' (known keys: " + known + ")";
}

/// A section: a YAML mapping whose keys are the schema's fields.
template <class S, class Enable>
struct codec {
  static_assert(std::is_class_v<S>, "no codec for this field type; add one above");

  static void read(const YAML::Node& n, S& out, const std::string& key, read_context& ctx) {
    if (n.IsNull()) return;  // "collector:" with everything commented out: all defaults
    if (!n.IsMap()) {
      ctx.fail(n.Mark(), key, "expected a mapping (key: value lines), got " + describe(n));
      return;
    }
    const auto& sch = schema_of<S>();
    std::set<std::string> seen;
    for (const auto& kv : n) {
      const YAML::Node& k = kv.first;
      if (!k.IsScalar()) {
        ctx.fail(k.Mark(), key, "expected a plain key name, got " + describe(k));
        continue;
      }
      const std::string& name = k.Scalar();
      const std::string full = join_key(key, name);
      if (!seen.insert(name).second) {
        ctx.fail(k.Mark(), full, "duplicate key '" + name + "'");
        continue;
      }
      auto f = std::find_if(sch.fields.begin(), sch.fields.end(),
                            [&](const field<S>& x) { return x.key == name; });
      if (f == sch.fields.end()) {
        ctx.fail(k.Mark(), full, unknown_key_message(name, sch));
        continue;
      }
      ctx.marks.emplace(full, k.Mark());
      f->read(kv.second, out, full, ctx);
    }
  }
  static void write(YAML::Emitter& out, const S& s) {
    out << YAML::BeginMap;
    for (const auto& f : schema_of<S>().fields) {
      out << YAML::Key << std::string(f.key) << YAML::Value;
      f.write(out, s);
    }
    out << YAML::EndMap;
  }
  static bool equal(const S& a, const S& b) {
    const auto& fields = schema_of<S>().fields;
    return std::all_of(fields.begin(), fields.end(), [&](const field<S>& f) { return f.equal(a, b); });
  }
  static void check(const S& s, const std::string& key, std::vector<config_error>& errors) {
    const auto& sch = schema_of<S>();
    for (const auto& f : sch.fields) f.check(s, join_key(key, f.key), errors);
    for (const auto& r : sch.rules)
      if (auto message = r.check(s)) errors.push_back({"", 0, 0, join_key(key, r.key), *message});
  }
};

// -- checks used in the schemas ------------------------------------------------------------------
// Each passes only when the comparison holds, so a NaN set in code fails them.

template <class T>
auto between(T lo, T hi) {
  return [lo, hi](const auto& v) -> std::optional<std::string> {
    if (v >= lo && v <= hi) return std::nullopt;
    return "must be between " + show(lo) + " and " + show(hi) + " (got " + show(v) + ")";
  };
}

template <class T>
auto at_least(T lo) {
  return [lo](const auto& v) -> std::optional<std::string> {
    if (v >= lo) return std::nullopt;
    return "must be at least " + show(lo) + " (got " + show(v) + ")";
  };
}

auto above_zero() {
  return [](const auto& v) -> std::optional<std::string> {
    if (v > std::decay_t<decltype(v)>{}) return std::nullopt;
    return "must be greater than 0 (got " + show(v) + ")";
  };
}

auto ratio() {  // (0, 1]
  return [](const double& v) -> std::optional<std::string> {
    if (v > 0.0 && v <= 1.0) return std::nullopt;
    return "must be greater than 0 and at most 1 (got " + show(v) + ")";
  };
}

auto not_empty() {
  return [](const std::string& v) -> std::optional<std::string> {
    if (!v.empty()) return std::nullopt;
    return std::string("must not be empty");
  };
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

auto one_of(std::vector<std::string> allowed) {
  return [allowed](const std::string& v) -> std::optional<std::string> {
    if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return std::nullopt;
    return "must be " + join_words(allowed) + " (got " + show(v) + ")";
  };
}

// URLs may carry a password, so only the scheme is echoed back.
auto scheme_one_of(std::vector<std::string> prefixes) {
  return [prefixes](const std::string& v) -> std::optional<std::string> {
    for (const auto& p : prefixes)
      if (core::starts_with(v, p)) return std::nullopt;
    const auto colon = v.find(':');
    const std::string got = colon == std::string::npos ? "no scheme" : "scheme " + show(v.substr(0, colon));
    return "must start with " + join_words(prefixes) + " (got " + got + ")";
  };
}

/// `low` must not exceed `high` (e.g. connect_timeout <= total_timeout); reported on `low`.
template <class S, class T>
rule<S> not_above(std::string_view low, T S::*low_member, std::string_view high, T S::*high_member) {
  return {low, [=](const S& s) -> std::optional<std::string> {
            if (s.*low_member <= s.*high_member) return std::nullopt;
            return "must not exceed " + std::string(high) + " (" + show(s.*low_member) + " > " +
                   show(s.*high_member) + ")";
          }};
}

/// A URL that carries an API key: https, or plain http only to this machine.
template <class S>
rule<S> key_only_over_tls(std::string_view key, std::string S::*member) {
  return {key, [=](const S& s) -> std::optional<std::string> {
            auto why = core::plain_http_refusal(s.*member);
            if (why.empty()) return std::nullopt;
            return why;
          }};
}

// -- the schemas: one line per field -------------------------------------------------------------

template <>
const schema<breaker_settings>& schema_of<breaker_settings>() {
  using S = breaker_settings;
  static const schema<S> s{
      {
          item("max_failures", &S::max_failures, {between(1, 1000)}),
          item("call_timeout", &S::call_timeout, {above_zero()}),
          item("reset_timeout", &S::reset_timeout, {above_zero()}),
          item("max_reset_timeout", &S::max_reset_timeout, {above_zero()}),
          item("backoff_factor", &S::backoff_factor, {between(1.0, 100.0)}),
          item("random_factor", &S::random_factor, {between(0.0, 1.0)}),
      },
      {
          not_above("reset_timeout", &S::reset_timeout, "max_reset_timeout", &S::max_reset_timeout),
      }};
  return s;
}

template <>
const schema<restart_settings>& schema_of<restart_settings>() {
  using S = restart_settings;
  static const schema<S> s{
      {
          item("max_restarts", &S::max_restarts, {between(0, 1000)}),
          item("period", &S::period, {above_zero()}),
          item("min_backoff", &S::min_backoff, {at_least(milliseconds{0})}),
          item("max_backoff", &S::max_backoff, {at_least(milliseconds{0})}),
          item("random_factor", &S::random_factor, {between(0.0, 1.0)}),
      },
      {
          not_above("min_backoff", &S::min_backoff, "max_backoff", &S::max_backoff),
      }};
  return s;
}

template <>
const schema<database_settings>& schema_of<database_settings>() {
  using S = database_settings;
  static const schema<S> s{
      {
          item("url", &S::url, {scheme_one_of({"sqlite:", "postgresql://", "postgres://"})}),
          item("pool_size", &S::pool_size, {between(1, 64)}),
          item("outage_timeout", &S::outage_timeout, {above_zero()}),
          item("claim_lease", &S::claim_lease, {at_least(milliseconds{1'000})}),
          item("breaker", &S::breaker),
      },
      {}};  // no cross-field rules
  return s;
}

template <>
const schema<log_settings>& schema_of<log_settings>() {
  using S = log_settings;
  static const schema<S> s{
      {
          item("level", &S::level, {one_of({"trace", "debug", "info", "warn", "error", "off"})}),
          item("format", &S::format, {one_of({"plain", "json"})}),
          item("dir", &S::dir),
      },
      {}};  // no cross-field rules
  return s;
}

template <>
const schema<jsearch_settings>& schema_of<jsearch_settings>() {
  using S = jsearch_settings;
  static const schema<S> s{
      {
          item("base_url", &S::base_url, {scheme_one_of({"http://", "https://"})}),
          item("api_key_env", &S::api_key_env, {not_empty()}),
          item("rapidapi_host", &S::rapidapi_host, {not_empty()}),
          item("connect_timeout", &S::connect_timeout, {above_zero()}),
          item("total_timeout", &S::total_timeout, {above_zero()}),
          item("country", &S::country),
          item("language", &S::language),
          item("date_posted", &S::date_posted, {one_of({"all", "today", "3days", "week", "month"})}),
          item("ca_file", &S::ca_file),
          item("breaker", &S::breaker),
      },
      {
          not_above("connect_timeout", &S::connect_timeout, "total_timeout", &S::total_timeout),
          key_only_over_tls("base_url", &S::base_url),
          {"country", [](const S& j) -> std::optional<std::string> {
             auto err = core::validate_country(j.country);
             if (err.empty()) return std::nullopt;
             return err;
           }},
      }};
  return s;
}

template <>
const schema<collector_settings>& schema_of<collector_settings>() {
  using S = collector_settings;
  static const schema<S> s{
      {
          item("workers", &S::workers, {between(1, 64)}),
          item("max_attempts", &S::max_attempts, {between(1, 20)}),
          item("backoff_initial", &S::backoff_initial, {at_least(milliseconds{0})}),
          item("backoff_max", &S::backoff_max, {at_least(milliseconds{0})}),
          item("requests_per_second", &S::requests_per_second, {at_least(0.0)}),
          item("quota_reserve", &S::quota_reserve, {at_least(std::int64_t{0})}),
          item("quota_alert_ratio", &S::quota_alert_ratio, {ratio()}),
          item("cache_ttl", &S::cache_ttl, {at_least(milliseconds{0})}),
          item("max_backlog", &S::max_backlog, {at_least(1)}),
          item("stop_on_known_page", &S::stop_on_known_page),
          item("spool_dir", &S::spool_dir),
          item("restart", &S::restart),
      },
      {
          not_above("backoff_initial", &S::backoff_initial, "backoff_max", &S::backoff_max),
      }};
  return s;
}

template <>
const schema<processor_settings>& schema_of<processor_settings>() {
  using S = processor_settings;
  static const schema<S> s{{item("workers", &S::workers, {between(1, 64)}), item("restart", &S::restart)}, {}};
  return s;
}

template <>
const schema<embedder_settings>& schema_of<embedder_settings>() {
  using S = embedder_settings;
  static const schema<S> s{
      {
          item("provider", &S::provider, {one_of({"local", "openai"})}),
          item("dimensions", &S::dimensions, {between(8, 8192)}),
          item("model", &S::model, {not_empty()}),
          item("base_url", &S::base_url, {scheme_one_of({"http://", "https://"})}),
          item("api_key_env", &S::api_key_env, {not_empty()}),
          item("batch_size", &S::batch_size, {between(1, 2048)}),
          item("timeout", &S::timeout, {above_zero()}),
          item("restart", &S::restart),
          item("breaker", &S::breaker),
      },
      {key_only_over_tls("base_url", &S::base_url)}};
  return s;
}

template <>
const schema<dedupe_settings>& schema_of<dedupe_settings>() {
  using S = dedupe_settings;
  static const schema<S> s{
      {
          item("near_duplicate_threshold", &S::near_duplicate_threshold, {between(0.5, 1.0)}),
          item("overlap_threshold", &S::overlap_threshold, {between(0.0, 1.0)}),
          item("other_company_overlap_threshold", &S::other_company_overlap_threshold, {between(0.0, 1.0)}),
          item("exact_min_overlap", &S::exact_min_overlap, {between(0.0, 1.0)}),
          item("staffing_companies", &S::staffing_companies),
          item("marketplace_companies", &S::marketplace_companies),
          item("exact_window", &S::exact_window, {above_zero()}),
          item("url_window", &S::url_window, {above_zero()}),
          item("text_window", &S::text_window, {above_zero()}),
          item("restart", &S::restart),
      },
      {}};
  return s;
}

template <>
const schema<loader_settings>& schema_of<loader_settings>() {
  using S = loader_settings;
  static const schema<S> s{{item("batch_size", &S::batch_size, {between(1, 100000)}), item("restart", &S::restart)},
                           {}};
  return s;
}

template <>
const schema<run_settings>& schema_of<run_settings>() {
  using S = run_settings;
  static const schema<S> s{
      {
          item("queries", &S::queries),
          item("locations", &S::locations),
          item("pages", &S::pages, {between(1, 100)}),
          item("in_flight", &S::in_flight, {between(1, 64)}),
      },
      {}};
  return s;
}

template <>
const schema<schedule_settings>& schema_of<schedule_settings>() {
  using S = schedule_settings;
  static const schema<S> s{
      {
          item("trigger", &S::trigger),
          item("queries", &S::queries),
          item("locations", &S::locations),
          item("pages", &S::pages, {between(1, 100)}),
          item("delay_minutes", &S::delay_minutes, {between(0.0, 10'080.0)}),
          item("enabled", &S::enabled),
          item("skip_if_fresher_than", &S::skip_if_fresher_than, {at_least(milliseconds{0})}),
      },
      {
          {"trigger", [](const S& e) -> std::optional<std::string> {
             if (e.trigger == "after_collection" || e.trigger == "after_processing") return std::nullopt;
             auto parsed = core::cron_schedule::parse(e.trigger);
             if (auto* err = std::get_if<core::cron_error>(&parsed))
               return "must be cron(MIN HOUR DAY MONTH WEEKDAY), after_collection or after_processing: " +
                      core::to_string(*err);
             if (e.queries.empty()) return std::string("a cron schedule needs at least one entry in queries");
             return std::nullopt;
           }},
      }};
  return s;
}

/// schedules: a mapping from a name (a metric label, so [a-z0-9_]) to a schedule.
template <>
struct codec<schedule_table> {
  static void read(const YAML::Node& n, schedule_table& out, const std::string& key, read_context& ctx) {
    if (n.IsNull()) {
      out.entries.clear();  // "schedules:" with nothing under it: no schedules
      return;
    }
    if (!n.IsMap()) {
      ctx.fail(n.Mark(), key, "expected a mapping from schedule names to schedules, got " + describe(n));
      return;
    }
    out.entries.clear();
    for (const auto& kv : n) {
      const YAML::Node& k = kv.first;
      const std::string name = k.IsScalar() ? k.Scalar() : "";
      const std::string full = join_key(key, name);
      const bool good_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
      if (!good_name) {
        ctx.fail(k.Mark(), full, "a schedule name is lower-case letters, digits and _ (got " + describe(k) + ")");
        continue;
      }
      if (name == core::on_demand_schedule || name == core::reprocess_schedule) {
        ctx.fail(k.Mark(), full, "the schedule name '" + name + "' is reserved for runs asked for through the API");
        continue;
      }
      if (std::any_of(out.entries.begin(), out.entries.end(), [&](const auto& e) { return e.name == name; })) {
        ctx.fail(k.Mark(), full, "duplicate schedule '" + name + "'");
        continue;
      }
      schedule_settings entry;
      entry.name = name;
      ctx.marks.emplace(full, k.Mark());
      if (!kv.second.IsMap()) {
        ctx.fail(kv.second.Mark(), full, "expected a mapping (trigger:, queries:, ...), got " + describe(kv.second));
        continue;
      }
      codec<schedule_settings>::read(kv.second, entry, full, ctx);
      if (!kv.second["trigger"]) ctx.fail(k.Mark(), full + ".trigger", "every schedule needs a trigger");
      out.entries.push_back(std::move(entry));
    }
  }
  static void write(YAML::Emitter& out, const schedule_table& t) {
    if (t.entries.empty()) out << YAML::Flow;
    out << YAML::BeginMap;
    for (const auto& e : t.entries) {
      out << YAML::Key << e.name << YAML::Value;
      codec<schedule_settings>::write(out, e);
    }
    out << YAML::EndMap;
  }
  static bool equal(const schedule_table& a, const schedule_table& b) {
    return std::equal(a.entries.begin(), a.entries.end(), b.entries.begin(), b.entries.end(),
                      [](const auto& x, const auto& y) {
                        return x.name == y.name && codec<schedule_settings>::equal(x, y);
                      });
  }
  static void check(const schedule_table& t, const std::string& key, std::vector<config_error>& errors) {
    for (const auto& e : t.entries) codec<schedule_settings>::check(e, join_key(key, e.name), errors);
  }
};

template <>
const schema<scheduler_settings>& schema_of<scheduler_settings>() {
  using S = scheduler_settings;
  static const schema<S> s{
      {
          item("time_zone", &S::time_zone),
          item("skip_when_quota_short", &S::skip_when_quota_short),
      },
      {
          {"time_zone", [](const S& e) -> std::optional<std::string> {
             auto parsed = core::cron_schedule::parse("* * * * *", e.time_zone);
             if (auto* err = std::get_if<core::cron_error>(&parsed)) return core::to_string(*err);
             return std::nullopt;
           }},
      }};
  return s;
}

template <>
const schema<http_settings>& schema_of<http_settings>() {
  using S = http_settings;
  static const schema<S> s{
      {
          item("enabled", &S::enabled),
          item("listen", &S::listen, {not_empty()}),
          item("port", &S::port, {between(0, 65535)}),
          item("token_env", &S::token_env, {not_empty()}),
          item("max_body_bytes", &S::max_body_bytes, {between(std::int64_t{1}, std::int64_t{1} << 30)}),
          item("max_header_bytes", &S::max_header_bytes, {between(std::int64_t{1024}, std::int64_t{1} << 20)}),
          item("request_timeout", &S::request_timeout, {above_zero()}),
          item("max_connections", &S::max_connections, {between(1, 10'000)}),
      },
      {}};
  return s;
}

template <>
const schema<webhook_settings>& schema_of<webhook_settings>() {
  using S = webhook_settings;
  static const schema<S> s{
      {
          item("url", &S::url),
          item("token_env", &S::token_env),
          item("timeout", &S::timeout, {above_zero()}),
          item("max_attempts", &S::max_attempts, {between(1, 20)}),
          item("backoff_initial", &S::backoff_initial, {at_least(milliseconds{0})}),
          item("backoff_max", &S::backoff_max, {at_least(milliseconds{0})}),
      },
      {
          {"url", [](const S& w) -> std::optional<std::string> {
             if (w.url.empty()) return std::nullopt;
             if (!core::starts_with(w.url, "http://") && !core::starts_with(w.url, "https://"))
               return std::string("must start with http:// or https:// (or be empty: no webhook)");
             if (w.token_env.empty()) return std::nullopt;
             auto why = core::plain_http_refusal(w.url);  // a token goes only over TLS, or to this machine
             if (why.empty()) return std::nullopt;
             return why;
           }},
          not_above("backoff_initial", &S::backoff_initial, "backoff_max", &S::backoff_max),
      }};
  return s;
}

template <>
const schema<hooks_settings>& schema_of<hooks_settings>() {
  using S = hooks_settings;
  static const schema<S> s{{item("after_load", &S::after_load)}, {}};
  return s;
}

template <>
const schema<service_settings>& schema_of<service_settings>() {
  using S = service_settings;
  static const schema<S> s{{item("shutdown_grace", &S::shutdown_grace, {above_zero()})}, {}};
  return s;
}

template <>
const schema<cluster_tls_settings>& schema_of<cluster_tls_settings>() {
  using S = cluster_tls_settings;
  static const schema<S> s{
      {
          item("certificate", &S::certificate),
          item("key", &S::key),
          item("ca_file", &S::ca_file),
          item("passphrase_env", &S::passphrase_env),
      },
      {
          {"certificate", [](const S& t) -> std::optional<std::string> {
             const bool any = !t.certificate.empty() || !t.key.empty() || !t.ca_file.empty();
             if (!any || (!t.certificate.empty() && !t.key.empty() && !t.ca_file.empty())) return std::nullopt;
             return std::string("TLS needs certificate, key and ca_file together (or none of them: plain TCP)");
           }},
      }};
  return s;
}

template <>
const schema<cluster_settings>& schema_of<cluster_settings>() {
  using S = cluster_settings;
  static const schema<S> s{
      {
          item("role", &S::role, {one_of({"none", "coordinator", "worker"})}),
          item("node_name", &S::node_name),
          item("listen", &S::listen, {not_empty()}),
          item("port", &S::port, {between(1, 65535)}),
          item("coordinator", &S::coordinator),
          item("heartbeat_interval", &S::heartbeat_interval, {above_zero()}),
          item("node_timeout", &S::node_timeout, {above_zero()}),
          item("connect_timeout", &S::connect_timeout, {above_zero()}),
          item("reconnect_max", &S::reconnect_max, {above_zero()}),
          item("wait_for_workers", &S::wait_for_workers, {between(0, 1000)}),
          item("join_timeout", &S::join_timeout, {above_zero()}),
          item("tls", &S::tls),
      },
      {
          {"node_timeout", [](const S& c) -> std::optional<std::string> {
             if (c.node_timeout >= 2 * c.heartbeat_interval) return std::nullopt;
             return std::string("must be at least twice heartbeat_interval (one late heartbeat must not drop a node)");
           }},
          {"role", [](const S& c) -> std::optional<std::string> {
             if (c.role != "worker" || !c.coordinator.empty()) return std::nullopt;
             return std::string("a worker needs the coordinator's address in cluster.coordinator");
           }},
      }};
  return s;
}

template <>
const schema<settings>& schema_of<settings>() {
  using S = settings;
  static const schema<S> s{
      {
          item("data_dir", &S::data_dir, {not_empty()}),
          item("database", &S::database),
          item("log", &S::log),
          item("jsearch", &S::jsearch),
          item("collector", &S::collector),
          item("processor", &S::processor),
          item("embedder", &S::embedder),
          item("dedupe", &S::dedupe),
          item("loader", &S::loader),
          item("run", &S::run),
          item("schedules", &S::schedules),
          item("scheduler", &S::scheduler),
          item("http", &S::http),
          item("service", &S::service),
          item("hooks", &S::hooks),
          item("cluster", &S::cluster),
      },
      {
          {"cluster", [](const S& c) -> std::optional<std::string> {
             const bool clustered = c.cluster.role == "coordinator" || c.cluster.role == "worker";
             if (!clustered || !core::starts_with(c.database.url, "sqlite:")) return std::nullopt;
             return std::string("cluster mode needs PostgreSQL in database.url: every node works on the one "
                                "database, and a SQLite file cannot be shared between machines");
           }},
      }};
  return s;
}

// -- loading -------------------------------------------------------------------------------------

load_result failure(std::vector<config_error> errors, const std::string& file) {
  for (auto& e : errors) e.file = file;
  load_result r;
  r.errors = std::move(errors);
  return r;
}

// YAML forbids tabs in indentation; yaml-cpp's own message for them ("illegal map value") does
// not say so. Blank and comment-only lines are left alone.
std::vector<config_error> find_indentation_tabs(std::string_view text) {
  std::vector<config_error> errors;
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto row = text.substr(start, end - start);
    const auto indent = row.find_first_not_of(" \t");
    if (indent != std::string_view::npos && row[indent] != '#' && row[indent] != '\r') {
      const auto tab = row.substr(0, indent).find('\t');
      if (tab != std::string_view::npos)
        errors.push_back({"", line, static_cast<int>(tab) + 1, "",
                          "tab character in indentation (YAML allows only spaces)"});
    }
    start = end + 1;
    ++line;
  }
  return errors;
}

// The first recorded position of `key` or, failing that, of its closest parent.
void locate(config_error& e, const std::map<std::string, YAML::Mark>& marks) {
  std::string key = e.key;
  for (;;) {
    if (auto it = marks.find(key); it != marks.end()) {
      e.line = it->second.line + 1;
      e.column = it->second.column + 1;
      return;
    }
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) return;
    key.resize(dot);
  }
}

load_result load_text(std::string_view yaml, const std::string& name) {
  if (auto tabs = find_indentation_tabs(yaml); !tabs.empty()) return failure(std::move(tabs), name);

  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    read_context ctx;
    ctx.fail(e.mark, "", "YAML syntax error: " + e.msg);
    return failure(std::move(ctx.errors), name);
  }
  read_context ctx;
  if (documents.size() > 1) ctx.fail(documents[1].Mark(), "", "only one YAML document is allowed");

  settings s;
  if (!documents.empty()) codec<settings>::read(documents.front(), s, "", ctx);

  // A key that could not be read still holds its default; checking it would only add noise.
  std::set<std::string> unreadable;
  for (const auto& e : ctx.errors) unreadable.insert(e.key);
  for (auto& e : validate(s)) {
    if (unreadable.count(e.key) != 0) continue;
    locate(e, ctx.marks);
    ctx.errors.push_back(std::move(e));
  }
  if (!ctx.errors.empty()) {
    // File order; errors without a position (defaults that failed a rule) last.
    std::stable_sort(ctx.errors.begin(), ctx.errors.end(), [](const auto& a, const auto& b) {
      const auto pos = [](const config_error& e) {
        return std::make_pair(e.line == 0 ? std::numeric_limits<int>::max() : e.line, e.column);
      };
      return pos(a) < pos(b);
    });
    return failure(std::move(ctx.errors), name);
  }
  load_result r;
  r.value = std::move(s);
  return r;
}

}  // namespace

// -- public API ----------------------------------------------------------------------------------

std::string to_string(const config_error& e) {
  std::string where = e.file;
  if (e.line > 0) {
    where += (where.empty() ? "" : ":") + std::to_string(e.line);
    if (e.column > 0) where += ":" + std::to_string(e.column);
  }
  std::string out = where.empty() ? "" : where + ": ";
  if (!e.key.empty()) out += e.key + ": ";
  return out + e.message;
}

load_result load_settings_text(std::string_view yaml, const std::string& name_for_errors) {
  try {
    return load_text(yaml, name_for_errors);
  } catch (const std::exception& e) {
    return failure({{"", 0, 0, "", std::string("cannot load configuration: ") + e.what()}},
                   name_for_errors);
  }
}

load_result load_settings_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) return failure({{"", 0, 0, "", "config file not found"}}, path);
  if (fs::is_directory(status))
    return failure({{"", 0, 0, "", "is a directory, not a config file"}}, path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure({{"", 0, 0, "", "cannot open config file for reading"}}, path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return failure({{"", 0, 0, "", "error while reading config file"}}, path);
  return load_settings_text(text.str(), path);
}

std::vector<config_error> validate(const settings& s) {
  std::vector<config_error> errors;
  codec<settings>::check(s, "", errors);
  return errors;
}

std::string render_yaml(const settings& s) {
  YAML::Emitter out;
  codec<settings>::write(out, s);
  return "# jobpilot-etl configuration: every value, defaults included\n" + std::string(out.c_str()) +
         "\n";
}

bool operator==(const database_settings& a, const database_settings& b) {
  return codec<database_settings>::equal(a, b);
}
bool operator==(const log_settings& a, const log_settings& b) { return codec<log_settings>::equal(a, b); }
bool operator==(const jsearch_settings& a, const jsearch_settings& b) {
  return codec<jsearch_settings>::equal(a, b);
}
bool operator==(const collector_settings& a, const collector_settings& b) {
  return codec<collector_settings>::equal(a, b);
}
bool operator==(const breaker_settings& a, const breaker_settings& b) {
  return codec<breaker_settings>::equal(a, b);
}
bool operator==(const restart_settings& a, const restart_settings& b) { return codec<restart_settings>::equal(a, b); }
bool operator==(const processor_settings& a, const processor_settings& b) {
  return codec<processor_settings>::equal(a, b);
}
bool operator==(const embedder_settings& a, const embedder_settings& b) {
  return codec<embedder_settings>::equal(a, b);
}
bool operator==(const dedupe_settings& a, const dedupe_settings& b) { return codec<dedupe_settings>::equal(a, b); }
bool operator==(const loader_settings& a, const loader_settings& b) { return codec<loader_settings>::equal(a, b); }
bool operator==(const run_settings& a, const run_settings& b) { return codec<run_settings>::equal(a, b); }
bool operator==(const schedule_table& a, const schedule_table& b) { return codec<schedule_table>::equal(a, b); }
bool operator==(const scheduler_settings& a, const scheduler_settings& b) {
  return codec<scheduler_settings>::equal(a, b);
}
bool operator==(const http_settings& a, const http_settings& b) { return codec<http_settings>::equal(a, b); }
bool operator==(const service_settings& a, const service_settings& b) { return codec<service_settings>::equal(a, b); }
bool operator==(const webhook_settings& a, const webhook_settings& b) { return codec<webhook_settings>::equal(a, b); }
bool operator==(const hooks_settings& a, const hooks_settings& b) { return codec<hooks_settings>::equal(a, b); }
bool operator==(const cluster_tls_settings& a, const cluster_tls_settings& b) {
  return codec<cluster_tls_settings>::equal(a, b);
}
bool operator==(const cluster_settings& a, const cluster_settings& b) { return codec<cluster_settings>::equal(a, b); }
bool operator==(const settings& a, const settings& b) { return codec<settings>::equal(a, b); }

}  // namespace jobpilot::config
