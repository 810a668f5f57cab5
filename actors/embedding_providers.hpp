// Builds the configured embedding provider (local or an OpenAI-compatible endpoint).
#pragma once

#include "config/settings.hpp"
#include "core/embedding_provider.hpp"

#include <memory>
#include <string>

namespace jobpilot::actors {

/// `error` is set (and nullptr returned) when the configuration cannot work, e.g. an
/// openai provider whose key variable is empty for a non-loopback endpoint.
std::unique_ptr<core::embedding_provider> make_embedding_provider(const config::embedder_settings& s,
                                                                  std::string* error);

}  // namespace jobpilot::actors
