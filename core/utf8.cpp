// UTF-8 validation, following the well-formed byte sequences of Unicode 15, table 3-7.
#include "core/utf8.hpp"

namespace jobpilot::core {
namespace {

bool in(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// Length of the well-formed sequence starting at s[i], or 0 when it is not well formed.
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (in(b0, 0xC2, 0xDF)) {
    len = 2;
  } else if (b0 == 0xE0) {
    len = 3, lo = 0xA0;  // below is overlong
  } else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) {
    len = 3;
  } else if (b0 == 0xED) {
    len = 3, hi = 0x9F;  // above are UTF-16 surrogates
  } else if (b0 == 0xF0) {
    len = 4, lo = 0x90;
  } else if (in(b0, 0xF1, 0xF3)) {
    len = 4;
  } else if (b0 == 0xF4) {
    len = 4, hi = 0x8F;  // above is beyond U+10FFFF
  } else {
    return 0;  // 80..C1 and F5..FF never start a sequence
  }
  if (s.size() - i < len) return 0;
  if (!in(static_cast<unsigned char>(s[i + 1]), lo, hi)) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (!in(static_cast<unsigned char>(s[i + k]), 0x80, 0xBF)) return 0;
  return len;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    // ASCII fast path: JSON bodies are mostly ASCII.
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view s, std::size_t* replaced) {
  std::string out;
  out.reserve(s.size() + 16);
  std::size_t n_replaced = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out += s[i++];
      continue;
    }
    const std::size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++n_replaced;
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  if (replaced) *replaced = n_replaced;
  return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  // Step back over continuation bytes so the cut lands on a sequence start.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

}  // namespace jobpilot::core
