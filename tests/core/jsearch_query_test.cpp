// One search, one request: how requests are built, normalised, validated and read back.
#include "core/jsearch_query.hpp"
#include "core/plain_http.hpp"

#include <catch2/catch.hpp>

using namespace jobpilot::core;

TEST_CASE("core jsearch_query: the same search built by collect and by run is one request", "[core]") {
  search_defaults defaults{"de", "de", "week"};
  auto from_run = search_query("software engineer", "Berlin", 1, defaults);
  jsearch_query from_collect;  // what `collect -q ... -l ...` parses, before the config's defaults
  from_collect.query = "software engineer";
  from_collect.location = "Berlin";
  apply_defaults(from_collect, defaults);
  CHECK(from_run == from_collect);
  CHECK(query_hash(from_run) == query_hash(from_collect));
  // A flag on the command line wins over the configuration.
  jsearch_query other = from_collect;
  other.country = "";
  other.country = "at";
  apply_defaults(other, defaults);
  CHECK(other.country == "at");
  CHECK(query_hash(other) != query_hash(from_run));
}

TEST_CASE("core jsearch_query: the API's defaults and letter case do not make another request", "[core]") {
  jsearch_query a;
  a.query = "nurse";
  jsearch_query b = a;
  b.country = "US";
  b.date_posted = "all";
  CHECK(query_hash(a) == query_hash(b));
  CHECK(request_target(a) == request_target(b));
  jsearch_query c = a;
  c.country = "GB";
  c.language = "EN";
  CHECK(request_target(c) == "/search?country=gb&language=en&num_pages=1&page=1&query=nurse");
}

TEST_CASE("core jsearch_query: validation names the field", "[core]") {
  struct row {
    const char* what;
    std::function<void(jsearch_query&)> set;
    const char* message;  // part of it; "" = valid
  };
  const std::vector<row> rows = {
      {"fine", [](auto&) {}, ""},
      {"alpha-3 country", [](auto& q) { q.country = "USA"; }, "did you mean 'us'?"},
      {"country name", [](auto& q) { q.country = "Germany"; }, "did you mean 'de'?"},
      {"unknown code", [](auto& q) { q.country = "zz"; }, "ISO 3166-1 alpha-2"},
      {"upper-case code is fine", [](auto& q) { q.country = "DE"; }, ""},
      {"language", [](auto& q) { q.language = "german"; }, "ISO 639-1"},
      {"page", [](auto& q) { q.page = 101; }, "page must be between 1 and 100"},
      {"date_posted", [](auto& q) { q.date_posted = "yesterday"; }, "date_posted"},
      {"empty query", [](auto& q) { q.query.clear(); }, "query must not be empty"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    jsearch_query q;
    q.query = "nurse";
    r.set(q);
    auto err = validate(q);
    if (std::string(r.message).empty())
      CHECK(err.empty());
    else
      CHECK_THAT(err, Catch::Contains(r.message));
  }
}

TEST_CASE("core jsearch_query: a stored request's parameters give the request back", "[core]") {
  jsearch_query q;
  q.query = "data engineer";
  q.location = "Austin, TX";
  q.page = 4;
  q.num_pages = 2;
  q.country = "us";
  q.date_posted = "week";
  q.work_from_home = true;
  q.employment_types = "FULLTIME";
  auto back = query_from_params_json(canonical_params_json(q));
  REQUIRE(back);
  CHECK(query_hash(*back) == query_hash(q));
  CHECK(back->query == "data engineer");
  CHECK(back->location == "Austin, TX");
  CHECK_FALSE(query_from_params_json("not json"));
  CHECK_FALSE(query_from_params_json("[1]"));
}

TEST_CASE("core plain_http: a key goes over plain http only to this machine", "[core]") {
  for (const char* ok : {"https://jsearch.p.rapidapi.com", "http://127.0.0.1:8089", "http://localhost/x",
                         "http://[::1]:9000/v1", "http://user:pw@127.0.0.2:1/"})
    CHECK(plain_http_refusal(ok).empty());
  for (const char* bad : {"http://jsearch.p.rapidapi.com", "http://203.0.113.7:8080", "HTTP://example.com/x",
                          "http://127.0.0.1.evil.example/", "http://localhost.example:80"}) {
    INFO(bad);
    CHECK_THAT(plain_http_refusal(bad), Catch::Contains("use https"));
  }
}
