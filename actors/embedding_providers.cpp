#include "actors/embedding_providers.hpp"

#include "core/local_embedding_provider.hpp"
#include "net/openai_embeddings.hpp"

#include <cstdlib>

namespace jobpilot::actors {

std::unique_ptr<core::embedding_provider> make_embedding_provider(const config::embedder_settings& s,
                                                                  std::string* error) {
  if (s.provider == "local")
    return std::make_unique<core::local_embedding_provider>(s.dimensions, static_cast<std::size_t>(s.batch_size));
  if (s.provider == "openai") {
    net::openai_embedding_options o;
    o.base_url = s.base_url;
    o.model = s.model;
    const char* key = std::getenv(s.api_key_env.c_str());
    o.api_key = key ? key : "";
    o.dimensions = s.dimensions;
    o.max_batch = static_cast<std::size_t>(s.batch_size);
    o.timeout = s.timeout;
    return std::make_unique<net::openai_embedding_provider>(o);
  }
  if (error) *error = "embedder.provider must be local or openai (got '" + s.provider + "')";
  return nullptr;
}

}  // namespace jobpilot::actors
