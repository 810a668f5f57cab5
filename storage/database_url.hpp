// Parses the database URL of the config/CLI: "sqlite:PATH" or "postgresql://user:pass@host:port/db".
#pragma once

#include <optional>
#include <string>

namespace jobpilot::storage {

enum class dialect { sqlite, postgresql };

const char* to_string(dialect d);

struct database_target {
  dialect kind = dialect::sqlite;
  std::string connect_string;  ///< SOCI backend connect string (contains the password: never log it)
  std::string display;         ///< safe to log: the URL with the password masked
  std::string sqlite_path;     ///< resolved file path (sqlite only)
};

/// A relative sqlite path is resolved against `data_dir`. Returns nullopt and sets `error`
/// (which never contains the password) for anything malformed.
std::optional<database_target> parse_database_url(const std::string& url, const std::string& data_dir,
                                                  std::string* error);

}  // namespace jobpilot::storage
