#include "core/local_embedding_provider.hpp"

#include "core/embedding.hpp"

#include <algorithm>

namespace jobpilot::core {

local_embedding_provider::local_embedding_provider(int dimensions, std::size_t max_batch)
    : dimensions_(std::max(1, dimensions)), max_batch_(std::max<std::size_t>(1, max_batch)) {}

embedding_batch_result local_embedding_provider::embed(const std::vector<std::string>& texts) {
  embedding_batch_result result;
  result.vectors.reserve(texts.size());
  for (const auto& text : texts) result.vectors.push_back(local_embed(text, dimensions_));
  return result;
}

}  // namespace jobpilot::core
