// UTF-8 validation (strict: no overlong forms, no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jobpilot::core {

// Offset of the first byte of the first invalid (or cut-off) sequence, or npos when valid.
std::size_t find_invalid_utf8(std::string_view s) noexcept;

inline bool is_valid_utf8(std::string_view s) noexcept { return find_invalid_utf8(s) == std::string_view::npos; }

// A copy with every byte that is not part of a well-formed sequence replaced by U+FFFD (the
// replacement character); well-formed text comes back unchanged. `replaced` (optional) counts them.
std::string repair_utf8(std::string_view s, std::size_t* replaced = nullptr);

// Longest prefix of s (at most max_bytes) that does not cut a multi-byte sequence in two.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept;

}  // namespace jobpilot::core
