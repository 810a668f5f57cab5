#include "storage/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>

#include <filesystem>
#include <thread>

namespace jobpilot::storage {

namespace {

void forward_notice(void* handler, const char* message) {
  std::string line(message ? message : "");
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  (*static_cast<database::notice_handler*>(handler))(line);
}

}  // namespace

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
  // A backend message may quote the statement; it never needs more than a few lines.
  constexpr std::size_t max_length = 600;
  if (out.size() > max_length) out = out.substr(0, max_length) + "... (" + std::to_string(out.size()) + " bytes)";
  return out;
}

namespace {

// SQLite result codes that say "try again later": busy or locked by another writer, out of
// memory, an I/O error, a file that cannot be opened right now. A full disk (SQLITE_FULL) is not
// among them: it does not clear in seconds, so the caller is told at once (nothing is lost: the
// stage machine resumes once there is room).
bool sqlite_transient(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

// SQLSTATE classes 08 (connection), 53 (resources), 57P (shutdown, cannot connect now), 40001/40P01
// (serialization, deadlock) are worth a retry.
bool pg_transient(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("53", 0) == 0 || sqlstate.rfind("57P", 0) == 0 ||
         sqlstate == "40001" || sqlstate == "40P01";
}

}  // namespace

database::database(database_target target, int pool_size, notice_handler notices)
    : target_(std::move(target)), pool_size_(pool_size), notices_(std::move(notices)) {}

database::~database() = default;

std::shared_ptr<database> database::open(const database_target& target, int pool_size, notice_handler notices) {
  std::shared_ptr<database> db(new database(target, pool_size < 1 ? 1 : pool_size, std::move(notices)));
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
      *s << "PRAGMA busy_timeout=30000";
      // Switching a new file to WAL takes it whole; a second process opening the same new file at
      // that moment is told "busy" at once (the busy handler is not asked), so it tries again.
      for (int attempt = 1;; ++attempt) {
        try {
          *s << "PRAGMA journal_mode=WAL";
          break;
        } catch (const soci::sqlite3_soci_error& e) {
          if ((e.result() & 0xff) != SQLITE_BUSY || attempt >= 300) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
      *s << "PRAGMA synchronous=NORMAL";
      *s << "PRAGMA foreign_keys=ON";
    } else {
      s = std::make_unique<soci::session>(soci::postgresql, target_.connect_string);
      if (notices_) {
        // libpq would print notices on stderr, unformatted, in the middle of the progress lines.
        auto* backend = static_cast<soci::postgresql_session_backend*>(s->get_backend());
        PQsetNoticeProcessor(backend->conn_, &forward_notice, &notices_);
      }
      *s << "SET TIME ZONE 'UTC'";
      *s << "SET client_min_messages = warning";
    }
    return s;
  } catch (const soci::soci_error& e) {
    throw storage_error("cannot connect to " + target_.display + ": " +
                            clean_error_message(e.get_error_message(), target_),
                        true);
  } catch (const std::exception& e) {
    throw storage_error("cannot connect to " + target_.display + ": " + clean_error_message(e.what(), target_), true);
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

bool database::is_transient(const std::exception& e, soci::session& s) const {
  if (const auto* se = dynamic_cast<const storage_error*>(&e)) return se->transient();
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e))
    if (sqlite_transient(lite->result())) return true;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e))
    if (pg_transient(pg->sqlstate())) return true;
  if (const auto* se = dynamic_cast<const soci::soci_error*>(&e))
    if (se->get_error_category() == soci::soci_error::connection_error) return true;
  if (target_.kind == dialect::postgresql) {
    auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
    if (be == nullptr || be->conn_ == nullptr || PQstatus(be->conn_) != CONNECTION_OK) return true;
  }
  return false;
}

void database::rethrow_clean(const std::exception& e, soci::session& s, bool& connection_broken) const {
  std::string message = e.what();
  if (const auto* se = dynamic_cast<const soci::soci_error*>(&e))
    message = se->get_error_message();  // without the statement and its bound values
  const bool transient = is_transient(e, s);
  // A broken connection is closed instead of going back to the pool (SQLite: reopening the file is
  // cheap and clears a stuck handle).
  connection_broken = transient;
  throw storage_error(clean_error_message(message, target_), transient);
}

write_transaction::write_transaction(database& db, soci::session& s) : db_(db), s_(s) {
  db_.execute_script(s_, db_.kind() == dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

write_transaction::~write_transaction() {
  if (!open_) return;
  try {
    db_.execute_script(s_, "ROLLBACK");
  } catch (...) {
  }
}

void write_transaction::commit() {
  db_.execute_script(s_, "COMMIT");
  open_ = false;
}

void database::execute_script(soci::session& s, const std::string& sql) {
  if (target_.kind == dialect::sqlite) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    char* msg = nullptr;
    if (int rc = sqlite_api::sqlite3_exec(be->conn_, sql.c_str(), nullptr, nullptr, &msg); rc != SQLITE_OK) {
      std::string text = msg ? msg : "unknown SQLite error";
      sqlite_api::sqlite3_free(msg);
      throw storage_error(clean_error_message(text, target_), sqlite_transient(rc));
    }
    return;
  }
  auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  PGresult* r = PQexec(be->conn_, sql.c_str());
  auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string text = PQresultErrorMessage(r);
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    bool transient = PQstatus(be->conn_) != CONNECTION_OK || (state && pg_transient(state));
    PQclear(r);
    throw storage_error(clean_error_message(text, target_), transient);
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
