// API keys travel in request headers, so a key may go over plain http only to this machine (the
// fake server, a local embedding server); anything else must be https.
#pragma once

#include <string>
#include <string_view>

namespace jobpilot::core {

/// 127.0.0.0/8, ::1 or localhost.
bool is_loopback_host(std::string_view host);

/// Empty when `url` is https, or http to a loopback host; else why it is refused.
std::string plain_http_refusal(std::string_view url);

}  // namespace jobpilot::core
