// The fake server's POST /v1/embeddings, called on the pure service.
#include "fake_jsearch/embeddings_endpoint.hpp"

#include "core/embedding.hpp"
#include "fake_jsearch/service.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace jobpilot;
using namespace jobpilot::fake_jsearch;

namespace {

net::http_request post(std::string body) {
  net::http_request r;
  r.method = "POST";
  r.target = "/v1/embeddings";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

service_options quiet() {
  service_options o;
  o.requests_per_second = 0;
  return o;
}

std::vector<float> floats(const boost::json::value& v) {
  std::vector<float> out;
  for (const auto& x : v.as_array()) out.push_back(static_cast<float>(x.as_double()));
  return out;
}

}  // namespace

TEST_CASE("fake_jsearch: /v1/embeddings answers like OpenAI with local vectors", "[fake_jsearch]") {
  service svc(quiet());
  const auto reply = svc.handle(post(R"({"model":"m1","input":["Senior C++ engineer","nurse"],"dimensions":64})"));
  CHECK(reply.fault == net::wire_fault::none);
  REQUIRE(reply.response.status == 200);
  const auto body = boost::json::parse(reply.response.body).as_object();
  CHECK(body.at("object").as_string() == "list");
  CHECK(body.at("model").as_string() == "m1");
  CHECK(body.at("usage").at("prompt_tokens").as_int64() == 4);
  CHECK(body.at("usage").at("total_tokens").as_int64() == 4);
  const auto& data = body.at("data").as_array();
  REQUIRE(data.size() == 2);
  CHECK(data[0].at("object").as_string() == "embedding");
  CHECK(data[0].at("index").as_int64() == 0);
  CHECK(data[1].at("index").as_int64() == 1);
  CHECK(floats(data[0].at("embedding")) == core::local_embed("Senior C++ engineer", 64));
  CHECK(floats(data[1].at("embedding")) == core::local_embed("nurse", 64));

  // A single string input and the default size.
  const auto single = svc.handle(post(R"({"model":"m1","input":"hello"})"));
  REQUIRE(single.response.status == 200);
  const auto one = boost::json::parse(single.response.body).as_object();
  CHECK(floats(one.at("data").at(0).at("embedding")) == core::local_embed("hello", 384));

  const auto calls = svc.calls();
  CHECK(calls.by_path.at("/v1/embeddings").at("ok") == 2);
  CHECK(calls.total == 0);
  CHECK(calls.sent_sha256.empty());
}

TEST_CASE("fake_jsearch: /v1/embeddings rejects bad requests OpenAI-style", "[fake_jsearch]") {
  service svc(quiet());
  struct row {
    std::string body;
    const char* param;  // nullptr: the body could not be parsed
  };
  const std::vector<row> rows = {
      {"", nullptr},
      {"{not json", nullptr},
      {"[1,2]", nullptr},
      {R"({"input":["a"]})", "model"},
      {R"({"model":"","input":["a"]})", "model"},
      {R"({"model":"m"})", "input"},
      {R"({"model":"m","input":[]})", "input"},
      {R"({"model":"m","input":[1,2,3]})", "input"},
      {R"({"model":"m","input":{"a":1}})", "input"},
      {R"({"model":"m","input":["a"],"dimensions":0})", "dimensions"},
      {R"({"model":"m","input":["a"],"dimensions":-3})", "dimensions"},
      {R"({"model":"m","input":["a"],"dimensions":1.5})", "dimensions"},
      {R"({"model":"m","input":["a"],"dimensions":100000})", "dimensions"},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    const auto reply = svc.handle(post(r.body));
    CHECK(reply.response.status == 400);
    const auto body = boost::json::parse(reply.response.body).as_object();
    const auto& error = body.at("error").as_object();
    CHECK(error.at("type").as_string() == "invalid_request_error");
    CHECK_FALSE(error.at("message").as_string().empty());
    if (r.param) CHECK(error.at("param") == boost::json::value(r.param));
    else CHECK(error.at("param").is_null());
  }
  net::http_request get;
  get.target = "/v1/embeddings";
  CHECK(svc.handle(get).response.status == 405);
  const auto calls = svc.calls();
  CHECK(calls.by_path.at("/v1/embeddings").at("bad_request") == static_cast<std::int64_t>(rows.size()));
  CHECK(calls.by_path.at("/v1/embeddings").at("method_not_allowed") == 1);
  CHECK(calls.by_path.at("/v1/embeddings").count("ok") == 0);
}

TEST_CASE("fake_jsearch: /v1/embeddings honours the 5xx and hang fault rates", "[fake_jsearch]") {
  auto o = quiet();
  o.faults.error_5xx_rate = 0.5;
  o.faults.hang_rate = 0.5;
  o.hang_ms = std::chrono::milliseconds(1234);
  service svc(o);
  std::map<std::string, int> seen;
  for (int i = 0; i < 200; ++i) {
    const auto reply = svc.handle(post(R"({"model":"m","input":["a"]})"));
    if (reply.fault == net::wire_fault::hang) {
      CHECK(reply.hang_for == std::chrono::milliseconds(1234));
      ++seen["hang"];
    } else if (reply.response.status >= 500) {
      CHECK((reply.response.status == 500 || reply.response.status == 502 || reply.response.status == 503));
      const auto body = boost::json::parse(reply.response.body).as_object();
      CHECK(body.at("error").at("type").as_string() == "server_error");
      ++seen["error_5xx"];
    } else {
      CHECK(reply.response.status == 200);
      ++seen["ok"];
    }
  }
  // About half fail with 5xx, a quarter hang, a quarter succeed.
  CHECK(seen["error_5xx"] > 70);
  CHECK(seen["hang"] > 30);
  CHECK(seen["ok"] > 30);
  const auto calls = svc.calls().by_path.at("/v1/embeddings");
  CHECK(calls.at("error_5xx") == seen["error_5xx"]);
  CHECK(calls.at("hang") == seen["hang"]);
  CHECK(calls.at("ok") == seen["ok"]);

  // The same seed gives the same embedding faults again.
  service again(o);
  std::map<std::string, int> repeat;
  for (int i = 0; i < 200; ++i) {
    const auto reply = again.handle(post(R"({"model":"m","input":["a"]})"));
    ++repeat[reply.fault == net::wire_fault::hang ? "hang" : reply.response.status >= 500 ? "error_5xx" : "ok"];
  }
  CHECK(repeat == seen);
}

TEST_CASE("fake_jsearch: embedding calls do not shift JSearch's fault sequence", "[fake_jsearch]") {
  auto o = quiet();
  o.faults.error_5xx_rate = 0.5;
  net::http_request search;
  search.target = "/search?query=developer";
  search.headers = {{"X-RapidAPI-Key", "k"}};
  auto statuses = [&](bool with_embeddings) {
    service svc(o);
    std::vector<int> out;
    for (int i = 0; i < 30; ++i) {
      if (with_embeddings) svc.handle(post(R"({"model":"m","input":["a"]})"));
      out.push_back(svc.handle(search).response.status);
    }
    return out;
  };
  const auto plain = statuses(false);
  CHECK(plain == statuses(true));
  CHECK(std::count(plain.begin(), plain.end(), 200) > 5);
  CHECK(std::count(plain.begin(), plain.end(), 200) < 25);
}
