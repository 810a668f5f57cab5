// In-process nearest-neighbour index over unit vectors (hnswlib HNSW, inner product), saved as one
// checksummed file next to the database and rebuilt from job_embeddings when missing or stale.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace jobpilot::storage {

/// Not thread-safe: one owner (the deduper) adds and searches. Nothing here throws except the
/// constructor when memory runs out.
class vector_index {
public:
  /// Below this many vectors search() compares with every vector (exact); above, it walks the graph.
  static constexpr std::size_t exact_search_limit = 512;

  /// `dimensions` below 1 are raised to 1.
  explicit vector_index(int dimensions, std::size_t initial_capacity = 1024);
  ~vector_index();
  vector_index(vector_index&&) noexcept;
  vector_index& operator=(vector_index&&) noexcept;
  vector_index(const vector_index&) = delete;
  vector_index& operator=(const vector_index&) = delete;

  /// Adds or (same label) replaces a vector; it is L2-normalised on the way in. Grows as needed.
  /// False when the size differs from dimensions(), a value is not finite, or memory runs out.
  bool add(std::uint64_t label, const std::vector<float>& v);

  /// Up to k (label, cosine similarity) pairs, best first. Empty for k == 0 or a query of other size.
  std::vector<std::pair<std::uint64_t, float>> search(const std::vector<float>& query, std::size_t k) const;

  bool contains(std::uint64_t label) const;
  std::size_t size() const;
  int dimensions() const;

  /// Free text saved with the index (e.g. model name and last job id) so its owner can tell a stale file.
  const std::string& tag() const;
  void set_tag(std::string tag);

  /// Writes a temp file then renames it over `path` (parent folders are created). False + error on failure.
  bool save(const std::string& path, std::string* error) const;

  /// nullptr + error when the file is missing, corrupt (checksum), or of other dimensions.
  static std::unique_ptr<vector_index> load(const std::string& path, int dimensions, std::string* error);

private:
  struct impl;
  explicit vector_index(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::storage
