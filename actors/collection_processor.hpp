// The PROCESSOR's work on one raw collection: transform every job, record failures
// (row, error entry and file) and write the processing in one transaction.
// Plain C++ so it is tested without an actor system; the processor actor owns one per worker.
#pragma once

#include "messages/pipeline.hpp"

#include <memory>
#include <string>

namespace spdlog {
class logger;
}
namespace jobpilot::storage {
class database;
}

namespace jobpilot::actors {

class collection_processor {
public:
  collection_processor(std::shared_ptr<storage::database> db, std::string data_dir,
                       std::shared_ptr<spdlog::logger> log);
  ~collection_processor();

  /// Never throws for bad data (it becomes error rows); throws storage_error when the
  /// database itself fails (the pool retries the collection on another worker).
  messages::processed process(const messages::raw_stored& input);

  /// The processing id of a collection: derived from it, so reprocessing replaces rows.
  static std::string processing_id_for(const std::string& collection_id);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::actors
