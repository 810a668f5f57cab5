// The recovery sweep for paid replies that reached the file store but not the database (the
// database was down, or the disk was full and the reply went to the spool): each such file becomes
// its raw collection row, before anything asks the database what has been bought.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {

class database;
class raw_file_store;

struct import_report {
  int imported = 0;
  int from_spool = 0;               ///< of which came from the spool (moved into the data dir when it had room)
  int without_meta = 0;             ///< of which had lost their .meta.json
  std::vector<std::string> errors;  ///< files that could not be imported (path: reason)
};

/// Imports every body file of `spool` (when given), then of `files`, whose collection has no row;
/// idempotent. A body whose meta file is missing is imported from the body alone: the id from its
/// name, the time from the file, the query from the reply's own "parameters" echo; it is never
/// taken for a cache hit, since what was asked for is not known for sure.
import_report import_file_only_collections(const std::shared_ptr<database>& db, const raw_file_store& files,
                                           const raw_file_store* spool = nullptr);

}  // namespace jobpilot::storage
