// Small blocking HTTP/1.1 server (Beast), one thread per connection, keep-alive.
// Used by the fake JSearch server and (later) the service's HTTP front.
// The handler may ask for transport faults so tests can exercise the client.
#pragma once

#include "net/http_types.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace jobpilot::net {

/// What the server does on the wire with a reply.
enum class wire_fault {
  none,            ///< send the reply normally
  hang,            ///< read the request, then send nothing until `hang_for` passed or the server stops
  cut,             ///< close the connection without sending anything
  truncate_body,   ///< send headers with the full Content-Length, then only `truncate_at` body bytes, then close
};

struct server_reply {
  http_response response;          ///< status, headers (Content-Length is set by the server), body
  wire_fault fault = wire_fault::none;
  std::chrono::milliseconds delay{0};            ///< wait before replying (latency injection)
  std::chrono::milliseconds hang_for{60'000};    ///< for wire_fault::hang
  std::size_t truncate_at = 0;                   ///< for wire_fault::truncate_body
};

using request_handler = std::function<server_reply(const http_request&)>;

struct http_server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;          ///< 0 picks a free port
  std::size_t max_body = 1024 * 1024;
  std::chrono::milliseconds idle_timeout{30'000};  ///< close idle keep-alive connections; also the time to read a request
  std::uint32_t max_header = 16 * 1024;            ///< larger request headers get 431
  std::size_t max_connections = 1024;              ///< more at once get 503 and are closed
};

class http_server {
public:
  http_server(http_server_options options, request_handler handler);
  ~http_server();  ///< stops and joins every thread
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// Binds and starts accepting; returns false and sets `error` on failure.
  bool start(std::string* error = nullptr);
  /// Stops accepting, wakes hanging replies, closes connections, joins threads. Idempotent.
  void stop();
  /// Port actually bound (after start).
  std::uint16_t port() const;
  const std::string& host() const;
  /// TCP connections accepted so far (lets tests and metrics see keep-alive reuse).
  std::uint64_t connections_accepted() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::net
