// Thread-per-connection HTTP/1.1 server on Beast. Each thread owns an io_context
// and runs it only around its own reads and writes, so stop() can interrupt a
// blocked read by posting a close to that context.
#include "net/http_server.hpp"

#include "core/ascii.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <utility>

namespace jobpilot::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using beast::error_code;

namespace {

void run(asio::io_context& ioc) {
  ioc.restart();
  ioc.run();
}

bool has_no_body(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

bool asks_to_close(const header_list& headers) {
  const auto* value = find_header(headers, "Connection");
  return value != nullptr && core::to_lower(*value).find("close") != std::string::npos;
}

http_request to_request(http::request<http::string_body>& req) {
  http_request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) out.headers.emplace_back(field.name_string(), field.value());
  out.body = std::move(req.body());
  return out;
}

server_reply error_reply(int status, const char* message) {
  server_reply reply;
  reply.response.status = status;
  reply.response.headers.emplace_back("Connection", "close");
  reply.response.body = std::string("{\"error\":\"") + message + "\"}";
  return reply;
}

}  // namespace

struct http_server::impl {
  struct connection {
    asio::io_context ioc;
    std::unique_ptr<beast::tcp_stream> stream;
    std::thread thread;
    std::atomic<bool> done{false};

    void close() {
      if (!stream) return;
      error_code ec;
      stream->socket().shutdown(tcp::socket::shutdown_both, ec);
      stream->socket().close(ec);
    }
  };

  http_server_options options;
  request_handler handler;

  asio::io_context accept_ioc;
  tcp::acceptor acceptor{accept_ioc};
  asio::steady_timer retry_timer{accept_ioc};
  std::thread accept_thread;
  std::uint16_t bound_port = 0;
  std::atomic<std::uint64_t> accepted{0};

  std::mutex stop_mu;  // serialises start() and stop()
  bool started = false;

  std::mutex mu;  // guards stopping and conns; paired with cv
  std::condition_variable cv;
  std::atomic<bool> stopping{false};
  std::list<std::shared_ptr<connection>> conns;

  impl(http_server_options o, request_handler h) : options(std::move(o)), handler(std::move(h)) {}

  bool start(std::string* error) {
    std::lock_guard<std::mutex> guard(stop_mu);
    auto fail = [&](const std::string& message) {
      if (error) *error = message;
      error_code ignored;
      acceptor.close(ignored);
      return false;
    };
    if (started) return fail("server already started");
    const std::string where = options.host + ":" + std::to_string(options.port);

    error_code ec;
    tcp::endpoint endpoint;
    const auto address = asio::ip::make_address(options.host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(address, options.port);
    } else {
      tcp::resolver resolver(accept_ioc);
      const auto results = resolver.resolve(options.host, std::to_string(options.port),
                                            tcp::resolver::numeric_service, ec);
      if (ec || results.empty())
        return fail("could not resolve " + options.host + ": " + (ec ? ec.message() : std::string("no address")));
      endpoint = results.begin()->endpoint();
    }
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail("could not listen on " + where + ": " + ec.message());
    bound_port = acceptor.local_endpoint(ec).port();
    if (ec) return fail("could not read the bound port: " + ec.message());

    started = true;
    accept_next();
    accept_thread = std::thread([this] { run(accept_ioc); });
    return true;
  }

  void stop() {
    std::lock_guard<std::mutex> guard(stop_mu);
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    cv.notify_all();
    if (accept_thread.joinable()) {
      asio::post(accept_ioc, [this] {
        error_code ignored;
        acceptor.close(ignored);
        retry_timer.cancel();
      });
      accept_thread.join();
    }
    std::list<std::shared_ptr<connection>> all;
    {
      std::lock_guard<std::mutex> lock(mu);
      all.swap(conns);
    }
    // A raw pointer: the posted handler must not keep its own io_context alive.
    for (auto& c : all) asio::post(c->ioc, [p = c.get()] { p->close(); });
    for (auto& c : all)
      if (c->thread.joinable()) c->thread.join();
  }

