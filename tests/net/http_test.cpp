// Loopback tests for net/http_client.hpp against net/http_server.hpp, including injected wire faults.
#include "net/http_client.hpp"
#include "net/http_server.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

using namespace jobpilot::net;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

struct running_server {
  http_server server;

  running_server(request_handler handler, http_server_options options = {})
      : server(std::move(options), std::move(handler)) {
    std::string error;
    const bool ok = server.start(&error);
    INFO(error);
    REQUIRE(ok);
    REQUIRE(server.port() != 0);
  }

  url base(const std::string& path = "") const {
    auto u = parse_url("http://127.0.0.1:" + std::to_string(server.port()) + path);
    REQUIRE(u);
    return *u;
  }
};

// These tests assert outcomes, not speed: the default deadlines are far above what a loopback
// call takes even on a loaded two-core machine, and only a hang would ever reach them.
http_client_options quick_options(std::chrono::milliseconds total = 10'000ms) {
  http_client_options options;
  options.connect_timeout = 5000ms;
  options.total_timeout = total;
  return options;
}

// By value: callers pass the temporary returned by send().
http_response ok(const http_result& result) {
  if (const auto* f = std::get_if<http_failure>(&result)) FAIL("unexpected failure: " << f->message);
  return std::get<http_response>(result);
}

http_failure failed(const http_result& result) {
  REQUIRE(std::holds_alternative<http_failure>(result));
  return std::get<http_failure>(result);
}

server_reply reply_with(int status, std::string body) {
  server_reply reply;
  reply.response.status = status;
  reply.response.body = std::move(body);
  return reply;
}

long long ms_since(steady::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start).count();
}

}  // namespace

TEST_CASE("net: find_header ignores case and returns the first match", "[net][http]") {
  const header_list headers = {{"Content-Type", "text/plain"}, {"X-RateLimit-Remaining", "7"}, {"x-ratelimit-remaining", "8"}};
  REQUIRE(find_header(headers, "content-type") != nullptr);
  CHECK(*find_header(headers, "content-type") == "text/plain");
  CHECK(*find_header(headers, "X-RATELIMIT-REMAINING") == "7");
  CHECK(find_header(headers, "Content-Length") == nullptr);
  CHECK(find_header({}, "Host") == nullptr);
}

TEST_CASE("net: failure kinds have stable names", "[net][http]") {
  using k = http_failure::kind;
  CHECK(std::string(to_string(k::resolve)) == "resolve");
  CHECK(std::string(to_string(k::connect)) == "connect");
  CHECK(std::string(to_string(k::tls)) == "tls");
  CHECK(std::string(to_string(k::timeout)) == "timeout");
  CHECK(std::string(to_string(k::truncated)) == "truncated");
  CHECK(std::string(to_string(k::protocol)) == "protocol");
  CHECK(std::string(to_string(k::closed)) == "closed");
  CHECK(std::string(to_string(k::too_large)) == "too_large");
}

TEST_CASE("net: client and server round trip method, target, headers and body", "[net][http]") {
  std::mutex mu;
  http_request seen;
  running_server srv([&](const http_request& request) {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen = request;
    }
    server_reply reply = reply_with(201, "{\"echo\":\"" + request.body + "\"}");
    reply.response.headers.emplace_back("X-Reply", "yes");
    return reply;
  });
  http_client client(srv.base("/base/"), quick_options());
  CHECK(client.base().path == "/base");

  http_request request;
  request.method = "POST";
  request.target = "/search?query=a%20b&page=2";
  request.headers = {{"X-Test", "hello"}, {"Content-Type", "text/plain"}};
  request.body = "ping";
  const auto start = steady::now();
  const auto response = ok(client.send(request));
  const auto outside = steady::now() - start;
  CHECK(response.status == 201);
  CHECK(response.body == "{\"echo\":\"ping\"}");
  REQUIRE(find_header(response.headers, "x-reply") != nullptr);
  CHECK(*find_header(response.headers, "x-reply") == "yes");
  REQUIRE(find_header(response.headers, "content-type") != nullptr);
  CHECK(*find_header(response.headers, "content-type") == "application/json");
  REQUIRE(find_header(response.headers, "content-length") != nullptr);
  CHECK(*find_header(response.headers, "content-length") == "15");
  // elapsed is measured inside send(): never negative, never longer than the call seen from outside.
  CHECK(response.elapsed >= 0ms);
  CHECK(response.elapsed <= outside);

  std::lock_guard<std::mutex> lock(mu);
  CHECK(seen.method == "POST");
  CHECK(seen.target == "/base/search?query=a%20b&page=2");
  CHECK(seen.body == "ping");
  REQUIRE(find_header(seen.headers, "x-test") != nullptr);
  CHECK(*find_header(seen.headers, "x-test") == "hello");
  REQUIRE(find_header(seen.headers, "host") != nullptr);
  CHECK(*find_header(seen.headers, "host") == "127.0.0.1:" + std::to_string(srv.server.port()));
  REQUIRE(find_header(seen.headers, "user-agent") != nullptr);
  CHECK(*find_header(seen.headers, "user-agent") == "jobpilot-etl/0.1");
  REQUIRE(find_header(seen.headers, "connection") != nullptr);
  CHECK(*find_header(seen.headers, "connection") == "keep-alive");
}

