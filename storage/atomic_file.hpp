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

/// Whole file as bytes; nullopt when it cannot be read.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace jobpilot::storage
