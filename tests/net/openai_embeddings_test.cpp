// The OpenAI-compatible embedding provider against the fake server (and scripted servers) over loopback HTTP.
#include "net/openai_embeddings.hpp"

#include "core/embedding.hpp"
#include "fake_jsearch/fake_server.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <mutex>
#include <variant>

using namespace jobpilot;
using namespace std::chrono_literals;

namespace {

std::string base_of(const std::string& host, std::uint16_t port) { return "http://" + host + ":" + std::to_string(port); }

fake_jsearch::service_options quiet_service() {
  fake_jsearch::service_options o;  // empty corpus: only /v1/embeddings is used here
  o.requests_per_second = 0;
  return o;
}

net::openai_embedding_options options_for(const std::string& base) {
  net::openai_embedding_options o;
  o.base_url = base;
  o.model = "text-embedding-3-small";
  o.timeout = 5000ms;
  return o;
}

/// by_path["/v1/embeddings"] as the fake reports it over HTTP.
boost::json::object embedding_calls(const fake_jsearch::fake_server& server) {
  auto base = net::parse_url(base_of(server.host(), server.port()));
  REQUIRE(base);
  net::http_client client(*base, net::http_client_options{});
  net::http_request r;
  r.target = "/__calls";
  const auto result = client.send(r);
  REQUIRE(std::holds_alternative<net::http_response>(result));
  const auto body = boost::json::parse(std::get<net::http_response>(result).body).as_object();
  const auto& paths = body.at("by_path").as_object();
  if (const auto* p = paths.if_contains("/v1/embeddings")) return p->as_object();
  return {};
}

std::int64_t count_of(const boost::json::object& calls, const char* outcome) {
  const auto* n = calls.if_contains(outcome);
  return n ? n->as_int64() : 0;
}

std::vector<std::string> numbered_texts(std::size_t n) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < n; ++i)
    texts.push_back("Job " + std::to_string(i) + ": software engineer number " + std::to_string(i * 7) + " in city " +
                    std::to_string(i % 13));
  return texts;
}

/// A server that answers every request with one canned reply and remembers what it got.
struct scripted_server {
  std::mutex mutex;
  std::vector<net::http_request> seen;
  net::http_response reply;
  net::http_server server;

  scripted_server()
      : server(net::http_server_options{}, [this](const net::http_request& r) {
          std::lock_guard<std::mutex> lock(mutex);
          seen.push_back(r);
          net::server_reply out;
          out.response = reply;
          return out;
        }) {
    REQUIRE(server.start());
  }
  std::string base() { return base_of(server.host(), server.port()); }
  void answer(int status, std::string body) {
    std::lock_guard<std::mutex> lock(mutex);
    reply.status = status;
    reply.headers = {{"content-type", "application/json"}};
    reply.body = std::move(body);
  }
};

}  // namespace

TEST_CASE("net: openai embeddings over HTTP equal the local provider's vectors", "[net]") {
  fake_jsearch::fake_server server(quiet_service(), net::http_server_options{});
  REQUIRE(server.start());
  const std::vector<std::string> texts = {"Senior C++ engineer, Austin TX", "Registered nurse, night shift", "",
                                          "Ünïcödé straße 東京"};

  SECTION("dimensions learnt from the first reply") {
    net::openai_embedding_provider provider(options_for(base_of(server.host(), server.port())));
    CHECK(provider.model() == "text-embedding-3-small");
    CHECK(provider.dimensions() == 0);
    CHECK(provider.max_batch() == 64);
    const auto r = provider.embed(texts);
    INFO(r.error);
    REQUIRE(r.ok());
    REQUIRE(r.vectors.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) CHECK(r.vectors[i] == core::local_embed(texts[i], 384));
    CHECK(provider.dimensions() == 384);
  }
  SECTION("dimensions asked for, base URL given with /v1") {
    auto options = options_for(base_of(server.host(), server.port()) + "/v1");
    options.dimensions = 128;
    net::openai_embedding_provider provider(options);
    CHECK(provider.dimensions() == 128);
    const auto r = provider.embed(texts);
    INFO(r.error);
    REQUIRE(r.ok());
    REQUIRE(r.vectors.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) CHECK(r.vectors[i] == core::local_embed(texts[i], 128));
  }
  SECTION("no texts, no request") {
    net::openai_embedding_provider provider(options_for(base_of(server.host(), server.port())));
    const auto r = provider.embed({});
    CHECK(r.ok());
    CHECK(r.vectors.empty());
    CHECK(count_of(embedding_calls(server), "ok") == 0);
  }
}