TEST_CASE("net: arbitrary bytes in bodies come back byte exact", "[net][http]") {
  running_server srv([](const http_request& request) {
    server_reply reply = reply_with(200, request.body);
    reply.response.headers.emplace_back("Content-Type", "application/octet-stream");
    return reply;
  });
  http_client client(srv.base(), quick_options());
  std::string bytes;
  for (int round = 0; round < 4; ++round)
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  bytes += "\xC3\x28\xF0\x28\x8C\xBC\xED\xA0\x80";  // invalid UTF-8 sequences
  http_request request;
  request.method = "PUT";
  request.body = bytes;
  const auto response = ok(client.send(request));
  CHECK(response.body.size() == bytes.size());
  CHECK(response.body == bytes);
  CHECK(*find_header(response.headers, "Content-Type") == "application/octet-stream");
}

TEST_CASE("net: keep-alive reuses one connection and survives an idle close", "[net][http]") {
  const auto echo_target = [](const http_request& request) { return reply_with(200, request.target); };
  {
    // The default 30 s idle timeout: however slow the machine, the five requests share one connection.
    running_server srv(echo_target);
    http_client client(srv.base(), quick_options());
    for (int i = 0; i < 5; ++i) {
      http_request request;
      request.target = "/n/" + std::to_string(i);
      CHECK(ok(client.send(request)).body == request.target);
    }
    CHECK(srv.server.connections_accepted() == 1);
  }
  // A short idle timeout, and a wait of ten times that: the server MUST have closed the kept-alive
  // connection by then, so the next request has to notice and open a new one.
  http_server_options options;
  options.idle_timeout = 300ms;
  running_server srv(echo_target, options);
  http_client client(srv.base(), quick_options());
  http_request first;
  first.target = "/before-idle";
  CHECK(ok(client.send(first)).body == "/before-idle");
  CHECK(srv.server.connections_accepted() == 1);
  std::this_thread::sleep_for(10 * options.idle_timeout);
  http_request request;
  request.target = "/after-idle";
  CHECK(ok(client.send(request)).body == "/after-idle");
  CHECK(srv.server.connections_accepted() == 2);
}

TEST_CASE("net: a kept-alive connection cut after the request is reported, not resent", "[net][http]") {
  // The server read the request (and may have charged it) before the connection dropped: a silent
  // resend would pay twice without anyone counting it. The caller gets the failure and decides.
  std::atomic<int> calls{0};
  running_server srv([&](const http_request&) {
    server_reply reply = reply_with(200, "fine");
    if (++calls == 2) reply.fault = wire_fault::cut;
    return reply;
  });
  http_client client(srv.base(), quick_options());
  CHECK(ok(client.send({})).body == "fine");
  auto cut = client.send({});
  REQUIRE(std::holds_alternative<http_failure>(cut));
  CHECK(std::get<http_failure>(cut).what == http_failure::kind::closed);
  CHECK(std::get<http_failure>(cut).request_sent);
  CHECK(calls == 2);
  CHECK(ok(client.send({})).body == "fine");  // the next request goes on a new connection
  CHECK(calls == 3);
  CHECK(srv.server.connections_accepted() == 2);
}

