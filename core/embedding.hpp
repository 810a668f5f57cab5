// Embedding math and the built-in `local` embedding: feature-hashed word and character
// n-grams, L2-normalised. Deterministic, no network, no model files.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace jobpilot::core {

/// Scales to unit length (a zero vector stays zero).
void l2_normalize(std::vector<float>& v);

float dot(const std::vector<float>& a, const std::vector<float>& b);

/// Cosine similarity; 0 when either vector is zero or the sizes differ.
float cosine(const std::vector<float>& a, const std::vector<float>& b);

/// The `local` provider's vector of `text`: word unigrams and bigrams plus character
/// trigrams of each word, hashed (FNV-1a, signed) into `dimensions` buckets, L2-normalised.
/// Case-insensitive for ASCII; other bytes are kept as they are.
std::vector<float> local_embed(std::string_view text, int dimensions);

/// 64-bit FNV-1a, the hash of the feature hashing (stable across platforms and runs).
std::uint64_t fnv1a64(std::string_view bytes);

}  // namespace jobpilot::core
