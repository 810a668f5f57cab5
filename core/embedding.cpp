#include "core/embedding.hpp"

#include "core/ascii.hpp"

#include <cmath>
#include <string>

namespace jobpilot::core {

void l2_normalize(std::vector<float>& v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (sum <= 0) return;
  auto inv = static_cast<float>(1.0 / std::sqrt(sum));
  for (float& x : v) x *= inv;
}

float dot(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 0.0f;
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return static_cast<float>(s);
}

float cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size() || a.empty()) return 0.0f;
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  if (aa <= 0 || bb <= 0) return 0.0f;
  return static_cast<float>(ab / std::sqrt(aa * bb));
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

namespace {

bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '+' || c == '#'; }

void add_feature(std::vector<float>& v, std::string_view feature, float weight) {
  auto h = fnv1a64(feature);
  auto idx = static_cast<std::size_t>(h % v.size());
  v[idx] += (h >> 63) ? -weight : weight;
}

}  // namespace

std::vector<float> local_embed(std::string_view text, int dimensions) {
  std::vector<float> v(static_cast<std::size_t>(dimensions > 0 ? dimensions : 1), 0.0f);
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ascii_lower(ch));
    if (word_byte(c)) {
      cur += static_cast<char>(c);
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  std::string feature;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    feature.assign("w:").append(w);
    add_feature(v, feature, 1.0f);
    if (i + 1 < words.size()) {
      feature.assign("b:").append(w).append(" ").append(words[i + 1]);
      add_feature(v, feature, 1.0f);
    }
    std::string padded = "^" + w + "$";
    for (std::size_t j = 0; j + 3 <= padded.size(); ++j) {
      feature.assign("c:").append(padded, j, 3);
      add_feature(v, feature, 0.5f);
    }
  }
  l2_normalize(v);
  return v;
}

}  // namespace jobpilot::core
