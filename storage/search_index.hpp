// The semantic search index of the loaded jobs: an hnswlib index of job_embeddings,
// persisted next to the database (<data_dir>/search_<model>.hnsw plus an id list) and
// rebuilt from the database when the file is missing or does not match it.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace jobpilot::storage {

class job_repository;
class vector_index;

class search_index {
public:
  /// `note` says whether the index was loaded or rebuilt (for the user).
  static std::unique_ptr<search_index> open(job_repository& jobs, const std::string& dir, const std::string& model,
                                            int dimensions, std::string* note);
  ~search_index();

  /// (enhanced_jobs.id, cosine similarity), best first.
  std::vector<std::pair<std::string, float>> search(const std::vector<float>& query, std::size_t k) const;
  std::size_t size() const;

private:
  search_index(std::unique_ptr<vector_index> index, std::vector<std::string> ids);
  std::unique_ptr<vector_index> index_;
  std::vector<std::string> ids_;  ///< label -> job id
};

}  // namespace jobpilot::storage
