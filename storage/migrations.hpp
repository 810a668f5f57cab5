// Versioned schema migrations, one .sql file per version and dialect (storage/migrations/<dialect>/).
#pragma once

#include <string>
#include <vector>

namespace jobpilot::storage {

class database;

struct migration_file {
  const char* dialect;  ///< "sqlite" or "postgresql"
  int version;
  const char* name;
  const char* sql;
};

/// Every migration compiled into the binary (generated from the .sql files).
const std::vector<migration_file>& embedded_migrations();

struct migration_report {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  ///< names of the files applied now
};

/// Applies every missing migration, each in its own transaction. Safe to run from
/// several processes at once (PostgreSQL advisory lock; SQLite write lock).
/// Throws storage_error naming the failing file.
migration_report migrate(database& db);

/// Highest applied version (0 for an empty database).
int schema_version(database& db);

}  // namespace jobpilot::storage