TEST_CASE("net: a request is never resent once response bytes arrived", "[net][http]") {
  std::atomic<int> calls{0};
  running_server srv([&](const http_request&) {
    server_reply reply = reply_with(200, std::string(100, 'x'));
    if (++calls == 2) {
      reply.fault = wire_fault::truncate_body;
      reply.truncate_at = 10;
    }
    return reply;
  });
  http_client client(srv.base(), quick_options());
  CHECK(ok(client.send({})).body.size() == 100);
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::truncated);
  CHECK(f.partial_body == std::string(10, 'x'));
  CHECK(calls == 2);
  CHECK(ok(client.send({})).body.size() == 100);  // the client recovers with a new connection
  CHECK(calls == 3);
}

TEST_CASE("net: a server delay shorter than the timeout still succeeds", "[net][http]") {
  running_server srv([](const http_request&) {
    server_reply reply = reply_with(200, "slow");
    reply.delay = 300ms;
    return reply;
  });
  // A deadline ten times the delay, so that a loaded machine cannot turn this into a timeout.
  http_client client(srv.base(), quick_options(3000ms));
  const auto start = steady::now();
  const auto response = ok(client.send({}));
  CHECK(response.body == "slow");
  // Lower bounds only: the reply cannot arrive before the server's delay has passed.
  CHECK(ms_since(start) >= 300);
  CHECK(response.elapsed >= 300ms);
}

TEST_CASE("net: a hanging server gives a timeout after the total timeout", "[net][http]") {
  running_server srv([](const http_request&) {
    server_reply reply = reply_with(200, "never");
    reply.fault = wire_fault::hang;
    reply.hang_for = 60'000ms;  // far beyond every bound below: only the client's deadline can end the call
    return reply;
  });
  http_client client(srv.base(), quick_options(1000ms));
  http_request request;
  request.headers = {{"X-RapidAPI-Key", "super-secret-key-123"}};
  const auto start = steady::now();
  const auto f = failed(client.send(request));
  const auto took = ms_since(start);
  // The outcome: the client's deadline fired (the end of the hang would be a closed connection).
  CHECK(f.what == http_failure::kind::timeout);
  CHECK(f.request_sent);
  CHECK(f.status == 0);
  CHECK(took >= 1000);  // not before the deadline
  // Guards against a hang only: ten times the 1 s deadline, still far below the 60 s hang.
  CHECK(took < 10'000);
  CHECK(f.message == "timed out after 1000 ms waiting for the response from 127.0.0.1:" +
                         std::to_string(srv.server.port()));
  CHECK(f.message.find("super-secret-key-123") == std::string::npos);
  const auto stop_start = steady::now();
  srv.server.stop();  // wakes the hanging reply
  CHECK(ms_since(stop_start) < 10'000);  // a hang guard only: without the wake-up, stop() would wait 60 s
}

TEST_CASE("net: a connection cut without a reply is reported as sent and closed", "[net][http]") {
  running_server srv([](const http_request&) {
    server_reply reply = reply_with(200, "unused");
    reply.fault = wire_fault::cut;
    return reply;
  });
  http_client client(srv.base(), quick_options());
  const auto f = failed(client.send({}));
  CHECK((f.what == http_failure::kind::closed || f.what == http_failure::kind::protocol));
  CHECK(f.request_sent);
  CHECK(f.status == 0);
  CHECK(f.partial_body.empty());
  CHECK(srv.server.connections_accepted() == 1);  // fresh connection: no resend
}

TEST_CASE("net: a truncated body keeps status, headers and the bytes that arrived", "[net][http]") {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += static_cast<char>('a' + i % 26);
  running_server srv([&](const http_request&) {
    server_reply reply = reply_with(200, body);
    reply.response.headers.emplace_back("X-RateLimit-Requests-Remaining", "42");
    reply.fault = wire_fault::truncate_body;
    reply.truncate_at = 400;
    return reply;
  });
  http_client client(srv.base(), quick_options());
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::truncated);
  CHECK(f.request_sent);
  CHECK(f.status == 200);
  REQUIRE(find_header(f.headers, "content-length") != nullptr);
  CHECK(*find_header(f.headers, "content-length") == "1000");
  REQUIRE(find_header(f.headers, "x-ratelimit-requests-remaining") != nullptr);
  CHECK(*find_header(f.headers, "x-ratelimit-requests-remaining") == "42");
  CHECK(f.partial_body.size() == 400);
  CHECK(f.partial_body == body.substr(0, 400));
  CHECK(f.message.find("400 of 1000") != std::string::npos);
}

TEST_CASE("net: a refused port is a connect failure with nothing sent", "[net][http]") {
  std::uint16_t port = 0;
  {
    running_server srv([](const http_request&) { return reply_with(200, ""); });
    port = srv.server.port();
  }
  auto base = parse_url("http://127.0.0.1:" + std::to_string(port));
  REQUIRE(base);
  http_client client(*base, quick_options());
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::connect);
  CHECK_FALSE(f.request_sent);
  CHECK(f.message == "connection refused by 127.0.0.1:" + std::to_string(port));
}

