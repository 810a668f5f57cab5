// Crash-safe file writes: write a temporary file, fsync it, rename it over the
// target, fsync the directory. A reader sees the old file or the new one, never half.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::storage {

/// Creates parent directories as needed. Throws storage_error with the path on failure.
void atomic_write_file(const std::filesystem::path& target, std::string_view bytes);

/// The same, written in pieces (a large file is never held whole in memory): the target appears
/// only on commit(); destroyed without commit, the temporary file is removed.
class atomic_file_writer {
public:
  /// `synced` false: rename without fsync, for a copy the database can rebuild (a process crash still
  /// leaves the old file or the new one; only a machine crash may lose it).
  explicit atomic_file_writer(std::filesystem::path target, bool synced = true);  ///< throws storage_error
  ~atomic_file_writer();
  atomic_file_writer(const atomic_file_writer&) = delete;
  atomic_file_writer& operator=(const atomic_file_writer&) = delete;
  void write(std::string_view bytes);  ///< throws storage_error
  void commit();                       ///< fsync, rename over the target, fsync the directory

private:
  std::filesystem::path target_, tmp_;
  int fd_ = -1;
  bool synced_ = true;
};

/// Whole file as bytes; nullopt when it cannot be read.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace jobpilot::storage
