#include "app/service_state.hpp"

namespace jobpilot::app {

void service_state::attach(std::shared_ptr<storage::database> db, std::shared_ptr<spdlog::logger> log) {
  std::lock_guard<std::mutex> lock(mu_);
  db_ = std::move(db);
  log_ = std::move(log);
  database_error_.clear();
}

std::shared_ptr<storage::database> service_state::db() const {
  std::lock_guard<std::mutex> lock(mu_);
  return db_;
}

std::shared_ptr<spdlog::logger> service_state::log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

void service_state::set_database_error(std::string e) {
  std::lock_guard<std::mutex> lock(mu_);
  database_error_ = std::move(e);
}

std::string service_state::database_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return database_error_;
}

void service_state::set_on_enqueued(std::function<void()> f) {
  std::lock_guard<std::mutex> lock(mu_);
  on_enqueued_ = std::move(f);
}

void service_state::enqueued() const {
  std::function<void()> f;
  {
    std::lock_guard<std::mutex> lock(mu_);
    f = on_enqueued_;
  }
  if (f) f();
}

void service_state::set_next_fire(const std::string& schedule, std::int64_t epoch_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  next_fires_[schedule] = epoch_ms;
}

std::map<std::string, std::int64_t> service_state::next_fires() const {
  std::lock_guard<std::mutex> lock(mu_);
  return next_fires_;
}

}  // namespace jobpilot::app