TEST_CASE("net: an unknown host is a resolve failure", "[net][http]") {
  auto base = parse_url("http://no-such-host.invalid:8080");
  REQUIRE(base);
  http_client client(*base, quick_options());
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::resolve);
  CHECK_FALSE(f.request_sent);
  CHECK(f.message.find("no-such-host.invalid") != std::string::npos);
}

TEST_CASE("net: a body over body_limit is too_large", "[net][http]") {
  running_server srv([](const http_request&) { return reply_with(200, std::string(1000, 'z')); });
  auto options = quick_options();
  options.body_limit = 100;
  http_client client(srv.base(), options);
  const auto f = failed(client.send({}));
  CHECK(f.what == http_failure::kind::too_large);
  CHECK(f.request_sent);
  CHECK(f.status == 200);
}

TEST_CASE("net: a throwing handler becomes a 500 with a JSON body", "[net][http]") {
  running_server srv([](const http_request& request) -> server_reply {
    if (request.target == "/boom") throw std::runtime_error("handler exploded");
    return reply_with(200, "ok");
  });
  http_client client(srv.base(), quick_options());
  http_request request;
  request.target = "/boom";
  const auto response = ok(client.send(request));
  CHECK(response.status == 500);
  CHECK(response.body == "{\"error\":\"internal server error\"}");
  CHECK(*find_header(response.headers, "content-type") == "application/json");
  CHECK(ok(client.send({})).status == 200);  // the server lives on
}

TEST_CASE("net: stop() while a client waits on a hanging reply returns promptly", "[net][http]") {
  std::atomic<bool> in_handler{false};
  running_server srv([&](const http_request&) {
    in_handler = true;
    server_reply reply = reply_with(200, "never");
    reply.fault = wire_fault::hang;
    reply.hang_for = 120'000ms;
    return reply;
  });
  http_result result;
  long long client_ms = 0;
  std::thread client_thread([&] {
    http_client client(srv.base(), quick_options(60'000ms));
    const auto start = steady::now();
    result = client.send({});
    client_ms = ms_since(start);
  });
  // Waits until the request is in the handler; the 30 s limit is reached only when something is broken.
  const auto wait_start = steady::now();
  while (!in_handler && ms_since(wait_start) < 30'000) std::this_thread::sleep_for(10ms);
  REQUIRE(in_handler);
  const auto stop_start = steady::now();
  srv.server.stop();
  const auto stop_ms = ms_since(stop_start);
  srv.server.stop();  // idempotent
  client_thread.join();
  // The outcome: the connection was closed under the client, not the client's own timeout.
  const auto f = failed(result);
  CHECK(f.what == http_failure::kind::closed);
  CHECK(f.request_sent);
  // What tells stop()'s wake-up from the end of the 120 s hang (also a close): the time, with bounds
  // generous for a loaded machine (ten times the old 3 s), far below the hang and the 60 s timeout.
  CHECK(stop_ms < 30'000);
  CHECK(client_ms < 30'000);
}

TEST_CASE("net: server picks a free port and reports bind failures", "[net][http]") {
  running_server first([](const http_request&) { return reply_with(200, ""); });
  CHECK(first.server.host() == "127.0.0.1");
  http_server_options options;
  options.port = first.server.port();
  http_server second(options, [](const http_request&) { return reply_with(200, ""); });
  std::string error;
  CHECK_FALSE(second.start(&error));
  CHECK(error.find("could not listen") != std::string::npos);
  std::string again;
  CHECK_FALSE(first.server.start(&again));
  CHECK(again == "server already started");
}

TEST_CASE("net: a handler asking for Connection: close ends the connection after the reply", "[net][http]") {
  running_server srv([](const http_request&) {
    server_reply reply = reply_with(204, "");
    reply.response.headers.emplace_back("Connection", "close");
    return reply;
  });
  http_client client(srv.base(), quick_options());
  CHECK(ok(client.send({})).status == 204);
  CHECK(ok(client.send({})).status == 204);
  CHECK(srv.server.connections_accepted() == 2);
}
