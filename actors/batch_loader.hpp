// The LOADER's work on one deduped batch: canonical jobs, one job_sources row per
// posting and the embeddings, in one transaction; a failed transaction is retried in
// halves (canonical jobs first), and a row that still fails becomes a dead letter.
#pragma once

#include "messages/pipeline.hpp"

#include <memory>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

class batch_loader {
public:
  batch_loader(std::shared_ptr<storage::database> db, int batch_size, std::shared_ptr<spdlog::logger> log);
  ~batch_loader();

  messages::loaded load(const messages::deduped& input);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
