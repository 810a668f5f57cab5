// The fake server's OpenAI-compatible POST /v1/embeddings: vectors are core::local_embed, so semantic
// results over HTTP equal the `local` provider's. Pure functions; faults and counters live in service.
#pragma once

#include "net/http_types.hpp"

#include <string_view>

namespace jobpilot::fake_jsearch {

inline constexpr std::string_view embeddings_path = "/v1/embeddings";
inline constexpr int default_embedding_dimensions = 384;
inline constexpr int max_embedding_dimensions = 8192;  ///< larger requests get a 400
inline constexpr std::size_t max_embedding_inputs = 2048;  ///< OpenAI's per-request limit

/// The healthy answer: 200 with one vector per input (dimensions = the request's "dimensions" or 384),
/// 400 with an OpenAI-style error body for bad JSON, a missing model or input, or bad dimensions,
/// 405 for methods other than POST. Never throws.
net::http_response embeddings_response(const net::http_request& request);

/// The server-side failure OpenAI sends (500, 502 or 503; other values give 500), with its error body.
net::http_response embeddings_server_error(int status);

}  // namespace jobpilot::fake_jsearch
