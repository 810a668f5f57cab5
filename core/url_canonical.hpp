// URL validation and canonicalisation for apply links, so that the same posting behind tracking noise compares equal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

/// Canonical form of an http(s) URL, or nullopt when it is not one or is malformed (other scheme, no host,
/// whitespace or control characters, bad port, bad percent-encoding, bad IPv6 literal).
/// Rules: scheme and host lower-cased (a trailing dot on the host dropped); user info, default ports (80/443)
/// and the fragment dropped; "." and ".." path segments resolved; percent-escapes upper-cased, escapes of
/// unreserved characters decoded, bytes that may not appear raw (non-ASCII, '"', '<', '{', ...) escaped;
/// tracking parameters removed (utm_* in any case, gclid, fbclid, msclkid, mc_cid, trk, refId, trackingId,
/// ...: see the .cpp); the remaining query parameters sorted by name (stable, so equal names keep their order);
/// an empty query dropped; path case kept. A trailing "/" of a non-root path is removed: this is an identity key
/// for dedupe ("/job/123/" and "/job/123" are the same posting everywhere we have seen), so store the original
/// link for people to click and use this form to compare.
std::optional<std::string> canonicalize_url(std::string_view url);

/// True when canonicalize_url accepts the URL.
bool is_valid_url(std::string_view url);

}  // namespace jobpilot::core
