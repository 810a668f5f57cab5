// TLS and raw-wire tests for net/http_client.hpp: certificate and host-name
// verification against a throwaway self-signed certificate, and malformed HTTP.
#include "net/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <variant>

#include <stdlib.h>

using namespace jobpilot::net;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

// A self-signed certificate for DNS:localhost only, made once per test run.
struct test_certificate {
  std::filesystem::path dir;
  std::string cert;
  std::string key;
  bool ok = false;

  test_certificate() {
    std::string pattern = (std::filesystem::temp_directory_path() / "jobpilot_tls_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    cert = (dir / "cert.pem").string();
    key = (dir / "key.pem").string();
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -keyout '" + key + "' -out '" + cert +
                                "' -subj /CN=localhost -addext subjectAltName=DNS:localhost -days 1 >/dev/null 2>&1";
    ok = std::system(command.c_str()) == 0 && std::filesystem::exists(cert) && std::filesystem::exists(key);
  }

  ~test_certificate() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

const test_certificate& certificate() {
  static const test_certificate instance;
  REQUIRE(instance.ok);  // needs the openssl CLI
  return instance;
}

// Accepts connections on 127.0.0.1 one at a time on a thread until destroyed.
class sync_test_server {
public:
  explicit sync_test_server(std::function<void(tcp::socket&)> serve) : serve_(std::move(serve)) {
    acceptor_.open(tcp::v4());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { loop(); });
  }

  ~sync_test_server() {
    stop_ = true;
    beast::error_code ec;
    tcp::socket poke(ioc_);  // wakes the blocking accept
    poke.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
    poke.close(ec);
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_; }

private:
  void loop() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      ++connections_;
      serve_(socket);
      socket.close(ec);
    }
  }

  std::function<void(tcp::socket&)> serve_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Serves keep-alive HTTPS requests with "tls ok <target>" until the client leaves.
std::function<void(tcp::socket&)> tls_echo(ssl::context& ctx) {
  return [&ctx](tcp::socket& socket) {
    beast::ssl_stream<tcp::socket&> stream(socket, ctx);
    beast::error_code ec;
    stream.handshake(ssl::stream_base::server, ec);
    if (ec) return;  // the client rejected our certificate
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request<bhttp::string_body> req;
      bhttp::read(stream, buffer, req, ec);
      if (ec) return;
      bhttp::response<bhttp::string_body> res{bhttp::status::ok, req.version()};
      res.set(bhttp::field::content_type, "text/plain");
      res.body() = "tls ok " + std::string(req.target());
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      bhttp::write(stream, res, ec);
      if (ec || !res.keep_alive()) return;
    }
  };
}

struct tls_fixture {
  ssl::context ctx{ssl::context::tls_server};
  std::unique_ptr<sync_test_server> server;

  tls_fixture() {
    const auto& cert = certificate();
    ctx.use_certificate_chain_file(cert.cert);
    ctx.use_private_key_file(cert.key, ssl::context::pem);
    server = std::make_unique<sync_test_server>(tls_echo(ctx));
  }

  url base(const std::string& host) const {
    auto u = parse_url("https://" + host + ":" + std::to_string(server->port()));
    REQUIRE(u);
    return *u;
  }
};

http_client_options tls_options(const std::string& ca_file) {
  http_client_options options;
  options.connect_timeout = 2000ms;
  options.total_timeout = 3000ms;
  options.ca_file = ca_file;
  return options;
}

http_failure failed(const http_result& result) {
  REQUIRE(std::holds_alternative<http_failure>(result));
  return std::get<http_failure>(result);
}

}  // namespace

TEST_CASE("net: https to localhost verifies against the given CA and keeps the connection", "[net][tls]") {
  tls_fixture fixture;
  http_client client(fixture.base("localhost"), tls_options(certificate().cert));
  for (const std::string target : {"/first", "/second?x=1"}) {
    http_request request;
    request.target = target;
    const auto result = client.send(request);
    if (const auto* f = std::get_if<http_failure>(&result)) FAIL("unexpected failure: " << f->message);
    const auto& response = std::get<http_response>(result);
    CHECK(response.status == 200);
    CHECK(response.body == "tls ok " + target);
  }
  CHECK(fixture.server->connections() == 1);
}

TEST_CASE("net: https without the CA fails certificate verification", "[net][tls]") {
  tls_fixture fixture;
  http_client client(fixture.base("localhost"), tls_options(""));
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::tls);
  CHECK_FALSE(f.request_sent);
  CHECK(f.message.rfind("TLS certificate verification failed for host localhost: ", 0) == 0);
}

TEST_CASE("net: https to a host name the certificate does not cover fails", "[net][tls]") {
  tls_fixture fixture;
  http_client client(fixture.base("127.0.0.1"), tls_options(certificate().cert));
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::tls);
  CHECK_FALSE(f.request_sent);
  CHECK(f.message == "TLS certificate verification failed for host 127.0.0.1: IP address mismatch");
}

TEST_CASE("net: an unreadable CA file is a tls failure before connecting", "[net][tls]") {
  auto base = parse_url("https://localhost:1");
  REQUIRE(base);
  http_client client(*base, tls_options("/nonexistent/jobpilot-ca.pem"));
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::tls);
  CHECK_FALSE(f.request_sent);
  CHECK(f.message.find("/nonexistent/jobpilot-ca.pem") != std::string::npos);
}

TEST_CASE("net: a non-HTTP reply is a protocol failure", "[net][http]") {
  sync_test_server server([](tcp::socket& socket) {
    asio::streambuf request;
    beast::error_code ec;
    asio::read_until(socket, request, "\r\n\r\n", ec);
    asio::write(socket, asio::buffer(std::string("HELLO THERE\r\n\r\n")), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  });
  auto base = parse_url("http://127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(base);
  http_client client(*base, tls_options(""));
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::protocol);
  CHECK(f.request_sent);
  CHECK(f.status == 0);
}

TEST_CASE("net: a reply cut in the middle of the header is a protocol failure", "[net][http]") {
  sync_test_server server([](tcp::socket& socket) {
    asio::streambuf request;
    beast::error_code ec;
    asio::read_until(socket, request, "\r\n\r\n", ec);
    asio::write(socket, asio::buffer(std::string("HTTP/1.1 200 OK\r\nContent-Le")), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  });
  auto base = parse_url("http://127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(base);
  http_client client(*base, tls_options(""));
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::protocol);
  CHECK(f.request_sent);
  CHECK(f.message.find("in the middle of the response header") != std::string::npos);
}
