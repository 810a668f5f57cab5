// Tests for config loading: durations, the example file, round trips and error reports.
#include "config/config_loader.hpp"
#include "config/duration.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace cfg = jobpilot::config;
using std::chrono::milliseconds;

// Failed comparisons print the whole configuration instead of "{?}".
namespace Catch {
template <>
struct StringMaker<cfg::settings> {
  static std::string convert(const cfg::settings& s) { return "\n" + cfg::render_yaml(s); }
};
}  // namespace Catch

namespace {

std::string all_errors(const cfg::load_result& r) {
  std::string out;
  for (const auto& e : r.errors) out += cfg::to_string(e) + "\n";
  return out;
}

cfg::settings load_ok(const std::string& yaml) {
  auto r = cfg::load_settings_text(yaml, "test.yaml");
  INFO(all_errors(r));
  REQUIRE(r.ok());
  REQUIRE(r.errors.empty());
  return *r.value;
}

// A scratch file that is removed again when the test ends.
struct temp_file {
  std::filesystem::path path;
  explicit temp_file(const std::string& name, const std::string& content)
      : path(std::filesystem::temp_directory_path() / name) {
    std::ofstream(path, std::ios::binary) << content;
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

TEST_CASE("config parse_duration accepts units and plain milliseconds", "[config]") {
  struct row {
    const char* text;
    std::optional<long long> ms;
  };
  const row rows[] = {
      {"500ms", 500},       {"10s", 10'000},     {"5m", 300'000},   {"1h", 3'600'000},   {"7d", 604'800'000},
      {"250", 250},         {"0", 0},            {"0s", 0},         {" 45s ", 45'000},
      {"-5s", -5'000},      {"90m", 5'400'000},  {"1500ms", 1'500},
      {"10 parsecs", {}},   {"10 s", {}},        {"1.5s", {}},      {"", {}},
      {"s", {}},            {"ms", {}},          {"10w", {}},       {"10sec", {}},
      {"+5s", {}},          {"--5s", {}},        {"5h5m", {}},      {"abc", {}},
      {"9999999999999999h", {}},  // overflows int64 milliseconds
  };
  for (const auto& r : rows) {
    INFO("text='" << r.text << "'");
    const auto got = cfg::parse_duration(r.text);
    REQUIRE(got.has_value() == r.ms.has_value());
    if (r.ms) CHECK(got->count() == *r.ms);
  }
}

TEST_CASE("config format_duration picks the largest exact unit and round trips", "[config]") {
  struct row {
    long long ms;
    const char* text;
  };
  const row rows[] = {
      {45'000, "45s"}, {500, "500ms"},       {3'600'000, "1h"}, {600'000, "10m"},
      {0, "0ms"},      {1'500, "1500ms"},    {90'000, "90s"},   {5'400'000, "90m"},
      {7'200'000, "2h"}, {-5'000, "-5s"},    {1, "1ms"},
  };
  for (const auto& r : rows) {
    INFO("ms=" << r.ms);
    CHECK(cfg::format_duration(milliseconds{r.ms}) == r.text);
    CHECK(cfg::parse_duration(cfg::format_duration(milliseconds{r.ms})) == milliseconds{r.ms});
  }
}

TEST_CASE("config example file documents exactly the defaults", "[config]") {
  const auto r = cfg::load_settings_file(JOBPILOT_SOURCE_DIR "/config/jobpilot.example.yaml");
  INFO(all_errors(r));
  REQUIRE(r.ok());
  CHECK(*r.value == cfg::settings{});
  CHECK(cfg::validate(cfg::settings{}).empty());
}

TEST_CASE("config empty input gives all defaults", "[config]") {
  for (const char* text : {"", "\n\n", "# nothing but a comment\n", "---\n", "collector:\n",
                           "collector:\nlog:\n"}) {
    INFO("text='" << text << "'");
    CHECK(load_ok(text) == cfg::settings{});
  }
  const temp_file empty("jobpilot_config_test_empty.yaml", "");
  const auto r = cfg::load_settings_file(empty.path.string());
  INFO(all_errors(r));
  REQUIRE(r.ok());
  CHECK(*r.value == cfg::settings{});
}

TEST_CASE("config missing file is an error naming the path", "[config]") {
  const std::string path = "/nonexistent/jobpilot-config-test/jobpilot.yaml";
  const auto r = cfg::load_settings_file(path);
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].file == path);
  CHECK(cfg::to_string(r.errors[0]) == path + ": config file not found");

  const auto dir = cfg::load_settings_file(std::filesystem::temp_directory_path().string());
  REQUIRE(dir.errors.size() == 1);
  CHECK_THAT(dir.errors[0].message, Catch::Contains("directory"));
}

TEST_CASE("config values from a file override only what they name", "[config]") {
  const auto s = load_ok(
      "collector:\n"
      "  workers: 8\n"
      "  backoff_initial: 250\n"  // plain integer = milliseconds
      "jsearch:\n"
      "  language: de\n"
      "  total_timeout: 2m\n");
  cfg::settings expected;
  expected.collector.workers = 8;
  expected.collector.backoff_initial = milliseconds{250};
  expected.jsearch.language = "de";
  expected.jsearch.total_timeout = milliseconds{120'000};
  CHECK(s == expected);
  CHECK(s != cfg::settings{});
}

TEST_CASE("config render_yaml round trips non-default values", "[config]") {
  cfg::settings s;
  s.data_dir = "/var/lib/jobpilot data";
  s.database.url = "postgresql://etl:p@ss: w#rd@db.internal:5432/jobs";
  s.database.pool_size = 16;
  s.log.level = "debug";
  s.log.format = "json";
  s.log.dir = "~";  // would be null if written unquoted
  s.jsearch.base_url = "http://127.0.0.1:8089";
  s.jsearch.api_key_env = "MY_KEY";
  s.jsearch.rapidapi_host = "true";  // would be a bool if written unquoted
  s.jsearch.connect_timeout = milliseconds{1'500};
  s.jsearch.total_timeout = milliseconds{7'200'000};
  s.jsearch.country = "fr";
  s.jsearch.language = "fr";
  s.jsearch.date_posted = "3days";
  s.jsearch.ca_file = "/etc/ssl/\"odd\" name.pem";
  s.collector.workers = 64;
  s.collector.max_attempts = 20;
  s.collector.backoff_initial = milliseconds{1};
  s.collector.backoff_max = milliseconds{61'000};
  s.collector.requests_per_second = 0.1;
  s.collector.quota_reserve = 5'000'000'000LL;  // beyond 32 bits
  s.collector.quota_alert_ratio = 1.0 / 3.0;
  s.collector.cache_ttl = milliseconds{0};
  s.collector.max_backlog = 1;
  s.jsearch.breaker.max_failures = 1;
  s.jsearch.breaker.call_timeout = milliseconds{999};
  s.jsearch.breaker.reset_timeout = milliseconds{60'000};
  s.jsearch.breaker.max_reset_timeout = milliseconds{86'400'000};
  s.jsearch.breaker.backoff_factor = 1.5;
  s.jsearch.breaker.random_factor = 0.0;
  REQUIRE(cfg::validate(s).empty());

  const std::string yaml = cfg::render_yaml(s);
  INFO(yaml);
  CHECK(load_ok(yaml) == s);
  CHECK(load_ok(cfg::render_yaml(cfg::settings{})) == cfg::settings{});
  CHECK_THAT(yaml, Catch::Contains("  total_timeout: 2h\n") && Catch::Contains("  quota_reserve: 5000000000\n") &&
                       Catch::Contains("  backoff_factor: 1.5\n"));
}

namespace {

// Every leaf key of a rendered configuration ("collector.restart.max_restarts"): rendering walks
// the schema, so this is the schema's own list of fields.
void leaf_keys(const YAML::Node& n, const std::string& prefix, std::set<std::string>& out) {
  if (!n.IsMap()) {
    out.insert(prefix);
    return;
  }
  for (const auto& kv : n) leaf_keys(kv.second, (prefix.empty() ? "" : prefix + ".") + kv.first.Scalar(), out);
}

using mutation = std::function<void(cfg::settings&)>;

// The same mutations for every breaker and every stage's restart block.
void add_breaker(std::vector<std::pair<std::string, mutation>>& m, const std::string& at,
                 cfg::breaker_settings& (*get)(cfg::settings&)) {
  m.push_back({at + ".max_failures", [get](auto& s) { get(s).max_failures = 9; }});
  m.push_back({at + ".call_timeout", [get](auto& s) { get(s).call_timeout = milliseconds{6}; }});
  m.push_back({at + ".reset_timeout", [get](auto& s) { get(s).reset_timeout = milliseconds{7}; }});
  m.push_back({at + ".max_reset_timeout", [get](auto& s) { get(s).max_reset_timeout = milliseconds{8'000'000}; }});
  m.push_back({at + ".backoff_factor", [get](auto& s) { get(s).backoff_factor = 3.0; }});
  m.push_back({at + ".random_factor", [get](auto& s) { get(s).random_factor = 0.5; }});
}

void add_restart(std::vector<std::pair<std::string, mutation>>& m, const std::string& at,
                 cfg::restart_settings& (*get)(cfg::settings&)) {
  m.push_back({at + ".max_restarts", [get](auto& s) { get(s).max_restarts = 9; }});
  m.push_back({at + ".period", [get](auto& s) { get(s).period = milliseconds{60'000}; }});
  m.push_back({at + ".min_backoff", [get](auto& s) { get(s).min_backoff = milliseconds{1}; }});
  m.push_back({at + ".max_backoff", [get](auto& s) { get(s).max_backoff = milliseconds{2'000}; }});
  m.push_back({at + ".random_factor", [get](auto& s) { get(s).random_factor = 0.0; }});
}

}  // namespace

TEST_CASE("config equality and rendering cover every field", "[config]") {
  // One mutation per field; the list is checked against the schema's own keys below, so a field
  // added to the schema without a mutation here fails this test.
  std::vector<std::pair<std::string, mutation>> m = {
      {"data_dir", [](auto& s) { s.data_dir = "x"; }},
      {"database.url", [](auto& s) { s.database.url = "sqlite:x.db"; }},
      {"database.pool_size", [](auto& s) { s.database.pool_size = 5; }},
      {"database.outage_timeout", [](auto& s) { s.database.outage_timeout = milliseconds{10'000}; }},
      {"database.claim_lease", [](auto& s) { s.database.claim_lease = milliseconds{30'000}; }},
      {"log.level", [](auto& s) { s.log.level = "warn"; }},
      {"log.format", [](auto& s) { s.log.format = "json"; }},
      {"log.dir", [](auto& s) { s.log.dir = "logs"; }},
      {"jsearch.base_url", [](auto& s) { s.jsearch.base_url = "https://x"; }},
      {"jsearch.api_key_env", [](auto& s) { s.jsearch.api_key_env = "K"; }},
      {"jsearch.rapidapi_host", [](auto& s) { s.jsearch.rapidapi_host = "h"; }},
      {"jsearch.connect_timeout", [](auto& s) { s.jsearch.connect_timeout = milliseconds{1}; }},
      {"jsearch.total_timeout", [](auto& s) { s.jsearch.total_timeout = milliseconds{50'000}; }},
      {"jsearch.country", [](auto& s) { s.jsearch.country = "de"; }},
      {"jsearch.language", [](auto& s) { s.jsearch.language = "de"; }},
      {"jsearch.date_posted", [](auto& s) { s.jsearch.date_posted = "week"; }},
      {"jsearch.ca_file", [](auto& s) { s.jsearch.ca_file = "ca.pem"; }},
      {"collector.workers", [](auto& s) { s.collector.workers = 3; }},
      {"collector.max_attempts", [](auto& s) { s.collector.max_attempts = 4; }},
      {"collector.backoff_initial", [](auto& s) { s.collector.backoff_initial = milliseconds{2}; }},
      {"collector.backoff_max", [](auto& s) { s.collector.backoff_max = milliseconds{40'000}; }},
      {"collector.requests_per_second", [](auto& s) { s.collector.requests_per_second = 2.5; }},
      {"collector.quota_reserve", [](auto& s) { s.collector.quota_reserve = 7; }},
      {"collector.quota_alert_ratio", [](auto& s) { s.collector.quota_alert_ratio = 0.9; }},
      {"collector.cache_ttl", [](auto& s) { s.collector.cache_ttl = milliseconds{5}; }},
      {"collector.max_backlog", [](auto& s) { s.collector.max_backlog = 10; }},
      {"collector.stop_on_known_page", [](auto& s) { s.collector.stop_on_known_page = false; }},
      {"collector.spool_dir", [](auto& s) { s.collector.spool_dir = "/spool"; }},
      {"processor.workers", [](auto& s) { s.processor.workers = 5; }},
      {"embedder.provider", [](auto& s) { s.embedder.provider = "openai"; }},
      {"embedder.dimensions", [](auto& s) { s.embedder.dimensions = 256; }},
      {"embedder.model", [](auto& s) { s.embedder.model = "m"; }},
      {"embedder.base_url", [](auto& s) { s.embedder.base_url = "http://127.0.0.1:9"; }},
      {"embedder.api_key_env", [](auto& s) { s.embedder.api_key_env = "E"; }},
      {"embedder.batch_size", [](auto& s) { s.embedder.batch_size = 8; }},
      {"embedder.timeout", [](auto& s) { s.embedder.timeout = milliseconds{3'000}; }},
      {"dedupe.near_duplicate_threshold", [](auto& s) { s.dedupe.near_duplicate_threshold = 0.9; }},
      {"dedupe.overlap_threshold", [](auto& s) { s.dedupe.overlap_threshold = 0.8; }},
      {"dedupe.other_company_overlap_threshold", [](auto& s) { s.dedupe.other_company_overlap_threshold = 0.7; }},
      {"dedupe.exact_min_overlap", [](auto& s) { s.dedupe.exact_min_overlap = 0.5; }},
      {"dedupe.staffing_companies", [](auto& s) { s.dedupe.staffing_companies = {"Northwind Partners"}; }},
      {"dedupe.marketplace_companies", [](auto& s) { s.dedupe.marketplace_companies = {"GigHub"}; }},
      {"dedupe.exact_window", [](auto& s) { s.dedupe.exact_window = milliseconds{3'600'000}; }},
      {"dedupe.url_window", [](auto& s) { s.dedupe.url_window = milliseconds{3'600'000}; }},
      {"dedupe.text_window", [](auto& s) { s.dedupe.text_window = milliseconds{3'600'000}; }},
      {"loader.batch_size", [](auto& s) { s.loader.batch_size = 50; }},
      {"run.queries", [](auto& s) { s.run.queries = {"nurse"}; }},
      {"run.locations", [](auto& s) { s.run.locations = {}; }},
      {"run.pages", [](auto& s) { s.run.pages = 3; }},
      {"run.in_flight", [](auto& s) { s.run.in_flight = 2; }},
      {"scheduler.time_zone", [](auto& s) { s.scheduler.time_zone = "America/New_York"; }},
      {"scheduler.skip_when_quota_short", [](auto& s) { s.scheduler.skip_when_quota_short = false; }},
      {"http.enabled", [](auto& s) { s.http.enabled = false; }},
      {"http.listen", [](auto& s) { s.http.listen = "0.0.0.0"; }},
      {"http.port", [](auto& s) { s.http.port = 9000; }},
      {"http.token_env", [](auto& s) { s.http.token_env = "T"; }},
      {"http.max_body_bytes", [](auto& s) { s.http.max_body_bytes = 2048; }},
      {"http.max_header_bytes", [](auto& s) { s.http.max_header_bytes = 4096; }},
      {"http.request_timeout", [](auto& s) { s.http.request_timeout = milliseconds{5'000}; }},
      {"http.max_connections", [](auto& s) { s.http.max_connections = 8; }},
      {"service.shutdown_grace", [](auto& s) { s.service.shutdown_grace = milliseconds{3'000}; }},
      {"hooks.after_load.url", [](auto& s) { s.hooks.after_load.url = "https://hooks.example/loaded"; }},
      {"hooks.after_load.token_env", [](auto& s) { s.hooks.after_load.token_env = "HOOK_TOKEN"; }},
      {"hooks.after_load.timeout", [](auto& s) { s.hooks.after_load.timeout = milliseconds{2'000}; }},
      {"hooks.after_load.max_attempts", [](auto& s) { s.hooks.after_load.max_attempts = 2; }},
      {"hooks.after_load.backoff_initial", [](auto& s) { s.hooks.after_load.backoff_initial = milliseconds{10}; }},
      {"hooks.after_load.backoff_max", [](auto& s) { s.hooks.after_load.backoff_max = milliseconds{120'000}; }},
      {"cluster.role", [](auto& s) {  // a cluster needs PostgreSQL
         s.cluster.role = "coordinator";
         s.database.url = "postgresql://db.example/jobs";
       }},
      {"cluster.node_name", [](auto& s) { s.cluster.node_name = "n1"; }},
      {"cluster.listen", [](auto& s) { s.cluster.listen = "10.0.0.2"; }},
      {"cluster.port", [](auto& s) { s.cluster.port = 4791; }},
      {"cluster.coordinator", [](auto& s) { s.cluster.coordinator = "10.0.0.2"; }},
      {"cluster.heartbeat_interval", [](auto& s) { s.cluster.heartbeat_interval = milliseconds{500}; }},
      {"cluster.node_timeout", [](auto& s) { s.cluster.node_timeout = milliseconds{9'000}; }},
      {"cluster.connect_timeout", [](auto& s) { s.cluster.connect_timeout = milliseconds{2'000}; }},
      {"cluster.reconnect_max", [](auto& s) { s.cluster.reconnect_max = milliseconds{9'000}; }},
      {"cluster.wait_for_workers", [](auto& s) { s.cluster.wait_for_workers = 2; }},
      {"cluster.join_timeout", [](auto& s) { s.cluster.join_timeout = milliseconds{9'000}; }},
      // TLS settings come as a set (certificate, key and CA together).
      {"cluster.tls.certificate", [](auto& s) { s.cluster.tls = {"n.pem", "k", "c", ""}; }},
      {"cluster.tls.key", [](auto& s) { s.cluster.tls = {"c", "n.key", "c", ""}; }},
      {"cluster.tls.ca_file", [](auto& s) { s.cluster.tls = {"c", "k", "ca.pem", ""}; }},
      {"cluster.tls.passphrase_env", [](auto& s) { s.cluster.tls.passphrase_env = "KEY_PASS"; }},
  };
  // Every field of every default schedule.
  for (std::size_t i = 0; i < cfg::settings{}.schedules.entries.size(); ++i) {
    const std::string key = "schedules." + cfg::settings{}.schedules.entries[i].name + ".";
    auto at = [i](cfg::settings& s) -> cfg::schedule_settings& { return s.schedules.entries[i]; };
    m.push_back({key + "trigger", [at](auto& s) {
                   auto& t = at(s).trigger;
                   t = t == "after_collection" ? "after_processing" : t == "after_processing" ? "after_collection"
                                                                                             : "cron(30 8 * * mon-fri)";
                 }});
    m.push_back({key + "queries", [at](auto& s) { at(s).queries = {"nurse"}; }});
    m.push_back({key + "locations", [at](auto& s) { at(s).locations = {"Boston, MA"}; }});
    m.push_back({key + "pages", [at](auto& s) { at(s).pages = 2; }});
    m.push_back({key + "delay_minutes", [at](auto& s) { at(s).delay_minutes = 1.5; }});
    m.push_back({key + "enabled", [at](auto& s) { at(s).enabled = false; }});
    m.push_back({key + "skip_if_fresher_than", [at](auto& s) { at(s).skip_if_fresher_than = milliseconds{3'600'000}; }});
  }
  add_breaker(m, "database.breaker", [](cfg::settings& s) -> cfg::breaker_settings& { return s.database.breaker; });
  add_breaker(m, "jsearch.breaker", [](cfg::settings& s) -> cfg::breaker_settings& { return s.jsearch.breaker; });
  add_breaker(m, "embedder.breaker", [](cfg::settings& s) -> cfg::breaker_settings& { return s.embedder.breaker; });
  add_restart(m, "collector.restart", [](cfg::settings& s) -> cfg::restart_settings& { return s.collector.restart; });
  add_restart(m, "processor.restart", [](cfg::settings& s) -> cfg::restart_settings& { return s.processor.restart; });
  add_restart(m, "embedder.restart", [](cfg::settings& s) -> cfg::restart_settings& { return s.embedder.restart; });
  add_restart(m, "dedupe.restart", [](cfg::settings& s) -> cfg::restart_settings& { return s.dedupe.restart; });
  add_restart(m, "loader.restart", [](cfg::settings& s) -> cfg::restart_settings& { return s.loader.restart; });

  std::set<std::string> schema_keys, mutated;
  leaf_keys(YAML::Load(cfg::render_yaml(cfg::settings{})), "", schema_keys);
  for (const auto& [key, mutate] : m) {
    INFO(key);
    mutated.insert(key);
    cfg::settings s;
    mutate(s);
    CHECK(s != cfg::settings{});
    INFO(all_errors(cfg::load_result{{}, cfg::validate(s)}));
    CHECK(cfg::validate(s).empty());
    CHECK(load_ok(cfg::render_yaml(s)) == s);
  }
  CHECK(mutated == schema_keys);
  CHECK(schema_keys.size() > 80);
}

TEST_CASE("config bad configs report line, column and key", "[config]") {
  struct row {
    const char* what;
    const char* yaml;
    int line;
    int column;
    const char* key;
    const char* message;  // a part of the message
  };
  const row rows[] = {
      {"unknown key under a section", "jsearch:\n  base_url: https://x\n  bogus_key: 1\n", 3, 3,
       "jsearch.bogus_key", "unknown key 'bogus_key' (known keys: base_url, api_key_env,"},
      {"typo at top level", "data_dir: d\ncollecter:\n  workers: 2\n", 2, 1, "collecter",
       "unknown key 'collecter' (did you mean 'collector'?)"},
      {"typo in a section (transposition)", "collector:\n  wokrers: 3\n", 2, 3, "collector.wokrers",
       "(did you mean 'workers'?)"},
      {"wrong case is a typo", "log:\n  Level: info\n", 2, 3, "log.Level", "(did you mean 'level'?)"},
      {"string where an int is expected", "collector:\n  workers: many\n", 2, 12, "collector.workers",
       "expected an integer, got 'many'"},
      {"quoted number is a string", "collector:\n  workers: \"4\"\n", 2, 12, "collector.workers",
       "expected an integer, got the string \"4\""},
      {"fraction where an int is expected", "database:\n  pool_size: 2.5\n", 2, 14, "database.pool_size",
       "expected an integer, got '2.5'"},
      {"int too large", "collector:\n  quota_reserve: 99999999999999999999\n", 2, 18,
       "collector.quota_reserve", "integer out of range"},
      {"string where a number is expected", "collector:\n  quota_alert_ratio: high\n", 2, 22,
       "collector.quota_alert_ratio", "expected a number, got 'high'"},
      {"mapping where a string is expected", "log:\n  level:\n    name: info\n", 3, 5, "log.level",
       "expected a string, got a mapping"},
      {"list where a duration is expected", "jsearch:\n  breaker:\n    call_timeout: [1s, 2s]\n", 3, 19,
       "jsearch.breaker.call_timeout", "expected a duration such as 500ms, 10s, 5m or 1h"},
      {"scalar where a section is expected", "database: sqlite:x.db\n", 1, 11, "database",
       "expected a mapping (key: value lines), got 'sqlite:x.db'"},
      {"list at top level", "- a\n- b\n", 1, 1, "", "expected a mapping (key: value lines), got a list"},
      {"out of range", "collector:\n  workers: 0\n", 2, 3, "collector.workers",
       "must be between 1 and 64 (got 0)"},
      {"max_attempts too high", "collector:\n  max_attempts: 21\n", 2, 3, "collector.max_attempts",
       "must be between 1 and 20 (got 21)"},
      {"pool too large", "database:\n  pool_size: 65\n", 2, 3, "database.pool_size",
       "must be between 1 and 64 (got 65)"},
      {"negative rate", "collector:\n  requests_per_second: -1\n", 2, 3, "collector.requests_per_second",
       "must be at least 0.0 (got -1.0)"},
      {"alert ratio zero", "collector:\n  quota_alert_ratio: 0\n", 2, 3, "collector.quota_alert_ratio",
       "must be greater than 0 and at most 1 (got 0.0)"},
      {"alert ratio above one", "collector:\n  quota_alert_ratio: 1.5\n", 2, 3,
       "collector.quota_alert_ratio", "(got 1.5)"},
      {"bad duration", "jsearch:\n  total_timeout: 10 parsecs\n", 2, 18, "jsearch.total_timeout",
       "got '10 parsecs'"},
      {"zero timeout", "jsearch:\n  connect_timeout: 0s\n", 2, 3, "jsearch.connect_timeout",
       "must be greater than 0 (got 0ms)"},
      {"connect_timeout > total_timeout", "jsearch:\n  connect_timeout: 1m\n  total_timeout: 30s\n", 2, 3,
       "jsearch.connect_timeout", "must not exceed total_timeout (1m > 30s)"},
      {"default connect_timeout > short total_timeout (points at the section)",
       "jsearch:\n  total_timeout: 5s\n", 1, 1, "jsearch.connect_timeout",
       "must not exceed total_timeout (10s > 5s)"},
      {"backoff_initial > backoff_max", "collector:\n  backoff_initial: 1m\n  backoff_max: 10s\n", 2, 3,
       "collector.backoff_initial", "must not exceed backoff_max (1m > 10s)"},
      {"reset_timeout > max_reset_timeout", "jsearch:\n  breaker:\n    reset_timeout: 1h\n", 3, 5,
       "jsearch.breaker.reset_timeout", "must not exceed max_reset_timeout (1h > 10m)"},
      {"breaker random_factor", "database:\n  breaker:\n    random_factor: 2\n", 3, 5, "database.breaker.random_factor",
       "must be between 0.0 and 1.0 (got 2.0)"},
      {"breaker backoff_factor", "embedder:\n  breaker:\n    backoff_factor: 0.5\n", 3, 5, "embedder.breaker.backoff_factor",
       "must be between 1.0 and 100.0 (got 0.5)"},
      {"breaker max_failures", "jsearch:\n  breaker:\n    max_failures: 0\n", 3, 5, "jsearch.breaker.max_failures",
       "must be between 1 and 1000 (got 0)"},
      {"bad database scheme hides the password", "database:\n  url: mysql://etl:hunter2@db/jobs\n", 2, 3,
       "database.url", "must start with sqlite:, postgresql:// or postgres:// (got scheme 'mysql')"},
      {"database url without scheme", "database:\n  url: jobs.db\n", 2, 3, "database.url", "(got no scheme)"},
      {"bad base_url scheme", "jsearch:\n  base_url: ftp://jsearch.example\n", 2, 3, "jsearch.base_url",
       "must start with http:// or https:// (got scheme 'ftp')"},
      {"the API key in clear text to another host", "jsearch:\n  base_url: http://jsearch.example\n", 2, 3,
       "jsearch.base_url", "plain http would send the API key unencrypted to jsearch.example"},
      {"the embedding key in clear text", "embedder:\n  base_url: http://10.0.0.5:8080\n", 2, 3, "embedder.base_url",
       "use https"},
      {"country that is not an ISO code", "jsearch:\n  country: USA\n", 2, 3, "jsearch.country",
       "did you mean 'us'?"},
      {"restart window", "processor:\n  restart:\n    min_backoff: 1m\n    max_backoff: 1s\n", 3, 5,
       "processor.restart.min_backoff", "must not exceed max_backoff"},
      {"claim lease too short", "database:\n  claim_lease: 10ms\n", 2, 3, "database.claim_lease", "at least 1s"},
      {"log level", "log:\n  level: verbose\n", 2, 3, "log.level",
       "must be trace, debug, info, warn, error or off (got 'verbose')"},
      {"log format", "log:\n  format: xml\n", 2, 3, "log.format", "must be plain or json (got 'xml')"},
      {"date_posted", "jsearch:\n  date_posted: yesterday\n", 2, 3, "jsearch.date_posted",
       "must be all, today, 3days, week or month (got 'yesterday')"},
      {"empty string", "data_dir: \"\"\n", 1, 1, "data_dir", "must not be empty"},
      {"duplicate key", "log:\n  level: info\n  level: debug\n", 3, 3, "log.level", "duplicate key 'level'"},
      {"tab in indentation", "collector:\n\tworkers: 2\n", 2, 1, "",
       "tab character in indentation (YAML allows only spaces)"},
      {"tab after spaces", "collector:\n  workers: 2\n \tmax_attempts: 3\n", 3, 2, "", "tab character"},
      {"unclosed flow list", "collector:\n  workers: [1, 2\n  max_attempts: 3\n", 3, 15, "",
       "YAML syntax error: end of sequence flow not found"},
      {"map value on a scalar line", "log:\n  level: info: debug\n", 2, 14, "", "YAML syntax error: "},
      {"two documents", "log:\n  level: info\n---\nlog:\n  level: debug\n", 4, 1, "",
       "only one YAML document is allowed"},
      {"bad cron hour", "schedules:\n  nightly:\n    trigger: \"cron(0 25 * * *)\"\n    queries: [nurse]\n", 3, 5,
       "schedules.nightly.trigger", "field 2 (hour): 25 is out of range 0-23"},
      {"cron with four fields", "schedules:\n  nightly:\n    trigger: \"0 9 * *\"\n    queries: [nurse]\n", 3, 5,
       "schedules.nightly.trigger", "must be cron(MIN HOUR DAY MONTH WEEKDAY), after_collection or after_processing"},
      {"unknown trigger word", "schedules:\n  later:\n    trigger: after_loading\n", 3, 5, "schedules.later.trigger",
       "after_collection or after_processing"},
      {"cron without queries", "schedules:\n  nightly:\n    trigger: \"cron(0 9 * * *)\"\n", 3, 5,
       "schedules.nightly.trigger", "needs at least one entry in queries"},
      {"schedule without trigger", "schedules:\n  nightly:\n    queries: [nurse]\n", 2, 3, "schedules.nightly.trigger",
       "every schedule needs a trigger"},
      {"unknown key in a schedule", "schedules:\n  nightly:\n    trigger: after_collection\n    delay_minute: 5\n", 4,
       5, "schedules.nightly.delay_minute", "did you mean 'delay_minutes'?"},
      {"schedule name with a capital", "schedules:\n  Nightly:\n    trigger: after_collection\n", 2, 3,
       "schedules.Nightly", "lower-case letters, digits and _"},
      {"reserved schedule name", "schedules:\n  api_collect:\n    trigger: after_collection\n", 2, 3,
       "schedules.api_collect", "reserved for runs asked for through the API"},
      {"negative delay", "schedules:\n  later:\n    trigger: after_collection\n    delay_minutes: -1\n", 4, 5,
       "schedules.later.delay_minutes", "must be between 0.0 and 10080.0"},
      {"unknown time zone", "scheduler:\n  time_zone: Mars/Olympus\n", 2, 3, "scheduler.time_zone",
       "Mars/Olympus"},
      {"http port", "http:\n  port: 70000\n", 2, 3, "http.port", "must be between 0 and 65535"},
      {"zero grace", "service:\n  shutdown_grace: 0s\n", 2, 3, "service.shutdown_grace", "must be greater than 0"},
      {"webhook scheme", "hooks:\n  after_load:\n    url: ftp://x\n", 3, 5, "hooks.after_load.url",
       "must start with http:// or https://"},
      {"webhook token in clear text", "hooks:\n  after_load:\n    url: http://hooks.example/x\n    token_env: T\n", 3,
       5, "hooks.after_load.url", "use https"},
      {"cluster role", "cluster:\n  role: leader\n", 2, 3, "cluster.role", "must be none, coordinator or worker (got 'leader')"},
      {"a worker without its coordinator", "database:\n  url: postgresql://db/jobs\ncluster:\n  role: worker\n", 4, 3,
       "cluster.role",
       "a worker needs the coordinator's address in cluster.coordinator"},
      {"node_timeout under two heartbeats", "cluster:\n  heartbeat_interval: 2s\n  node_timeout: 3s\n", 3, 3,
       "cluster.node_timeout", "must be at least twice heartbeat_interval"},
      {"a cluster on SQLite", "cluster:\n  role: coordinator\n", 1, 1, "cluster",
       "cluster mode needs PostgreSQL in database.url"},
      {"TLS without its key", "cluster:\n  tls:\n    certificate: node.pem\n    ca_file: ca.pem\n", 3, 5,
       "cluster.tls.certificate", "TLS needs certificate, key and ca_file together"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    const auto result = cfg::load_settings_text(r.yaml, "bad.yaml");
    INFO(all_errors(result));
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.errors.size() == 1);
    const auto& e = result.errors[0];
    CHECK(e.file == "bad.yaml");
    CHECK(e.line == r.line);
    CHECK(e.column == r.column);
    CHECK(e.key == r.key);
    CHECK_THAT(e.message, Catch::Contains(r.message));
  }
}

TEST_CASE("config the seed's schedules: block loads as written", "[config]") {
  // notes: the seed's "Example Schedule Configuration", verbatim.
  const auto s = load_ok(
      "schedules:\n"
      "  daily_collection:\n"
      "    trigger: \"cron(0 9 * * *)\"  # 9 AM daily\n"
      "    queries:\n      - \"software engineer\"\n      - \"data scientist\"\n      - \"product manager\"\n"
      "    locations:\n      - \"San Francisco, CA\"\n      - \"New York, NY\"\n      - \"Seattle, WA\"\n"
      "\n  processing_batch:\n    trigger: \"after_collection\"\n    delay_minutes: 5\n"
      "\n  loading_batch:\n    trigger: \"after_processing\"\n    delay_minutes: 2\n");
  CHECK(s.schedules == cfg::settings{}.schedules);  // the defaults are the seed's example
  REQUIRE(s.schedules.entries.size() == 3);
  CHECK(s.schedules.entries[0].name == "daily_collection");
  CHECK(s.schedules.entries[1].delay_minutes == 5.0);
  CHECK(s.schedules.entries[2].trigger == "after_processing");
  // "schedules:" alone: no schedules at all.
  CHECK(load_ok("schedules:\n").schedules.entries.empty());
}

TEST_CASE("config error text carries file, position and key", "[config]") {
  const auto r = cfg::load_settings_text("collector:\n  workers: 0\n", "jobpilot.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(cfg::to_string(r.errors[0]) == "jobpilot.yaml:2:3: collector.workers: must be between 1 and 64 (got 0)");
  CHECK(cfg::to_string({"", 0, 0, "log.level", "must be ..."}) == "log.level: must be ...");
  CHECK(cfg::to_string({"f.yaml", 0, 0, "", "config file not found"}) == "f.yaml: config file not found");
  CHECK(cfg::to_string({"", 4, 2, "", "bad"}) == "4:2: bad");
  CHECK(cfg::to_string({"f.yaml", 4, 0, "k", "bad"}) == "f.yaml:4: k: bad");
}

TEST_CASE("config all errors are reported, in file order", "[config]") {
  const auto r = cfg::load_settings_text(
      "log:\n"
      "  level: loud\n"            // 2: not a level
      "collecter:\n"               // 3: typo
      "  workers: 4\n"
      "jsearch:\n"
      "  total_timeout: soon\n"    // 6: not a duration
      "  country: us\n"
      "  colour: blue\n"           // 8: unknown
      "database:\n"
      "  pool_size: 100\n"         // 10: out of range
      "loader:\n"
      "  restart:\n"
      "    random_factor: 3\n",    // 13: out of range
      "multi.yaml");
  REQUIRE_FALSE(r.ok());
  INFO(all_errors(r));
  const std::vector<std::pair<int, std::string>> expected = {
      {2, "log.level"},        {3, "collecter"},          {6, "jsearch.total_timeout"},
      {8, "jsearch.colour"},   {10, "database.pool_size"}, {13, "loader.restart.random_factor"},
  };
  REQUIRE(r.errors.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(r.errors[i].line == expected[i].first);
    CHECK(r.errors[i].key == expected[i].second);
  }
}

TEST_CASE("config an unreadable value is reported once, not again by validation", "[config]") {
  // connect_timeout keeps its default (10s) after the read error; comparing that with the 5s
  // total_timeout would be a second, misleading error.
  const auto r = cfg::load_settings_text("jsearch:\n  connect_timeout: soon\n  total_timeout: 5s\n", "x.yaml");
  INFO(all_errors(r));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].key == "jsearch.connect_timeout");
  CHECK_THAT(r.errors[0].message, Catch::Contains("expected a duration"));
}

TEST_CASE("config validate checks settings built in code", "[config]") {
  cfg::settings s;
  s.collector.workers = 65;
  s.log.format = "xml";
  s.database.url = "postgres://u@h/db";  // fine: both postgres schemes are accepted
  s.jsearch.connect_timeout = milliseconds{50'000};
  const auto errors = cfg::validate(s);
  std::vector<std::string> texts;
  for (const auto& e : errors) texts.push_back(cfg::to_string(e));
  const std::vector<std::string> expected = {
      "log.format: must be plain or json (got 'xml')",
      "jsearch.connect_timeout: must not exceed total_timeout (50s > 45s)",
      "collector.workers: must be between 1 and 64 (got 65)",
  };
  CHECK(texts == expected);
  for (const auto& e : errors) CHECK(e.line == 0);
}
