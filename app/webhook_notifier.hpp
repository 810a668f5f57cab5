// hooks.after_load: tells a downstream system about every loaded collection with an HTTP POST, on
// either engine (PostgreSQL's NOTIFY is the in-database twin). A stage_observer: the loader calls
// it after its commit, and it only queues, so a slow receiver never slows loading. One thread
// delivers, retrying with backoff; a notification that fails every attempt, or is still queued when
// the process ends, becomes a dead letter in failed_operations (stage hooks): never lost silently.
#pragma once

#include "actors/stage_observer.hpp"
#include "config/settings.hpp"

#include <memory>
#include <string>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::app {

class webhook_notifier final : public actors::stage_observer {
public:
  webhook_notifier(config::webhook_settings settings, std::shared_ptr<storage::database> db,
                   std::shared_ptr<spdlog::logger> log);
  /// Delivers what is queued for at most settings.timeout more, then dead-letters the rest.
  ~webhook_notifier() override;

  void collection_loaded(const std::string& collection_id, const std::string& status, std::int64_t jobs_new,
                         std::int64_t jobs_updated, std::int64_t postings_new) override;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::app