TEST_CASE("net: openai embeddings split 150 texts into 3 requests in order", "[net]") {
  fake_jsearch::fake_server server(quiet_service(), net::http_server_options{});
  REQUIRE(server.start());
  net::openai_embedding_provider provider(options_for(base_of(server.host(), server.port())));
  const auto texts = numbered_texts(150);
  const auto r = provider.embed(texts);
  INFO(r.error);
  REQUIRE(r.ok());
  REQUIRE(r.vectors.size() == 150);
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(r.vectors[i] == core::local_embed(texts[i], 384));
  const auto calls = embedding_calls(server);
  CHECK(count_of(calls, "ok") == 3);
  CHECK(calls.size() == 1);
  // Embedding calls are not JSearch calls: no quota, no total.
  CHECK(server.svc().calls().total == 0);
  CHECK(server.svc().quota_used() == 0);

  auto small = options_for(base_of(server.host(), server.port()));
  small.max_batch = 0;  // taken as 1
  net::openai_embedding_provider one_by_one(small);
  CHECK(one_by_one.max_batch() == 1);
  REQUIRE(one_by_one.embed(numbered_texts(4)).ok());
  CHECK(count_of(embedding_calls(server), "ok") == 3 + 4);
}

TEST_CASE("net: openai embeddings turn server faults into error results", "[net]") {
  SECTION("5xx") {
    auto o = quiet_service();
    o.faults.error_5xx_rate = 1.0;
    fake_jsearch::fake_server server(o, net::http_server_options{});
    REQUIRE(server.start());
    auto options = options_for(base_of(server.host(), server.port()));
    options.api_key = "sk-secret-5xx-key";
    net::openai_embedding_provider provider(options);
    core::embedding_batch_result r;
    REQUIRE_NOTHROW(r = provider.embed(numbered_texts(3)));
    CHECK_FALSE(r.ok());
    CHECK(r.vectors.empty());
    INFO(r.error);
    const bool known = r.error.find("HTTP 500: The server had an error") != std::string::npos ||
                       r.error.find("HTTP 502: Bad gateway") != std::string::npos ||
                       r.error.find("HTTP 503: The engine is currently overloaded") != std::string::npos;
    CHECK(known);
    CHECK(r.error.find("request 1/1") != std::string::npos);
    CHECK(r.error.find("sk-secret-5xx-key") == std::string::npos);
    CHECK(count_of(embedding_calls(server), "error_5xx") == 1);
  }
  SECTION("hang ends in a timeout") {
    auto o = quiet_service();
    o.faults.hang_rate = 1.0;
    o.hang_ms = 5000ms;
    fake_jsearch::fake_server server(o, net::http_server_options{});
    REQUIRE(server.start());
    auto options = options_for(base_of(server.host(), server.port()));
    options.timeout = 300ms;
    net::openai_embedding_provider provider(options);
    const auto r = provider.embed(numbered_texts(2));
    CHECK_FALSE(r.ok());
    INFO(r.error);
    CHECK(r.error.find("timeout") != std::string::npos);
    CHECK(count_of(embedding_calls(server), "hang") == 1);
  }
  SECTION("nothing listening") {
    std::uint16_t port = 0;
    {
      fake_jsearch::fake_server server(quiet_service(), net::http_server_options{});
      REQUIRE(server.start());
      port = server.port();
    }
    net::openai_embedding_provider provider(options_for(base_of("127.0.0.1", port)));
    const auto r = provider.embed({"a"});
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("connect") != std::string::npos);
  }
  SECTION("unusable base URL") {
    for (const char* base : {"", "ftp://example.com", "not a url"}) {
      net::openai_embedding_provider provider(options_for(base));
      const auto r = provider.embed({"a"});
      CHECK_FALSE(r.ok());
      CHECK(r.error.find("invalid base_url") != std::string::npos);
    }
  }
}

TEST_CASE("net: openai embeddings reject vectors of the wrong size", "[net]") {
  fake_jsearch::fake_server server(quiet_service(), net::http_server_options{});
  REQUIRE(server.start());
  auto options = options_for(base_of(server.host(), server.port()));
  options.dimensions = 256;
  options.send_dimensions = false;  // the fake then answers with its default 384
  net::openai_embedding_provider provider(options);
  const auto r = provider.embed({"a", "b"});
  CHECK_FALSE(r.ok());
  CHECK(r.vectors.empty());
  INFO(r.error);
  CHECK(r.error.find("384 dimensions, expected 256") != std::string::npos);
  CHECK(provider.dimensions() == 256);
}

