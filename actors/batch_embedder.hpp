// The EMBEDDER's work on one processing batch: embed every job that has no vector yet.
// A provider failure is not an error of the batch: the jobs are marked not embedded,
// loaded flagged, and embedded later (embed_missing).
#pragma once

#include "core/embedding_provider.hpp"
#include "messages/pipeline.hpp"

#include <memory>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

class batch_embedder {
public:
  batch_embedder(std::shared_ptr<storage::database> db, std::unique_ptr<core::embedding_provider> provider,
                 std::shared_ptr<spdlog::logger> log);
  ~batch_embedder();

  messages::embedded embed(const messages::processed& input);

  /// Embeds loaded jobs that were loaded without a vector; returns how many got one.
  int embed_missing(int limit);

  core::embedding_provider& provider();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
