// The embedding provider interface (local hashing, OpenAI-compatible HTTP, ...); no I/O here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace jobpilot::core {

struct embedding_batch_result {
  std::vector<std::vector<float>> vectors;  ///< one unit-length vector per input text, in input order
  std::string error;                        ///< non-empty = the whole batch failed (and `vectors` is empty)
  bool ok() const { return error.empty(); }
};

/// Turns texts into unit-length vectors. Implementations return failures as values, never throw,
/// and are not required to be thread-safe (one provider per embedder actor).
class embedding_provider {
public:
  virtual ~embedding_provider() = default;
  /// Model name stored next to each vector, so vectors of different models are never compared.
  virtual std::string model() const = 0;
  /// Vector size; a provider that learns it from its server may report 0 before its first success.
  virtual int dimensions() const = 0;
  /// Texts one underlying request carries; embed() accepts more and splits them itself.
  virtual std::size_t max_batch() const = 0;
  virtual embedding_batch_result embed(const std::vector<std::string>& texts) = 0;
};

}  // namespace jobpilot::core
