// What the service's parts share: the settings, the database once it is open, readiness, and the
// scheduler's next fire times. Thread-safe: the HTTP threads read it while the service writes it.
#pragma once

#include "config/settings.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace spdlog {
class logger;
}

namespace jobpilot::storage {
class database;
}

namespace jobpilot::app {

class service_state {
public:
  config::settings settings;
  const std::chrono::system_clock::time_point started = std::chrono::system_clock::now();

  void attach(std::shared_ptr<storage::database> db, std::shared_ptr<spdlog::logger> log);
  std::shared_ptr<storage::database> db() const;  ///< null until the database is open and migrated
  std::shared_ptr<spdlog::logger> log() const;

  bool ready() const { return ready_.load(); }
  void set_ready(bool r) { ready_.store(r); }
  void set_database_error(std::string e);
  std::string database_error() const;

  /// Told when the API has recorded a run, so the scheduler takes it up at once (empty: nobody listens).
  void set_on_enqueued(std::function<void()> f);
  void enqueued() const;

  void set_next_fire(const std::string& schedule, std::int64_t epoch_ms);
  std::map<std::string, std::int64_t> next_fires() const;

private:
  mutable std::mutex mu_;
  std::shared_ptr<storage::database> db_;
  std::shared_ptr<spdlog::logger> log_;
  std::string database_error_ = "not opened yet";
  std::map<std::string, std::int64_t> next_fires_;
  std::function<void()> on_enqueued_;
  std::atomic<bool> ready_{false};
};

}  // namespace jobpilot::app