TEST_CASE("net: openai embeddings send the bearer key and never echo it", "[net]") {
  scripted_server fake;
  const std::string key = "sk-test-DO-NOT-LEAK-1234567890";
  auto options = options_for(fake.base());
  options.api_key = key;
  options.model = "nomic-embed-text";
  options.dimensions = 3;
  net::openai_embedding_provider provider(options);

  fake.answer(401, R"({"error":{"message":"Incorrect API key provided: )" + key +
                       R"(. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
  const auto r = provider.embed({"hello world"});
  CHECK_FALSE(r.ok());
  INFO(r.error);
  CHECK(r.error.find("HTTP 401: Incorrect API key provided: [redacted]") != std::string::npos);
  CHECK(r.error.find(key) == std::string::npos);
  CHECK(r.error.find("sk-test") == std::string::npos);

  fake.answer(200, R"({"data":[{"embedding":[3,0,4],"index":0}]})");
  const auto ok = provider.embed({"hello world"});
  INFO(ok.error);
  REQUIRE(ok.ok());

  std::lock_guard<std::mutex> lock(fake.mutex);
  REQUIRE(fake.seen.size() == 2);
  for (const auto& request : fake.seen) {
    CHECK(request.method == "POST");
    CHECK(request.target == "/v1/embeddings");
    const auto* auth = net::find_header(request.headers, "Authorization");
    REQUIRE(auth);
    CHECK(*auth == "Bearer " + key);
    const auto* type = net::find_header(request.headers, "Content-Type");
    REQUIRE(type);
    CHECK(*type == "application/json");
    const auto body = boost::json::parse(request.body).as_object();
    CHECK(body.at("model").as_string() == "nomic-embed-text");
    CHECK(body.at("input").as_array() == boost::json::array{"hello world"});
    CHECK(body.at("dimensions").as_int64() == 3);
  }
}

TEST_CASE("net: openai embeddings without a key send no Authorization header", "[net]") {
  scripted_server fake;
  fake.answer(200, R"({"data":[{"embedding":[1,0],"index":0}]})");
  net::openai_embedding_provider provider(options_for(fake.base()));
  REQUIRE(provider.embed({"x"}).ok());
  std::lock_guard<std::mutex> lock(fake.mutex);
  REQUIRE(fake.seen.size() == 1);
  CHECK(net::find_header(fake.seen[0].headers, "Authorization") == nullptr);
  const auto body = boost::json::parse(fake.seen[0].body).as_object();
  CHECK(body.if_contains("dimensions") == nullptr);  // not configured, not sent
}

TEST_CASE("net: openai embeddings check and order the reply", "[net]") {
  scripted_server fake;
  struct row {
    int status;
    std::string body;
    std::string expect_error;  // empty = success
  };
  // Two inputs, expected dimension 2 unless learnt otherwise.
  const std::vector<row> rows = {
      {200, R"({"data":[{"embedding":[0,5],"index":1},{"embedding":[3,4],"index":0}]})", ""},
      {200, R"({"data":[{"embedding":[3,4]},{"embedding":[0,5]}]})", ""},  // no index: array order
      {200, R"({"data":[{"embedding":[3,4],"index":0}]})", "1 embeddings for 2 inputs"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":[0,5],"index":0}]})", "repeats index 0"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":[0,5],"index":2}]})", "bad \"index\""},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":[0,5,1],"index":1}]})", "3 dimensions, expected 2"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":"AAAA","index":1}]})", "base64"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":[0,"x"],"index":1}]})", "non-number"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":[0,1e300],"index":1}]})", "finite"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"embedding":[],"index":1}]})", "empty embedding"},
      {200, R"({"data":[{"embedding":[3,4],"index":0},{"index":1}]})", "no \"embedding\""},
      {200, R"({"data":{}})", "no \"data\" array"},
      {200, R"({"object":"list","data":[{"embed)", "not JSON"},
      {200, "", "not JSON"},
      {400, R"({"error":{"message":"'$.input' is invalid.","type":"invalid_request_error"}})",
       "HTTP 400: '$.input' is invalid."},
      {413, R"({"error":"Input validation error: inputs must have less than 512 tokens"})",
       "HTTP 413: Input validation error"},  // text-embeddings-inference's shape
      {429, "Too Many Requests", "HTTP 429: Too Many Requests"},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    fake.answer(r.status, r.body);
    net::openai_embedding_provider provider(options_for(fake.base()));
    const auto result = provider.embed({"first", "second"});
    if (r.expect_error.empty()) {
      INFO(result.error);
      REQUIRE(result.ok());
      REQUIRE(result.vectors.size() == 2);
      CHECK(result.vectors[0] == std::vector<float>{0.6f, 0.8f});  // normalised
      CHECK(result.vectors[1] == std::vector<float>{0.0f, 1.0f});
      CHECK(provider.dimensions() == 2);
    } else {
      CHECK_FALSE(result.ok());
      CHECK(result.vectors.empty());
      INFO(result.error);
      CHECK(result.error.find(r.expect_error) != std::string::npos);
      CHECK(provider.dimensions() == 0);  // nothing learnt from a bad reply
    }
  }
  // A long error body is cut short.
  fake.answer(500, std::string(5000, 'e'));
  net::openai_embedding_provider provider(options_for(fake.base()));
  const auto r = provider.embed({"x"});
  CHECK_FALSE(r.ok());
  CHECK(r.error.size() < 600);
}