  void accept_next() {
    auto conn = std::make_shared<connection>();
    acceptor.async_accept(conn->ioc, [this, conn](error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open() || stopping) return;
      if (ec) {  // e.g. out of file descriptors: back off instead of spinning
        retry_timer.expires_after(std::chrono::milliseconds(50));
        retry_timer.async_wait([this](error_code e) {
          if (!e && !stopping) accept_next();
        });
        return;
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        if (stopping) return;
        reap_finished();
        conn->stream = std::make_unique<beast::tcp_stream>(std::move(socket));
        if (conns.size() >= options.max_connections) {
          // Over the limit: say so and close, rather than letting threads grow without bound.
          write_error(*conn, 503, "too many connections", 11);
          conn->close();
          accept_next();
          return;
        }
        ++accepted;  // before the thread starts, so a finished exchange is always counted
        try {
          conn->thread = std::thread([this, c = conn.get()] { serve(*c); });
          conns.push_back(conn);
        } catch (const std::system_error&) {
          conn->close();  // no thread for it: refuse the connection
        }
      }
      accept_next();
    });
  }

  // Caller holds mu.
  void reap_finished() {
    for (auto it = conns.begin(); it != conns.end();) {
      if ((*it)->done) {
        if ((*it)->thread.joinable()) (*it)->thread.join();
        it = conns.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Sleeps for `d` unless the server stops first; false when stopping.
  bool wait_unless_stopped(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(mu);
    return !cv.wait_for(lock, d, [this] { return stopping.load(); });
  }

  server_reply call_handler(const http_request& request) {
    try {
      return handler(request);
    } catch (...) {
      return error_reply(500, "internal server error");
    }
  }

  static http::response<http::string_body> to_response(server_reply& reply, bool request_keep_alive,
                                                         unsigned version, bool head) {
    http::response<http::string_body> res;
    int status = reply.response.status;
    if (status < 100 || status > 999) status = 500;
    res.result(static_cast<unsigned>(status));
    res.version(version);
    for (const auto& [name, value] : reply.response.headers)
      if (!core::iequals(name, "Content-Length") && !core::iequals(name, "Transfer-Encoding"))
        res.insert(name, value);
    if (res.find(http::field::content_type) == res.end()) res.set(http::field::content_type, "application/json");
    res.keep_alive(request_keep_alive && !asks_to_close(reply.response.headers));
    if (has_no_body(status)) {
      reply.response.body.clear();
    } else {
      res.content_length(reply.response.body.size());
    }
    if (!head) res.body() = std::move(reply.response.body);
    return res;
  }

  // Returns true when the connection may serve another request.
  bool reply_to(connection& c, server_reply& reply, const http::request<http::string_body>& req) {
    auto& stream = *c.stream;
    if (reply.delay.count() > 0 && !wait_unless_stopped(reply.delay)) return false;
    switch (reply.fault) {
      case wire_fault::cut:
        return false;
      case wire_fault::hang:
        wait_unless_stopped(reply.hang_for);
        return false;
      case wire_fault::truncate_body: {
        auto res = to_response(reply, false, req.version(), false);
        res.content_length(res.body().size());
        http::response_serializer<http::string_body> serializer{res};
        error_code ec;
        stream.expires_after(options.idle_timeout);
        http::async_write_header(stream, serializer, [&](error_code e, std::size_t) { ec = e; });
        run(c.ioc);
        const std::size_t n = std::min(reply.truncate_at, res.body().size());
        if (!ec && n > 0) {
          asio::async_write(stream, asio::buffer(res.body().data(), n), [&](error_code e, std::size_t) { ec = e; });
          run(c.ioc);
        }
        return false;
      }
      case wire_fault::none:
        break;
    }
    auto res = to_response(reply, req.keep_alive(), req.version(), req.method() == http::verb::head);
    const bool keep = res.keep_alive();
    error_code ec;
    stream.expires_after(options.idle_timeout);
    http::async_write(stream, res, [&](error_code e, std::size_t) { ec = e; });
    run(c.ioc);
    return !ec && keep;
  }

  void write_error(connection& c, int status, const char* message, unsigned version) {
    auto reply = error_reply(status, message);
    auto res = to_response(reply, false, version, false);
    error_code ec;
    c.stream->expires_after(options.idle_timeout);
    http::async_write(*c.stream, res, [&](error_code e, std::size_t) { ec = e; });
    run(c.ioc);
  }

  void serve(connection& c) {
    beast::flat_buffer buffer;
    while (!stopping) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body);
      parser.header_limit(options.max_header);
      error_code ec;
      c.stream->expires_after(options.idle_timeout);
      http::async_read(*c.stream, buffer, parser, [&](error_code e, std::size_t) { ec = e; });
      run(c.ioc);
      if (ec) {
        if (ec == http::error::body_limit)
          write_error(c, 413, "request body too large", 11);
        else if (ec == http::error::header_limit)
          write_error(c, 431, "request header fields too large", 11);
        else if (ec.category() == make_error_code(http::error::body_limit).category() && ec != http::error::end_of_stream &&
                 ec != http::error::partial_message)
          write_error(c, 400, "malformed request", 11);
        break;
      }
      auto& req = parser.get();
      auto reply = call_handler(to_request(req));
      if (!reply_to(c, reply, req)) break;
    }
    error_code ignored;
    c.stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
    c.close();
    c.done = true;
  }
};

http_server::http_server(http_server_options options, request_handler handler)
    : impl_(std::make_unique<impl>(std::move(options), std::move(handler))) {}

http_server::~http_server() { stop(); }

bool http_server::start(std::string* error) { return impl_->start(error); }

void http_server::stop() { impl_->stop(); }

std::uint16_t http_server::port() const { return impl_->bound_port; }

const std::string& http_server::host() const { return impl_->options.host; }

std::uint64_t http_server::connections_accepted() const { return impl_->accepted.load(); }

}  // namespace jobpilot::net
