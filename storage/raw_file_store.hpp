// The file copy of every raw API reply: data/raw_collections/YYYY/MM/DD/jsearch_<id>.json
// holds the body byte for byte; jsearch_<id>.meta.json beside it holds the seed's
// collection record (query, metadata, status) so a file-only collection can be imported.
#pragma once

#include "core/time_format.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::storage {

class raw_file_store {
public:
  /// The store under <data_dir>/raw_collections.
  explicit raw_file_store(std::filesystem::path data_dir);

  /// The same layout directly under `dir`: the spool a paid reply falls back to when neither the
  /// data dir nor the database can take it (a full disk); the import sweep empties it.
  static raw_file_store spool(std::filesystem::path dir);

  /// Writes the metadata, then the body; both atomically, so a body file always has its metadata
  /// beside it (unless someone deletes it). Returns the body path. Throws storage_error on I/O failure.
  std::filesystem::path write(const std::string& collection_id, core::sys_time when, std::string_view body,
                              const std::string& meta_json) const;

  std::filesystem::path body_path(const std::string& collection_id, core::sys_time when) const;
  static std::filesystem::path meta_path_for(const std::filesystem::path& body_path);

  /// The collection id in a body file's name (jsearch_<id>.json), "" for other names.
  static std::string collection_id_of(const std::filesystem::path& body_path);

  /// Every body file under the store (for the import sweep), sorted.
  std::vector<std::filesystem::path> list_bodies() const;

  const std::filesystem::path& root() const { return root_; }

private:
  struct at_root {};
  raw_file_store(at_root, std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace jobpilot::storage
