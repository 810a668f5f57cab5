#include "app/runtime.hpp"

#include "config/config_loader.hpp"
#include "core/plain_http.hpp"
#include "net/url.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace jobpilot::app {

namespace {

// %* : the log message as a JSON string body (quotes, backslashes, control characters escaped).
class json_message_flag : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr char hex[] = "0123456789abcdef";
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      switch (c) {
        case '"': dest.append(std::string_view("\\\"")); break;
        case '\\': dest.append(std::string_view("\\\\")); break;
        case '\n': dest.append(std::string_view("\\n")); break;
        case '\r': dest.append(std::string_view("\\r")); break;
        case '\t': dest.append(std::string_view("\\t")); break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            const char esc[] = {'\\', 'u', '0', '0', hex[(c >> 4) & 15], hex[c & 15]};
            dest.append(esc, esc + 6);
          } else {
            dest.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_message_flag>(); }
};

std::unique_ptr<spdlog::formatter> make_formatter(const std::string& format) {
  auto f = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (format == "json") {
    f->add_flag<json_message_flag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","stage":"%n","msg":"%*"})");
  } else {
    f->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-5l [%n] %v");
  }
  return f;
}

}  // namespace

loggers make_loggers(const config::settings& s) {
  auto level = spdlog::level::from_str(s.log.level);
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_formatter(make_formatter(s.log.format));
  std::string dir = s.log.dir.empty() ? (std::filesystem::path(s.data_dir) / "logs").string() : s.log.dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto make = [&](const std::string& name, const std::string& file) {
    std::vector<spdlog::sink_ptr> sinks{console};
    if (!ec) {
      try {
        auto fs = std::make_shared<spdlog::sinks::basic_file_sink_mt>((std::filesystem::path(dir) / file).string());
        fs->set_formatter(make_formatter(s.log.format));
        sinks.push_back(fs);
      } catch (const std::exception& e) {
        std::cerr << "warning: cannot open log file in " << dir << ": " << e.what() << "\n";
      }
    }
    auto l = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    l->set_level(level);
    l->flush_on(spdlog::level::warn);
    return l;
  };
  loggers out;
  out.main = make("main", "jobpilot.log");
  out.collector = make("collector", "collector.log");
  out.processor = make("processor", "processor.log");
  out.loader = make("loader", "loader.log");
  return out;
}

core::search_defaults search_defaults_of(const config::settings& s) {
  return {s.jsearch.country, s.jsearch.language, s.jsearch.date_posted == "all" ? "" : s.jsearch.date_posted};
}

bool override_base_url(config::settings& s, const std::string& base_url) {
  if (base_url.empty()) return true;
  std::string err;
  if (!net::parse_url(base_url, &err)) {
    std::cerr << "error: --base-url: " << err << "\n";
    return false;
  }
  if (auto why = core::plain_http_refusal(base_url); !why.empty()) {
    std::cerr << "error: --base-url: " << why << "\n";
    return false;
  }
  s.jsearch.base_url = base_url;
  return true;
}

std::optional<std::string> jsearch_api_key(const config::settings& s) {
  const char* key = std::getenv(s.jsearch.api_key_env.c_str());
  if (key && *key) return std::string(key);
  auto u = net::parse_url(s.jsearch.base_url);
  if (u && core::is_loopback_host(u->host))
    return std::string("local-test-key");  // a loopback fake server accepts any key
  std::cerr << "error: the environment variable " << s.jsearch.api_key_env << " holds no JSearch API key (needed for "
            << s.jsearch.base_url << ")\n";
  return std::nullopt;
}

std::optional<config::settings> load_settings(const global_options& g, int& exit_code) {
  config::settings s;
  std::string path = g.config_path;
  if (path.empty() && std::filesystem::exists("jobpilot.yaml")) path = "jobpilot.yaml";
  if (!path.empty()) {
    auto loaded = config::load_settings_file(path);
    if (!loaded.ok()) {
      for (const auto& e : loaded.errors) std::cerr << "error: " << config::to_string(e) << "\n";
      exit_code = 2;
      return std::nullopt;
    }
    s = *loaded.value;
  }
  if (!g.db_url.empty()) s.database.url = g.db_url;
  if (!g.data_dir.empty()) s.data_dir = g.data_dir;
  if (!g.log_level.empty()) s.log.level = g.log_level;
  if (!g.cluster_role.empty()) s.cluster.role = g.cluster_role;
  auto errors = config::validate(s);
  if (!errors.empty()) {
    for (auto e : errors) {
      if (e.file.empty()) e.file = path.empty() ? "command line" : path;
      std::cerr << "error: " << config::to_string(e) << "\n";
    }
    exit_code = 2;
    return std::nullopt;
  }
  return s;
}

std::optional<runtime> open_runtime_waiting(const global_options& g, int& exit_code,
                                            const std::function<bool(std::chrono::milliseconds)>& stopped_within,
                                            const std::function<void()>& on_retry) {
  for (auto wait = std::chrono::milliseconds(500);;) {
    exit_code = 0;
    auto rt = open_runtime(g, exit_code);
    if (rt || exit_code == 2) return rt;  // open, or the settings are wrong: waiting mends nothing
    if (on_retry) on_retry();
    if (stopped_within(wait)) {
      exit_code = 0;  // stopped before anything started: nothing to hand back
      return std::nullopt;
    }
    wait = std::min(wait * 2, std::chrono::milliseconds(10'000));
  }
}

std::optional<runtime> open_runtime(const global_options& g, int& exit_code, bool with_database) {
  auto s = load_settings(g, exit_code);
  if (!s) return std::nullopt;
  runtime rt;
  rt.settings = *s;
  rt.logs = make_loggers(rt.settings);
  if (!with_database) return rt;
  std::string err;
  auto target = storage::parse_database_url(rt.settings.database.url, rt.settings.data_dir, &err);
  if (!target) {
    std::cerr << "error: database.url: " << err << "\n";
    exit_code = 2;
    return std::nullopt;
  }
  try {
    auto log = rt.logs.main;
    rt.db = storage::database::open(*target, rt.settings.database.pool_size,
                                    [log](const std::string& notice) { log->info("postgresql: {}", notice); });
    auto report = storage::migrate(*rt.db);
    for (const auto& name : report.applied) rt.logs.main->info("applied migration {}", name);
  } catch (const storage::storage_error& e) {
    std::cerr << "error: " << e.what() << "\n";
    exit_code = 1;
    return std::nullopt;
  }
  return rt;
}

}  // namespace jobpilot::app
