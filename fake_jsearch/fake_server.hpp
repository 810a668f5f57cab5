// The fake JSearch server: a service answering on a loopback (or any) HTTP port.
#pragma once

#include "fake_jsearch/service.hpp"
#include "net/http_server.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace jobpilot::fake_jsearch {

class fake_server {
public:
  fake_server(service_options options, net::http_server_options server_options);
  ~fake_server();
  fake_server(const fake_server&) = delete;
  fake_server& operator=(const fake_server&) = delete;

  /// Binds and starts serving; false with `error` set when the port cannot be bound.
  bool start(std::string* error = nullptr);
  /// Stops serving (hanging replies are released). Idempotent.
  void stop();
  std::uint16_t port() const;
  const std::string& host() const;
  /// Counters, quota and corpus of the running service.
  const service& svc() const { return *service_; }

private:
  std::unique_ptr<service> service_;  // declared before server_: the handler points into it
  net::http_server server_;
};

}  // namespace jobpilot::fake_jsearch
