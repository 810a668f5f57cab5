// Blocking HTTP/1.1 client (Beast) with TLS verification, keep-alive and timeouts.
// Meant to be owned by one detached actor or thread; not thread-safe.
#pragma once

#include "net/http_types.hpp"
#include "net/url.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <variant>

namespace jobpilot::net {

struct http_client_options {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};  ///< whole exchange, connect included
  std::string ca_file;                               ///< extra trust anchors (PEM); empty = system store
  std::size_t body_limit = 64 * 1024 * 1024;
  std::string user_agent = "jobpilot-etl/0.1";
};

/// Why an exchange failed. `partial_body` holds whatever body bytes arrived
/// before the failure, so a paid-for response is never thrown away.
struct http_failure {
  enum class kind {
    resolve,     ///< host name lookup failed
    connect,     ///< TCP connect refused/failed or connect timeout
    tls,         ///< handshake or certificate/hostname verification failed
    timeout,     ///< total timeout expired after the request was sent
    truncated,   ///< connection closed before the announced body was complete
    protocol,    ///< malformed HTTP from the peer
    closed,      ///< connection closed before any response byte
    too_large,   ///< body over body_limit
  };
  kind what = kind::protocol;
  std::string message;        ///< human readable; never contains request headers
  bool request_sent = false;  ///< true when the request reached the server (it may have been charged)
  int status = 0;             ///< HTTP status if the header had arrived, else 0
  header_list headers;        ///< response headers if they had arrived
  std::string partial_body;
};

const char* to_string(http_failure::kind k);

using http_result = std::variant<http_response, http_failure>;

class http_client {
public:
  /// `base` gives scheme, host and port; https verifies certificate and host name,
  /// http is accepted for any host (tests use loopback).
  http_client(url base, http_client_options options);
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Sends one request on the kept-alive connection (reconnecting when needed).
  /// Adds Host, User-Agent and Connection headers. Never throws.
  http_result send(const http_request& request);

  const url& base() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::net
