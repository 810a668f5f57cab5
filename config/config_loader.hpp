// Loads, validates and renders jobpilot.yaml into the typed structs of settings.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"

namespace jobpilot::config {

/// One problem with the configuration. line/column are 1-based; 0 means "not from the file"
/// (a default value, or settings built in code). key is the full dotted key, e.g.
/// "collector.workers"; empty for YAML syntax errors and unreadable files.
struct config_error {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;
  std::string message;
};

/// "jobpilot.yaml:12:3: collector.workers: must be between 1 and 64 (got 0)"; the parts that
/// are unknown (no file, no line, no key) are left out.
std::string to_string(const config_error& e);

/// Either settings (errors empty) or every error that was found (value empty).
struct load_result {
  std::optional<settings> value;
  std::vector<config_error> errors;

  bool ok() const { return value.has_value(); }
};

/// Reads, parses and validates a YAML file. Missing keys keep their defaults; unknown keys,
/// wrong types and invalid values are errors. A missing file is an error naming the path.
/// Never throws.
load_result load_settings_file(const std::string& path);

/// The same for text already in memory; name_for_errors becomes config_error::file.
load_result load_settings_text(std::string_view yaml, const std::string& name_for_errors);

/// Semantic checks (ranges, enumerations, URL schemes, cross-field rules) on settings from any
/// source. Errors carry the dotted key but no file position.
std::vector<config_error> validate(const settings& s);

/// A YAML document with every value (defaults included) that load_settings_text reads back to
/// equal settings. Used by `jobpilot-etl config show`.
std::string render_yaml(const settings& s);

// Field-by-field equality, driven by the same schema as loading and rendering.
bool operator==(const restart_settings& a, const restart_settings& b);
bool operator==(const database_settings& a, const database_settings& b);
bool operator==(const log_settings& a, const log_settings& b);
bool operator==(const jsearch_settings& a, const jsearch_settings& b);
bool operator==(const collector_settings& a, const collector_settings& b);
bool operator==(const breaker_settings& a, const breaker_settings& b);
bool operator==(const processor_settings& a, const processor_settings& b);
bool operator==(const embedder_settings& a, const embedder_settings& b);
bool operator==(const dedupe_settings& a, const dedupe_settings& b);
bool operator==(const loader_settings& a, const loader_settings& b);
bool operator==(const run_settings& a, const run_settings& b);
bool operator==(const schedule_table& a, const schedule_table& b);
bool operator==(const scheduler_settings& a, const scheduler_settings& b);
bool operator==(const http_settings& a, const http_settings& b);
bool operator==(const service_settings& a, const service_settings& b);
bool operator==(const webhook_settings& a, const webhook_settings& b);
bool operator==(const hooks_settings& a, const hooks_settings& b);
bool operator==(const cluster_tls_settings& a, const cluster_tls_settings& b);
bool operator==(const cluster_settings& a, const cluster_settings& b);
bool operator==(const settings& a, const settings& b);
inline bool operator!=(const restart_settings& a, const restart_settings& b) { return !(a == b); }
inline bool operator!=(const database_settings& a, const database_settings& b) { return !(a == b); }
inline bool operator!=(const log_settings& a, const log_settings& b) { return !(a == b); }
inline bool operator!=(const jsearch_settings& a, const jsearch_settings& b) { return !(a == b); }
inline bool operator!=(const collector_settings& a, const collector_settings& b) { return !(a == b); }
inline bool operator!=(const breaker_settings& a, const breaker_settings& b) { return !(a == b); }
inline bool operator!=(const processor_settings& a, const processor_settings& b) { return !(a == b); }
inline bool operator!=(const embedder_settings& a, const embedder_settings& b) { return !(a == b); }
inline bool operator!=(const dedupe_settings& a, const dedupe_settings& b) { return !(a == b); }
inline bool operator!=(const loader_settings& a, const loader_settings& b) { return !(a == b); }
inline bool operator!=(const run_settings& a, const run_settings& b) { return !(a == b); }
inline bool operator!=(const schedule_table& a, const schedule_table& b) { return !(a == b); }
inline bool operator!=(const scheduler_settings& a, const scheduler_settings& b) { return !(a == b); }
inline bool operator!=(const http_settings& a, const http_settings& b) { return !(a == b); }
inline bool operator!=(const service_settings& a, const service_settings& b) { return !(a == b); }
inline bool operator!=(const webhook_settings& a, const webhook_settings& b) { return !(a == b); }
inline bool operator!=(const hooks_settings& a, const hooks_settings& b) { return !(a == b); }
inline bool operator!=(const cluster_settings& a, const cluster_settings& b) { return !(a == b); }
inline bool operator!=(const settings& a, const settings& b) { return !(a == b); }

}  // namespace jobpilot::config
