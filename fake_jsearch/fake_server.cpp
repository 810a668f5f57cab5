// Glue between the pure service and the Beast server.
#include "fake_jsearch/fake_server.hpp"

namespace jobpilot::fake_jsearch {

fake_server::fake_server(service_options options, net::http_server_options server_options)
    : service_(std::make_unique<service>(std::move(options))),
      server_(std::move(server_options), [s = service_.get()](const net::http_request& r) { return s->handle(r); }) {}

fake_server::~fake_server() { server_.stop(); }

bool fake_server::start(std::string* error) { return server_.start(error); }

void fake_server::stop() { server_.stop(); }

std::uint16_t fake_server::port() const { return server_.port(); }

const std::string& fake_server::host() const { return server_.host(); }

}  // namespace jobpilot::fake_jsearch
