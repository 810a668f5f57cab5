#include "storage/search_index.hpp"

#include "storage/atomic_file.hpp"
#include "storage/database.hpp"
#include "storage/job_repository.hpp"
#include "storage/vector_index.hpp"

#include <cctype>
#include <filesystem>
#include <sstream>

namespace jobpilot::storage {

search_index::search_index(std::unique_ptr<vector_index> index, std::vector<std::string> ids)
    : index_(std::move(index)), ids_(std::move(ids)) {}

search_index::~search_index() = default;

std::unique_ptr<search_index> search_index::open(job_repository& jobs, const std::string& dir,
                                                 const std::string& model, int dimensions, std::string* note) {
  std::string safe_model;
  for (char c : model) safe_model += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  auto base = std::filesystem::path(dir) / ("search_" + safe_model);
  auto index_path = base.string() + ".hnsw";
  auto ids_path = base.string() + ".ids";
  auto stored = jobs.embedding_count(model);
  std::string err;
  if (auto loaded = vector_index::load(index_path, dimensions, &err)) {
    std::vector<std::string> ids;
    if (auto text = read_whole_file(ids_path)) {
      std::istringstream in(*text);
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) ids.push_back(line);
    }
    if (static_cast<std::int64_t>(loaded->size()) == stored && ids.size() == loaded->size()) {
      if (note) *note = "search index loaded from " + index_path + " (" + std::to_string(ids.size()) + " jobs)";
      return std::unique_ptr<search_index>(new search_index(std::move(loaded), std::move(ids)));
    }
  }
  auto embeddings = jobs.embeddings(model);
  auto index = std::make_unique<vector_index>(dimensions, std::max<std::size_t>(1024, embeddings.size()));
  std::vector<std::string> ids;
  std::string id_text;
  for (auto& e : embeddings) {
    if (static_cast<int>(e.vector.size()) != dimensions) continue;
    index->add(ids.size(), e.vector);
    ids.push_back(e.job_id);
    id_text += e.job_id + "\n";
  }
  std::string save_error;
  try {
    atomic_write_file(ids_path, id_text);
    if (!index->save(index_path, &save_error) && note) save_error = "not saved: " + save_error;
  } catch (const storage_error& e) {
    save_error = e.what();
  }
  if (note)
    *note = "search index rebuilt from the database (" + std::to_string(ids.size()) + " jobs)" +
            (save_error.empty() ? ", saved to " + index_path : "; " + save_error);
  return std::unique_ptr<search_index>(new search_index(std::move(index), std::move(ids)));
}

std::vector<std::pair<std::string, float>> search_index::search(const std::vector<float>& query, std::size_t k) const {
  std::vector<std::pair<std::string, float>> out;
  for (auto& [label, sim] : index_->search(query, k))
    if (label < ids_.size()) out.emplace_back(ids_[label], sim);
  return out;
}

std::size_t search_index::size() const { return ids_.size(); }

}  // namespace jobpilot::storage
