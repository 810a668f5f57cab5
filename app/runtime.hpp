// What every command needs before it works: validated settings, logs, the database.
// Configuration is loaded and checked here, once, before any actor system exists.
#pragma once

#include "app/options.hpp"
#include "config/settings.hpp"
#include "core/jsearch_query.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace jobpilot::storage {
class database;
}

namespace jobpilot::app {

struct loggers {
  std::shared_ptr<spdlog::logger> main;
  std::shared_ptr<spdlog::logger> collector;
  std::shared_ptr<spdlog::logger> processor;
  std::shared_ptr<spdlog::logger> loader;
};

struct runtime {
  config::settings settings;
  loggers logs;
  std::shared_ptr<storage::database> db;
};

/// Loads the config file (the --config path, else ./jobpilot.yaml if present), applies the
/// global CLI overrides, validates, sets up the logs. Prints errors to stderr and
/// sets `exit_code` (2 for configuration errors) when it returns nullopt.
std::optional<config::settings> load_settings(const global_options& g, int& exit_code);

/// load_settings + logs + database opened and migrated.
std::optional<runtime> open_runtime(const global_options& g, int& exit_code, bool with_database = true);

/// open_runtime for a long-running process (the service, a cluster worker): a database that is still
/// starting is normal at boot, so it retries with backoff (0.5 s, doubling to 10 s). Before each wait
/// it calls `on_retry`; `stopped_within(wait)` waits and says whether a stop signal came. nullopt with
/// `exit_code` 2 for bad settings, 0 when stopped before the database opened.
std::optional<runtime> open_runtime_waiting(const global_options& g, int& exit_code,
                                            const std::function<bool(std::chrono::milliseconds)>& stopped_within,
                                            const std::function<void()>& on_retry = {});

/// What the configuration adds to every search (country, language, date_posted).
core::search_defaults search_defaults_of(const config::settings& s);

/// Applies a --base-url option (empty = keep the configured one); false and a message when invalid
/// (plain http to a host other than this machine would send the key in the clear).
bool override_base_url(config::settings& s, const std::string& base_url);

/// The JSearch key from the environment variable named by jsearch.api_key_env. A loopback
/// base URL (the fake server) needs none. nullopt (and a message on stderr) when it is missing.
std::optional<std::string> jsearch_api_key(const config::settings& s);

/// Per-stage log files under log.dir (collector.log, processor.log, loader.log) plus stderr.
loggers make_loggers(const config::settings& s);

}  // namespace jobpilot::app
