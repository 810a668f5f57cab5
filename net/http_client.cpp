// Blocking HTTP/1.1 client on Beast. Every step is an async op on a private
// io_context with a deadline, so the blocking API still honours its timeouts.
#include "net/http_client.hpp"

#include "core/ascii.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <poll.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace jobpilot::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using beast::error_code;

const char* to_string(http_failure::kind k) {
  switch (k) {
    case http_failure::kind::resolve: return "resolve";
    case http_failure::kind::connect: return "connect";
    case http_failure::kind::tls: return "tls";
    case http_failure::kind::timeout: return "timeout";
    case http_failure::kind::truncated: return "truncated";
    case http_failure::kind::protocol: return "protocol";
    case http_failure::kind::closed: return "closed";
    case http_failure::kind::too_large: return "too_large";
  }
  return "unknown";
}

namespace {

constexpr std::size_t header_limit = 64 * 1024;

long long ms_of(steady::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

http_failure make_failure(http_failure::kind what, std::string message, bool request_sent) {
  http_failure f;
  f.what = what;
  f.message = std::move(message);
  f.request_sent = request_sent;
  return f;
}

// The peer went away: plain EOF, reset, or a TLS peer closing without close_notify.
bool is_peer_closed(const error_code& ec) {
  return ec == asio::error::eof || ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == asio::error::connection_reset || ec == asio::error::connection_aborted ||
         ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated;
}

// Beast's HTTP parser errors (as opposed to socket or TLS errors).
bool is_http_error(const error_code& ec) {
  return ec.category() == make_error_code(http::error::body_limit).category();
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// asio's host_name_verification rejects a mismatch without recording why;
// record it so the failure message can say "hostname mismatch".
struct verify_host {
  ssl::host_name_verification check;
  bool ip;
  bool operator()(bool preverified, ssl::verify_context& ctx) const {
    if (check(preverified, ctx)) return true;
    if (preverified)
      X509_STORE_CTX_set_error(ctx.native_handle(),
                               ip ? X509_V_ERR_IP_ADDRESS_MISMATCH : X509_V_ERR_HOSTNAME_MISMATCH);
    return false;
  }
};

// The Host header leaves out the scheme's default port, like browsers do.
std::string host_header(const url& u) {
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  const std::uint16_t default_port = u.is_https() ? 443 : 80;
  if (u.port != default_port) host += ":" + std::to_string(u.port);
  return host;
}

bool is_managed_header(const std::string& name) {
  return core::iequals(name, "Host") || core::iequals(name, "User-Agent") || core::iequals(name, "Connection") ||
         core::iequals(name, "Content-Length") || core::iequals(name, "Transfer-Encoding");
}

}  // namespace

struct http_client::impl {
  url base;
  http_client_options options;
  std::string peer;  // "host:port" for messages
  asio::io_context ioc;
  std::unique_ptr<ssl::context> tls_ctx;
  std::string tls_ctx_error;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  struct outcome {
    http_result result;
  };

  impl(url b, http_client_options o) : base(std::move(b)), options(std::move(o)), peer(base.host_port()) {
    if (base.is_https()) make_tls_context();
  }

  ~impl() { drop(); }

  void make_tls_context() {
    try {
      auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
      ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
      ctx->set_default_verify_paths();
      if (!options.ca_file.empty()) ctx->load_verify_file(options.ca_file);
      ctx->set_verify_mode(ssl::verify_peer);
      tls_ctx = std::move(ctx);
    } catch (const std::exception& e) {
      tls_ctx_error = "could not set up TLS trust store";
      if (!options.ca_file.empty()) tls_ctx_error += " with CA file " + options.ca_file;
      tls_ctx_error += std::string(": ") + e.what();
    }
  }

  beast::tcp_stream* lowest() {
    if (secure) return &beast::get_lowest_layer(*secure);
    return plain.get();
  }

  bool connected() {
    auto* s = lowest();
    return s != nullptr && s->socket().is_open();
  }

  void drop() {
    if (auto* s = lowest()) {
      error_code ec;
      s->socket().shutdown(tcp::socket::shutdown_both, ec);
      s->socket().close(ec);
    }
    secure.reset();
    plain.reset();
    buffer.consume(buffer.size());
  }

  void run() {
    ioc.restart();
    ioc.run();
  }

  // A kept-alive socket that is readable while idle was closed (or sent junk).
  bool idle_connection_unusable() {
    if (buffer.size() > 0) return true;
    pollfd p{};
    p.fd = lowest()->socket().native_handle();
    p.events = POLLIN;
    return ::poll(&p, 1, 0) != 0;
  }

  std::optional<http_failure> connect(steady::time_point deadline) {
    drop();
    if (base.is_https() && !tls_ctx) return make_failure(http_failure::kind::tls, tls_ctx_error, false);
    const auto now = steady::now();
    const auto connect_deadline = std::min(now + options.connect_timeout, deadline);
    const long long connect_ms = std::max(0LL, ms_of(connect_deadline - now));

    std::vector<tcp::endpoint> endpoints;
    error_code ec;
    const auto address = asio::ip::make_address(base.host, ec);
    if (!ec) {
      endpoints.emplace_back(address, base.port);
    } else {
      tcp::resolver resolver(ioc);
      asio::steady_timer timer(ioc);
      bool timed_out = false;
      error_code resolve_ec;
      timer.expires_at(connect_deadline);
      timer.async_wait([&](error_code e) {
        if (!e) {
          timed_out = true;
          resolver.cancel();
        }
      });
      resolver.async_resolve(base.host, std::to_string(base.port), tcp::resolver::numeric_service,
                             [&](error_code e, const tcp::resolver::results_type& results) {
                               resolve_ec = e;
                               for (const auto& entry : results) endpoints.push_back(entry.endpoint());
                               timer.cancel();
                             });
      run();
      if (resolve_ec || endpoints.empty()) {
        if (timed_out)
          return make_failure(http_failure::kind::resolve,
                              "timed out after " + std::to_string(connect_ms) + " ms resolving host " + base.host,
                              false);
        return make_failure(http_failure::kind::resolve,
                            "could not resolve host " + base.host + ": " +
                                (resolve_ec ? resolve_ec.message() : std::string("no addresses")),
                            false);
      }
    }

    auto stream = std::make_unique<beast::tcp_stream>(ioc);
    stream->expires_at(connect_deadline);
    error_code connect_ec;
    stream->async_connect(endpoints, [&](error_code e, const tcp::endpoint&) { connect_ec = e; });
    run();
    if (connect_ec) {
      std::string message;
      if (connect_ec == beast::error::timeout)
        message = "timed out after " + std::to_string(connect_ms) + " ms connecting to " + peer;
      else if (connect_ec == asio::error::connection_refused)
        message = "connection refused by " + peer;
      else
        message = "could not connect to " + peer + ": " + connect_ec.message();
      return make_failure(http_failure::kind::connect, std::move(message), false);
    }
    stream->socket().set_option(tcp::no_delay(true), ec);

    if (!base.is_https()) {
      plain = std::move(stream);
      return std::nullopt;
    }
    return handshake(std::move(stream), deadline);
  }

  std::optional<http_failure> handshake(std::unique_ptr<beast::tcp_stream> stream, steady::time_point deadline) {
    if (!tls_ctx) return make_failure(http_failure::kind::tls, tls_ctx_error, false);
    auto tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(*stream), *tls_ctx);
    const bool ip = is_ip_literal(base.host);
    // SNI must not carry an IP literal (RFC 6066).
    if (!ip && SSL_set_tlsext_host_name(tls->native_handle(), base.host.c_str()) != 1)
      return make_failure(http_failure::kind::tls, "could not set TLS server name " + base.host, false);
    tls->set_verify_mode(ssl::verify_peer);
    tls->set_verify_callback(verify_host{ssl::host_name_verification(base.host), ip});

    const auto now = steady::now();
    beast::get_lowest_layer(*tls).expires_at(deadline);
    error_code ec;
    tls->async_handshake(ssl::stream_base::client, [&](error_code e) { ec = e; });
    run();
    if (ec) {
      const long verify = SSL_get_verify_result(tls->native_handle());
      std::string message;
      if (verify != X509_V_OK)
        message = "TLS certificate verification failed for host " + base.host + ": " +
                  X509_verify_cert_error_string(verify);
      else if (ec == beast::error::timeout)
        message = "timed out after " + std::to_string(std::max(0LL, ms_of(deadline - now))) +
                  " ms during the TLS handshake with " + peer;
      else
        message = "TLS handshake with " + peer + " failed: " + ec.message();
      error_code ignored;
      beast::get_lowest_layer(*tls).socket().close(ignored);
      return make_failure(http_failure::kind::tls, std::move(message), false);
    }
    secure = std::move(tls);
    return std::nullopt;
  }

  template <class Stream>
  outcome exchange(Stream& stream, http::request<http::string_body>& req, steady::time_point start,
                   steady::time_point deadline) {
    lowest()->expires_at(deadline);
    error_code write_ec;
    std::size_t written = 0;
    http::async_write(stream, req, [&](error_code e, std::size_t n) {
      write_ec = e;
      written = n;
    });
    run();
    if (write_ec) {
      drop();
      if (write_ec == beast::error::timeout)
        return {make_failure(http_failure::kind::timeout,
                             "timed out after " + std::to_string(options.total_timeout.count()) +
                                 " ms sending the request to " + peer,
                             written > 0)};
      return {make_failure(http_failure::kind::closed,
                           "connection to " + peer + " failed while sending the request: " + write_ec.message(),
                           written > 0)};
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(header_limit);
    if (req.method() == http::verb::head) parser.skip(true);
    error_code read_ec;
    http::async_read(stream, buffer, parser, [&](error_code e, std::size_t) { read_ec = e; });
    run();

    auto& msg = parser.get();
    if (!read_ec) {
      http_response response;
      response.status = static_cast<int>(msg.result_int());
      for (const auto& field : msg) response.headers.emplace_back(field.name_string(), field.value());
      response.body = std::move(msg.body());
      response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start);
      if (!msg.keep_alive()) drop();
      return {std::move(response)};
    }

    const bool any_byte = parser.got_some() || buffer.size() > 0;
    const bool header_done = parser.is_header_done();
    http_failure f;
    f.request_sent = true;
    if (header_done) {
      f.status = static_cast<int>(msg.result_int());
      for (const auto& field : msg) f.headers.emplace_back(field.name_string(), field.value());
      f.partial_body = std::move(msg.body());
    }
    if (read_ec == beast::error::timeout) {
      f.what = http_failure::kind::timeout;
      f.message = "timed out after " + std::to_string(options.total_timeout.count()) +
                  " ms waiting for the response from " + peer;
    } else if (read_ec == http::error::body_limit) {
      f.what = http_failure::kind::too_large;
      f.message = "response body from " + peer + " exceeds the limit of " + std::to_string(options.body_limit) +
                  " bytes";
    } else if (read_ec == http::error::header_limit) {
      f.what = http_failure::kind::too_large;
      f.message = "response header from " + peer + " exceeds " + std::to_string(header_limit) + " bytes";
    } else if (header_done && (is_peer_closed(read_ec) || !is_http_error(read_ec))) {
      f.what = http_failure::kind::truncated;
      f.message = "connection to " + peer + " closed after " + std::to_string(f.partial_body.size());
      if (const auto length = parser.content_length()) f.message += " of " + std::to_string(*length);
      f.message += " body bytes (" + read_ec.message() + ")";
    } else if (!any_byte && is_peer_closed(read_ec)) {
      f.what = http_failure::kind::closed;
      f.message = "connection closed by " + peer + " before any response byte (" + read_ec.message() + ")";
    } else if (is_peer_closed(read_ec)) {
      f.what = http_failure::kind::protocol;
      f.message = "connection closed by " + peer + " in the middle of the response header";
    } else if (is_http_error(read_ec)) {
      f.what = http_failure::kind::protocol;
      f.message = "malformed HTTP response from " + peer + ": " + read_ec.message();
    } else {
      f.what = any_byte ? http_failure::kind::protocol : http_failure::kind::closed;
      f.message = "reading the response from " + peer + " failed: " + read_ec.message();
    }
    drop();
    return {std::move(f)};
  }

  http_result send(const http_request& request) {
    const auto start = steady::now();
    const auto deadline = start + options.total_timeout;
    if (request.method.empty()) return make_failure(http_failure::kind::protocol, "empty HTTP method", false);

    http::request<http::string_body> req;
    const auto verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown)
      req.method_string(request.method);
    else
      req.method(verb);
    std::string target = request.target;
    if (target.empty() || target.front() != '/') target.insert(target.begin(), '/');
    req.target(base.path + target);
    req.version(11);
    for (const auto& [name, value] : request.headers)
      if (!is_managed_header(name)) req.insert(name, value);
    req.set(http::field::host, host_header(base));
    req.set(http::field::user_agent, options.user_agent);
    req.set(http::field::connection, "keep-alive");
    req.body() = request.body;
    req.prepare_payload();

    // A kept-alive connection the server closed while idle is noticed here and replaced. One that
    // closes after the request went out is reported, never resent silently: the server may have
    // served (and charged) it, so the caller decides, and counts it.
    if (connected() && idle_connection_unusable()) drop();
    if (!connected())
      if (auto failure = connect(deadline)) return std::move(*failure);
    auto result = secure ? exchange(*secure, req, start, deadline) : exchange(*plain, req, start, deadline);
    return std::move(result.result);
  }
};

http_client::http_client(url base, http_client_options options)
    : impl_(std::make_unique<impl>(std::move(base), std::move(options))) {}

http_client::~http_client() = default;

http_result http_client::send(const http_request& request) {
  try {
    return impl_->send(request);
  } catch (const std::exception& e) {
    impl_->drop();
    return make_failure(http_failure::kind::protocol, std::string("internal HTTP client error: ") + e.what(), false);
  }
}

const url& http_client::base() const { return impl_->base; }

}  // namespace jobpilot::net
