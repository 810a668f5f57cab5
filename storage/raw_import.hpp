// The recovery sweep for paid replies that reached the file store but not the database
// (the database was down when they arrived): each such file becomes its raw collection row.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {

class database;
class raw_file_store;

struct import_report {
  int imported = 0;
  std::vector<std::string> errors;  ///< files that could not be imported (path: reason)
};

/// Imports every body file whose collection id has no row; idempotent.
import_report import_file_only_collections(const std::shared_ptr<database>& db, const raw_file_store& files);

}  // namespace jobpilot::storage
