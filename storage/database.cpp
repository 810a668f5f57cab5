#include "storage/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>

#include <filesystem>

namespace jobpilot::storage {

session_lease::session_lease(database& owner, std::unique_ptr<soci::session> s)
    : owner_(&owner), session_(std::move(s)) {}

session_lease::session_lease(session_lease&& other) noexcept
    : owner_(other.owner_), session_(std::move(other.session_)), broken_(other.broken_) {}

session_lease::~session_lease() {
  if (session_) owner_->give_back(std::move(session_), broken_);
}

std::string clean_error_message(const std::string& message, const database_target& target) {
  std::string out = message;
  // SOCI repeats the connect string in some messages ("Cannot establish connection ... host=... password=...").
  for (const char* key : {"password="}) {
    std::size_t pos = 0;
    while ((pos = out.find(key, pos)) != std::string::npos) {
      auto end = out.find(' ', pos);
      out.replace(pos, end == std::string::npos ? std::string::npos : end - pos, std::string(key) + "***");
      pos += 12;
    }
  }
  if (!target.connect_string.empty()) {
    for (auto pos = out.find(target.connect_string); pos != std::string::npos; pos = out.find(target.connect_string))
      out.replace(pos, target.connect_string.size(), target.display);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

database::database(database_target target, int pool_size) : target_(std::move(target)), pool_size_(pool_size) {}

database::~database() = default;

std::shared_ptr<database> database::open(const database_target& target, int pool_size) {
  std::shared_ptr<database> db(new database(target, pool_size < 1 ? 1 : pool_size));
  if (target.kind == dialect::sqlite) {
    auto parent = std::filesystem::path(target.sqlite_path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec)
      throw storage_error("cannot create the directory " + parent.string() + " for the SQLite database: " +
                          ec.message());
  }
  auto first = db->connect();
  std::lock_guard<std::mutex> guard(db->mutex_);
  db->idle_.push_back(std::move(first));
  db->open_count_ = 1;
  return db;
}

std::unique_ptr<soci::session> database::connect() {
  try {
    std::unique_ptr<soci::session> s;
    if (target_.kind == dialect::sqlite) {
      s = std::make_unique<soci::session>(soci::sqlite3, target_.connect_string);
      *s << "PRAGMA journal_mode=WAL";
      *s << "PRAGMA synchronous=NORMAL";
      *s << "PRAGMA foreign_keys=ON";
      *s << "PRAGMA busy_timeout=30000";
    } else {
      s = std::make_unique<soci::session>(soci::postgresql, target_.connect_string);
      *s << "SET TIME ZONE 'UTC'";
      *s << "SET client_min_messages = warning";
    }
    return s;
  } catch (const std::exception& e) {
    throw storage_error("cannot connect to " + target_.display + ": " + clean_error_message(e.what(), target_));
  }
}

session_lease database::lease() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return session_lease(*this, std::move(s));
    }
    if (open_count_ < pool_size_) {
      ++open_count_;
      lock.unlock();
      try {
        return session_lease(*this, connect());
      } catch (...) {
        std::lock_guard<std::mutex> guard(mutex_);
        --open_count_;
        available_.notify_one();
        throw;
      }
    }
    available_.wait(lock);
  }
}

void database::give_back(std::unique_ptr<soci::session> s, bool broken) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (broken) {
    --open_count_;
    s.reset();
  } else {
    idle_.push_back(std::move(s));
  }
  available_.notify_one();
}

void database::rethrow_clean(const std::exception& e) const {
  throw storage_error(clean_error_message(e.what(), target_));
}

void database::execute_script(soci::session& s, const std::string& sql) {
  if (target_.kind == dialect::sqlite) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    char* msg = nullptr;
    if (sqlite_api::sqlite3_exec(be->conn_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string text = msg ? msg : "unknown SQLite error";
      sqlite_api::sqlite3_free(msg);
      throw storage_error(text);
    }
    return;
  }
  auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  PGresult* r = PQexec(be->conn_, sql.c_str());
  auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string text = PQresultErrorMessage(r);
    PQclear(r);
    throw storage_error(clean_error_message(text, target_));
  }
  PQclear(r);
}

std::string database::ts_out(const std::string& column) const {
  if (target_.kind == dialect::sqlite) return column;
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string database::ts_in(const std::string& placeholder) const {
  if (target_.kind == dialect::sqlite) return placeholder;
  return "CAST(" + placeholder + " AS TIMESTAMPTZ)";
}

std::string database::json_in(const std::string& placeholder) const {
  if (target_.kind == dialect::sqlite) return placeholder;
  return "CAST(" + placeholder + " AS JSONB)";
}

std::string database::json_out(const std::string& column) const {
  if (target_.kind == dialect::sqlite) return column;
  return "CAST(" + column + " AS TEXT)";
}

}  // namespace jobpilot::storage
