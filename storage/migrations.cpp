#include "storage/migrations.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/database.hpp"

#include <soci/soci.h>

#include <algorithm>

namespace jobpilot::storage {

namespace {

constexpr const char* create_ledger =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

int current_version(soci::session& s) {
  int v = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

// Several processes starting together on a new PostgreSQL database (a cluster booting) must not
// race: even CREATE TABLE IF NOT EXISTS fails in the loser of two concurrent creations. Everything
// that may create the ledger or apply a migration runs under one advisory lock. (SQLite serialises
// writers itself; its race is handled by BEGIN IMMEDIATE below.)
template <class F>
auto under_migration_lock(database& db, soci::session& s, F&& fn) -> decltype(fn()) {
  const bool pg = db.kind() == dialect::postgresql;
  if (pg) s << "SELECT pg_advisory_lock(72610001)";
  try {
    db.execute_script(s, create_ledger);
    auto out = fn();
    if (pg) s << "SELECT pg_advisory_unlock(72610001)";
    return out;
  } catch (...) {
    if (pg) {
      try {
        s << "SELECT pg_advisory_unlock(72610001)";
      } catch (...) {
      }
    }
    throw;
  }
}

}  // namespace

int schema_version(database& db) {
  return db.with_session([&](soci::session& s) { return under_migration_lock(db, s, [&] { return current_version(s); }); });
}

migration_report migrate(database& db) {
  const std::string dialect_name = to_string(db.kind());
  std::vector<migration_file> files;
  for (const auto& f : embedded_migrations())
    if (dialect_name == f.dialect) files.push_back(f);
  std::sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.version < b.version; });

  return db.with_session([&](soci::session& s) {
    return under_migration_lock(db, s, [&] {
      migration_report report;
      report.from_version = current_version(s);
      for (const auto& f : files) {
        if (f.version <= current_version(s)) continue;
        std::string script = f.sql;
        std::string name = f.name;
        std::string checksum = core::sha256_hex(script);
        std::string now = core::iso8601_utc(std::chrono::system_clock::now());
        int version = f.version;
        try {
          db.execute_script(s, db.kind() == dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
          // Read again under the write lock: another process starting at the same moment on a new
          // SQLite file may have applied it between our check and our lock.
          if (f.version <= current_version(s)) {
            db.execute_script(s, "COMMIT");
            continue;
          }
          db.execute_script(s, script);
          s << "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (:v, :n, :c, :t)",
              soci::use(version), soci::use(name), soci::use(checksum), soci::use(now);
          db.execute_script(s, "COMMIT");
        } catch (const std::exception& e) {
          try {
            db.execute_script(s, "ROLLBACK");
          } catch (...) {
          }
          throw storage_error("migration " + std::string(f.dialect) + "/" + name + ".sql failed: " + e.what());
        }
        report.applied.push_back(name);
      }
      report.to_version = current_version(s);
      return report;
    });
  });
}

}  // namespace jobpilot::storage
