// Embedding provider for any OpenAI-compatible POST /v1/embeddings endpoint (OpenAI, Ollama,
// text-embeddings-inference, the fake server). Owns one http_client: not thread-safe.
#pragma once

#include "core/embedding_provider.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace jobpilot::net {

class http_client;

struct openai_embedding_options {
  std::string base_url;        ///< "https://api.openai.com" or "http://host:port"; a trailing "/v1" is accepted too
  std::string model = "text-embedding-3-small";
  std::string api_key;         ///< sent as "Authorization: Bearer"; empty = no header. Never logged or echoed.
  int dimensions = 0;          ///< expected vector size; 0 = take it from the first good reply, then hold to it
  bool send_dimensions = true; ///< with dimensions > 0, ask for them ("dimensions" field); false for models or
                               ///< servers that reject the field (e.g. text-embedding-ada-002)
  std::size_t max_batch = 64;  ///< texts per request (0 is taken as 1)
  std::chrono::milliseconds timeout{60'000};  ///< per request, connect included
  std::string ca_file;         ///< extra trust anchors (PEM); empty = system store
};

/// No retries here: retry, breaker and fallback belong to the embedder actor.
class openai_embedding_provider final : public core::embedding_provider {
public:
  explicit openai_embedding_provider(openai_embedding_options options);
  ~openai_embedding_provider() override;
  openai_embedding_provider(const openai_embedding_provider&) = delete;
  openai_embedding_provider& operator=(const openai_embedding_provider&) = delete;

  std::string model() const override { return options_.model; }
  int dimensions() const override { return dimensions_; }
  std::size_t max_batch() const override { return options_.max_batch; }

  /// Splits `texts` into requests of at most max_batch texts, in order. Any failed request fails the
  /// whole call (error names the HTTP status and the server's message, or the transport failure).
  /// Vectors are checked (count, size, finite) and L2-normalised. Never throws.
  core::embedding_batch_result embed(const std::vector<std::string>& texts) override;

private:
  std::string request_chunk(const std::vector<std::string>& texts, std::size_t begin, std::size_t end,
                            std::vector<std::vector<float>>& out);
  std::string scrub(std::string text) const;

  openai_embedding_options options_;
  int dimensions_ = 0;
  std::string target_;                    ///< request target relative to the client's base URL
  std::string setup_error_;               ///< non-empty when base_url was unusable
  std::unique_ptr<http_client> client_;
};

}  // namespace jobpilot::net
