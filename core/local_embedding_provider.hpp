// The `local` embedding provider: core::local_embed behind the provider interface (no network, never fails).
#pragma once

#include "core/embedding_provider.hpp"

namespace jobpilot::core {

class local_embedding_provider final : public embedding_provider {
public:
  static constexpr const char* model_name = "local-hash-v1";
  static constexpr int default_dimensions = 384;

  /// `dimensions` below 1 are raised to 1.
  explicit local_embedding_provider(int dimensions = default_dimensions, std::size_t max_batch = 256);

  std::string model() const override { return model_name; }
  int dimensions() const override { return dimensions_; }
  std::size_t max_batch() const override { return max_batch_; }
  embedding_batch_result embed(const std::vector<std::string>& texts) override;

private:
  int dimensions_;
  std::size_t max_batch_;
};

}  // namespace jobpilot::core
