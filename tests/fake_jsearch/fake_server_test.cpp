// The fake JSearch server over real loopback HTTP, with the project's own client.
#include "fake_jsearch/fake_server.hpp"

#include "fake_jsearch/generator.hpp"
#include "net/http_client.hpp"

#include <catch2/catch.hpp>

#include <variant>

using namespace jobpilot;
using namespace jobpilot::fake_jsearch;
using namespace std::chrono_literals;

namespace {

service_options loopback_options() {
  generator_options g;
  g.postings = 150;
  service_options o;
  o.jobs = generate(g);
  o.requests_per_second = 0;
  o.expected_api_key = "loopback-key";
  return o;
}

net::http_client client_for(const fake_server& server) {
  auto base = net::parse_url("http://" + server.host() + ":" + std::to_string(server.port()));
  REQUIRE(base);
  net::http_client_options options;
  options.connect_timeout = 2000ms;
  options.total_timeout = 5000ms;
  return net::http_client(*base, options);
}

net::http_request search(const std::string& target) {
  net::http_request r;
  r.target = target;
  r.headers = {{"X-RapidAPI-Key", "loopback-key"}, {"X-RapidAPI-Host", "jsearch.p.rapidapi.com"}};
  return r;
}

}  // namespace

TEST_CASE("fake_jsearch: fake_server answers over loopback HTTP", "[fake_jsearch]") {
  fake_server server(loopback_options(), net::http_server_options{});
  std::string error;
  REQUIRE(server.start(&error));
  REQUIRE(server.port() != 0);
  CHECK(server.host() == "127.0.0.1");
  auto client = client_for(server);

  const auto result = client.send(search("/search?query=software%20engineer&num_pages=2"));
  REQUIRE(std::holds_alternative<net::http_response>(result));
  const auto& res = std::get<net::http_response>(result);
  CHECK(res.status == 200);
  const auto* remaining = net::find_header(res.headers, "x-ratelimit-requests-remaining");
  REQUIRE(remaining);
  CHECK(*remaining == "9998");
  const auto body = boost::json::parse(res.body).as_object();
  CHECK(body.at("status") == "OK");
  CHECK(body.at("data").as_array().size() == std::min<std::size_t>(20, match(server.svc().jobs(), "software engineer").size()));

  auto wrong = search("/search?query=x");
  wrong.headers[0].second = "nope";
  const auto denied = client.send(wrong);
  REQUIRE(std::holds_alternative<net::http_response>(denied));
  CHECK(std::get<net::http_response>(denied).status == 403);

  const auto calls = client.send(search("/__calls"));
  REQUIRE(std::holds_alternative<net::http_response>(calls));
  CHECK(boost::json::parse(std::get<net::http_response>(calls).body).at("total") == 2);
  CHECK(server.svc().calls().by_path.at("/search").at("forbidden") == 1);
  server.stop();
  server.stop();
}

TEST_CASE("fake_jsearch: fake_server wire faults reach the client", "[fake_jsearch]") {
  auto cut_options = loopback_options();
  cut_options.faults.cut_rate = 1.0;
  fake_server cutting(std::move(cut_options), net::http_server_options{});
  REQUIRE(cutting.start());
  auto cut_client = client_for(cutting);
  const auto cut = cut_client.send(search("/search?query=x"));
  REQUIRE(std::holds_alternative<net::http_failure>(cut));
  CHECK(std::get<net::http_failure>(cut).request_sent);
  CHECK(cutting.svc().quota_used() == 1);  // the API did the work: it is charged

  auto truncate_options = loopback_options();
  truncate_options.faults.truncate_rate = 1.0;
  fake_server truncating(std::move(truncate_options), net::http_server_options{});
  REQUIRE(truncating.start());
  auto truncate_client = client_for(truncating);
  const auto cut_body = truncate_client.send(search("/search?query=x"));
  REQUIRE(std::holds_alternative<net::http_failure>(cut_body));
  const auto& failure = std::get<net::http_failure>(cut_body);
  CHECK(failure.what == net::http_failure::kind::truncated);
  CHECK(failure.status == 200);
  CHECK_FALSE(failure.partial_body.empty());
  CHECK(failure.partial_body.rfind("{\"status\":\"OK\"", 0) == 0);
}
