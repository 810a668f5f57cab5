// A pool of SOCI sessions for one database (SQLite or PostgreSQL).
// SOCI stays out of this header; repositories include <soci/soci.h> in their .cpp only.
#pragma once

#include "storage/database_url.hpp"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace jobpilot::storage {

/// The one exception type that leaves storage/: SOCI and libpq errors are converted into it (a
/// short message, cleaned of connection secrets and of the statement's bound values). Actors catch
/// it at their edge. `transient`: the database is unreachable, restarting, busy or out of space,
/// so the same call may succeed later; otherwise the call itself is refused (a constraint, bad data).
class storage_error : public std::runtime_error {
public:
  explicit storage_error(const std::string& message, bool transient = false)
      : std::runtime_error(message), transient_(transient) {}
  bool transient() const noexcept { return transient_; }

private:
  bool transient_;
};

class database;

/// RAII loan of a session; returns it to the pool on destruction.
class session_lease {
public:
  session_lease(database& owner, std::unique_ptr<soci::session> s);
  session_lease(session_lease&&) noexcept;
  session_lease& operator=(session_lease&&) = delete;
  ~session_lease();
  soci::session& operator*() { return *session_; }
  soci::session* operator->() { return session_.get(); }
  /// Marks the connection broken: it is closed instead of returned.
  void discard() { broken_ = true; }

private:
  database* owner_;
  std::unique_ptr<soci::session> session_;
  bool broken_ = false;
};

class database : public std::enable_shared_from_this<database> {
public:
  /// One line of a server notice (PostgreSQL's NOTICE/WARNING messages, e.g. "terminating connection
  /// due to immediate shutdown command" during an outage).
  using notice_handler = std::function<void(const std::string&)>;

  /// Opens `pool_size` connections lazily; the first one now, to fail early. Server notices go to
  /// `notices` (without one, libpq prints them on stderr).
  static std::shared_ptr<database> open(const database_target& target, int pool_size, notice_handler notices = {});
  ~database();

  dialect kind() const { return target_.kind; }
  const std::string& display_url() const { return target_.display; }

  /// Blocks until a session is free.
  session_lease lease();

  /// Runs `fn` with a leased session, converting any backend exception into storage_error.
  /// A connection that failed is dropped so the next lease reconnects.
  template <class F>
  auto with_session(F&& fn) -> decltype(fn(std::declval<soci::session&>()));

  /// Whether a backend exception thrown on `s` is worth a retry (the connection, a lock, space),
  /// as opposed to a refusal of the statement itself.
  bool is_transient(const std::exception& e, soci::session& s) const;

  /// Executes a multi-statement SQL script (migrations) on the given session.
  void execute_script(soci::session& s, const std::string& sql);


  // -- dialect helpers --------------------------------------------------------
  /// Expression that reads a timestamp column as ISO-8601 UTC text.
  std::string ts_out(const std::string& column) const;
  /// Placeholder expression for writing ISO-8601 text into a timestamp column.
  std::string ts_in(const std::string& placeholder) const;
  /// Placeholder expression for JSON text into a JSON column.
  std::string json_in(const std::string& placeholder) const;
  /// Expression reading a JSON column as text.
  std::string json_out(const std::string& column) const;

private:
  database(database_target target, int pool_size, notice_handler notices);
  std::unique_ptr<soci::session> connect();
  void give_back(std::unique_ptr<soci::session> s, bool broken);
  /// Converts a backend exception; `s` tells whether the connection itself is still usable.
  [[noreturn]] void rethrow_clean(const std::exception& e, soci::session& s, bool& connection_broken) const;

  friend class session_lease;
  database_target target_;
  int pool_size_;
  notice_handler notices_;
  int open_count_ = 0;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<soci::session>> idle_;
};

/// Removes connection strings/passwords from a backend message and caps its length.
std::string clean_error_message(const std::string& message, const database_target& target);

/// A write transaction: BEGIN IMMEDIATE on SQLite (the one writer lock, taken up front, so two
/// writers never deadlock upgrading a read), BEGIN on PostgreSQL. Rolls back unless committed.
class write_transaction {
public:
  write_transaction(database& db, soci::session& s);
  ~write_transaction();
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;
  void commit();

private:
  database& db_;
  soci::session& s_;
  bool open_ = true;
};

template <class F>
auto database::with_session(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  auto lease_ = lease();
  try {
    return fn(*lease_);
  } catch (const storage_error& e) {
    if (e.transient()) lease_.discard();
    throw;
  } catch (const std::exception& e) {
    bool broken = false;
    try {
      rethrow_clean(e, *lease_, broken);
    } catch (...) {
      if (broken) lease_.discard();
      throw;
    }
  }
}

}  // namespace jobpilot::storage
