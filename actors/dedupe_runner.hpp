// The DEDUPER's state and work: the one dedupe index of the process (job ids, exact keys,
// URLs, vectors), rebuilt from the database at start, deciding each job of a batch in order.
#pragma once

#include "config/settings.hpp"
#include "messages/pipeline.hpp"

#include <memory>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

class dedupe_runner {
public:
  /// `dimensions`: of the configured embedding (vectors of another size are not compared).
  dedupe_runner(std::shared_ptr<storage::database> db, const config::dedupe_settings& settings, int dimensions,
                std::shared_ptr<spdlog::logger> log);
  ~dedupe_runner();

  messages::deduped dedupe(const messages::embedded& input);

  std::size_t canonical_count() const;

  /// The enhanced_jobs.id of a new canonical job first seen as `jsearch_job_id`.
  static std::string job_uuid_for(const std::string& jsearch_job_id);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
