// The fake JSearch service, driven through service::handle: routes, paging, parameters, quota,
// per-second limit, faults, keys, counters.
#include "fake_jsearch/service.hpp"

#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "fake_jsearch/generator.hpp"
#include "fake_jsearch/recorded_corpus.hpp"
#include "net/url.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

using namespace jobpilot;
using namespace jobpilot::fake_jsearch;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t november_first_2026 = 1793491200;

const corpus& small_corpus() {
  static const corpus c = [] {
    generator_options o;
    o.postings = 400;
    return generate(o);
  }();
  return c;
}

service_options base_options() {
  service_options o;
  o.jobs = small_corpus();
  o.requests_per_second = 0;
  o.wall_clock = [] { return november_first_2026; };
  return o;
}

net::server_reply get(service& s, const std::string& target, const char* key = "test-key",
                      const char* key_header = "X-RapidAPI-Key") {
  net::http_request r;
  r.method = "GET";
  r.target = target;
  if (key) r.headers.emplace_back(key_header, key);
  return s.handle(r);
}

std::string header(const net::server_reply& r, const std::string& name) {
  const auto* h = net::find_header(r.response.headers, name);
  return h ? *h : std::string("<absent>");
}

boost::json::object body(const net::server_reply& r) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.response.body, ec);
  INFO(r.response.body.substr(0, 300));
  REQUIRE_FALSE(ec);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::vector<std::string> ids(const boost::json::array& jobs) {
  std::vector<std::string> out;
  for (const auto& j : jobs) out.emplace_back(j.as_object().at("job_id").as_string());
  return out;
}

std::vector<std::string> data_ids(const net::server_reply& r) { return ids(body(r).at("data").as_array()); }

/// A steady clock the test moves by hand.
struct manual_clock {
  std::shared_ptr<std::chrono::steady_clock::time_point> now =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::time_point{} + 1h);
  std::function<std::chrono::steady_clock::time_point()> fn() const {
    return [p = now] { return *p; };
  }
  void advance(std::chrono::milliseconds d) { *now += d; }
};

std::size_t matches_for(const std::string& query) { return match(small_corpus(), query).size(); }

}  // namespace

TEST_CASE("fake_jsearch: /search pages are disjoint, concatenated and end short", "[fake_jsearch]") {
  service svc(base_options());
  const std::size_t total = matches_for("software engineer");
  REQUIRE(total > 30);
  REQUIRE(total % 10 != 0);

  const auto page1 = data_ids(get(svc, "/search?query=software%20engineer"));
  const auto page2 = data_ids(get(svc, "/search?query=software+engineer&page=2"));
  REQUIRE(page1.size() == 10);
  REQUIRE(page2.size() == 10);
  for (const auto& id : page1) CHECK(std::find(page2.begin(), page2.end(), id) == page2.end());

  const auto three = data_ids(get(svc, "/search?query=software+engineer&page=1&num_pages=3"));
  const auto page3 = data_ids(get(svc, "/search?query=software+engineer&page=3"));
  std::vector<std::string> joined = page1;
  joined.insert(joined.end(), page2.begin(), page2.end());
  joined.insert(joined.end(), page3.begin(), page3.end());
  CHECK(three == joined);

  const std::size_t last = (total + 9) / 10;
  const auto tail = data_ids(get(svc, "/search?query=software+engineer&page=" + std::to_string(last)));
  CHECK(tail.size() == total % 10);
  const auto beyond = get(svc, "/search?query=software+engineer&page=" + std::to_string(last + 1));
  CHECK(beyond.response.status == 200);
  CHECK(body(beyond).at("status") == "OK");
  CHECK(body(beyond).at("data").as_array().empty());
  const auto all = data_ids(get(svc, "/search?query=software+engineer&num_pages=20"));
  CHECK(all.size() == std::min<std::size_t>(total, 200));

  // The same query answers the same ids, each page from the matching family.
  CHECK(data_ids(get(svc, "/search?query=software%20engineer")) == page1);
  const auto nurses = body(get(svc, "/search?query=nurse"));
  for (const auto& job : nurses.at("data").as_array())
    CHECK(std::string(job.as_object().at("job_onet_soc").as_string()) == "29114100");
}

TEST_CASE("fake_jsearch: pages beyond max_page are empty", "[fake_jsearch]") {
  auto o = base_options();
  o.max_page = 2;
  service svc(std::move(o));
  CHECK(data_ids(get(svc, "/search?query=remote&page=2")).size() == 10);
  CHECK(data_ids(get(svc, "/search?query=remote&page=3")).empty());
  CHECK(data_ids(get(svc, "/search?query=remote&page=1&num_pages=5")).size() == 20);
}

TEST_CASE("fake_jsearch: /search echoes parameters with defaults filled", "[fake_jsearch]") {
  service svc(base_options());
  const struct {
    std::string target;
    std::string echo;
  } table[] = {
      {"/search?query=react%20developer", R"({"query":"react developer","page":1,"num_pages":1,"country":"us","language":"en"})"},
      {"/search?query=nlp+data+scientist&date_posted=today&page=2&num_pages=3",
       R"({"query":"nlp data scientist","page":2,"num_pages":3,"date_posted":"today","country":"us","language":"en"})"},
      {"/search?query=x&country=DE", R"({"query":"x","page":1,"num_pages":1,"country":"de","language":"de"})"},
      {"/search?query=x&num_pages=50&page=0", R"({"query":"x","page":1,"num_pages":20,"country":"us","language":"en"})"},
      {"/search?query=software+developer+in+usa&num_pages=20&remote_jobs_only=false&employment_types=FULLTIME,parttime,CONTRACTOR",
       R"({"query":"software developer in usa","page":1,"num_pages":20,"country":"us","language":"en","remote_jobs_only":false,"employment_types":["FULLTIME","PARTTIME","CONTRACTOR"]})"},
      {"/search?query=x&work_from_home=true&job_requirements=no_degree&radius=50&exclude_job_publishers=BeeBe,Dice",
       R"({"query":"x","page":1,"num_pages":1,"country":"us","language":"en","work_from_home":true,"job_requirements":["no_degree"],"radius":50,"exclude_job_publishers":"BeeBe,Dice"})"},
  };
  for (const auto& row : table) {
    INFO(row.target);
    const auto b = body(get(svc, row.target));
    CHECK(b.at("status") == "OK");
    CHECK(boost::json::serialize(b.at("parameters")) == row.echo);
    CHECK(core::is_uuid(std::string(b.at("request_id").as_string())));
  }
}

TEST_CASE("fake_jsearch: bad parameters give the ERROR envelope", "[fake_jsearch]") {
  service svc(base_options());
  const struct {
    std::string target;
    std::string message_part;
  } table[] = {
      {"/search", "query"},
      {"/search?query=%20%20", "query"},
      {"/search?query=x&page=two", "page"},
      {"/search?query=x&num_pages=1.5", "num_pages"},
      {"/search?query=x&date_posted=yesterday", "date_posted"},
      {"/search?query=x&employment_types=FULLTIME,SEASONAL", "employment_types"},
      {"/search?query=x&work_from_home=maybe", "work_from_home"},
      {"/search?query=x&country=usa", "country"},
      {"/search-v2?query=x&cursor=not-a-cursor", "cursor"},
      {"/job-details", "job_id"},
  };
  for (const auto& row : table) {
    INFO(row.target);
    const auto reply = get(svc, row.target);
    CHECK(reply.response.status == 200);
    const auto b = body(reply);
    CHECK(b.at("status") == "ERROR");
    CHECK_FALSE(b.contains("data"));
    CHECK(b.at("error").at("code") == 400);
    CHECK(std::string(b.at("error").at("message").as_string()).find(row.message_part) != std::string::npos);
  }
  CHECK(svc.calls().by_path.at("/search").at("bad_request") == 8);
}

TEST_CASE("fake_jsearch: quota headers fall by each call's cost", "[fake_jsearch]") {
  const struct {
    cost_model model;
    std::string target;
    std::int64_t cost;
  } table[] = {
      {cost_model::per_page, "/search?query=x", 1},
      {cost_model::per_page, "/search?query=x&num_pages=3", 3},
      {cost_model::per_page, "/search?query=x&num_pages=20", 20},
      {cost_model::legacy, "/search?query=x", 1},
      {cost_model::legacy, "/search?query=x&num_pages=2", 2},
      {cost_model::legacy, "/search?query=x&num_pages=10", 2},
      {cost_model::legacy, "/search?query=x&num_pages=11", 3},
      {cost_model::per_page, "/search-v2?query=x&num_pages=4", 4},
      {cost_model::legacy, "/job-details?job_id=a,b,c", 3},
      {cost_model::per_page, "/job-details?job_id=a", 1},
  };
  for (const auto& row : table) {
    INFO(row.target);
    auto o = base_options();
    o.monthly_quota = 100;
    o.quota_used_start = 10;
    o.cost = row.model;
    service svc(std::move(o));
    const auto first = get(svc, row.target);
    CHECK(header(first, "x-ratelimit-requests-limit") == "100");
    CHECK(header(first, "x-ratelimit-requests-remaining") == std::to_string(90 - row.cost));
    CHECK(header(first, "x-ratelimit-requests-reset") == "2592000");  // 30 days to 2026-12-01
    const auto second = get(svc, row.target);
    CHECK(header(second, "x-ratelimit-requests-remaining") == std::to_string(90 - 2 * row.cost));
    CHECK(svc.quota_used() == 10 + 2 * row.cost);
  }
  CHECK(parse_cost_model("legacy") == cost_model::legacy);
  CHECK(parse_cost_model("per_page") == cost_model::per_page);
  CHECK_FALSE(parse_cost_model("perpage"));
}

TEST_CASE("fake_jsearch: a spent monthly quota answers the real 429", "[fake_jsearch]") {
  auto o = base_options();
  o.monthly_quota = 3;
  auto wall = std::make_shared<std::int64_t>(november_first_2026 + 86400);
  o.wall_clock = [wall] { return *wall; };
  service svc(std::move(o));
  for (int i = 0; i < 3; ++i) CHECK(get(svc, "/search?query=x").response.status == 200);
  for (const char* target : {"/search?query=x", "/job-details?job_id=a", "/search-v2?query=x"}) {
    const auto r = get(svc, target);
    CHECK(r.response.status == 429);
    CHECK(header(r, "x-ratelimit-requests-remaining") == "0");
    CHECK(r.response.body.find("MONTHLY quota") != std::string::npos);
    CHECK(body(r).count("data") == 0);
    CHECK(header(r, "retry-after") == "<absent>");
  }
  CHECK(svc.quota_used() == 3);
  // A new month is a new quota period.
  *wall = november_first_2026 + 31 * 86400;
  const auto r = get(svc, "/search?query=x");
  CHECK(r.response.status == 200);
  CHECK(header(r, "x-ratelimit-requests-remaining") == "2");

  auto spent = base_options();
  spent.monthly_quota = 50;
  spent.quota_used_start = 50;
  service empty(std::move(spent));
  CHECK(get(empty, "/search?query=x").response.status == 429);
  CHECK(empty.calls().by_path.at("/search").at("quota_exhausted") == 1);
}

TEST_CASE("fake_jsearch: the per-second limit answers a burst 429 with Retry-After", "[fake_jsearch]") {
  manual_clock clock;
  auto o = base_options();
  o.requests_per_second = 2;
  o.monthly_quota = 100;
  o.clock = clock.fn();
  service svc(std::move(o));
  CHECK(get(svc, "/search?query=x").response.status == 200);
  CHECK(get(svc, "/search?query=x").response.status == 200);
  const auto limited = get(svc, "/search?query=x");
  CHECK(limited.response.status == 429);
  CHECK(header(limited, "retry-after") == "1");
  CHECK(header(limited, "x-ratelimit-requests-remaining") == "98");
  CHECK(limited.response.body.find("rate limit per second") != std::string::npos);
  clock.advance(499ms);
  CHECK(get(svc, "/search?query=x").response.status == 429);
  clock.advance(1ms);
  CHECK(get(svc, "/search?query=x").response.status == 200);
  CHECK(get(svc, "/search?query=x").response.status == 429);
  clock.advance(5s);  // the bucket holds at most one second's worth
  CHECK(get(svc, "/search?query=x").response.status == 200);
  CHECK(get(svc, "/search?query=x").response.status == 200);
  CHECK(get(svc, "/search?query=x").response.status == 429);
  CHECK(svc.quota_used() == 5);
  CHECK(svc.calls().by_path.at("/search").at("rate_limited") == 4);
}

TEST_CASE("fake_jsearch: each fault rate at 1.0 yields its fault", "[fake_jsearch]") {
  enum class expect { burst, quota, error5xx, hang, cut, malformed, utf8, truncate };
  const struct {
    double fault_rates::*rate;
    expect what;
    const char* outcome;
    std::int64_t charged;
  } table[] = {
      {&fault_rates::burst_429_rate, expect::burst, "burst_429", 0},
      {&fault_rates::quota_429_rate, expect::quota, "quota_429", 0},
      {&fault_rates::error_5xx_rate, expect::error5xx, "error_5xx", 0},
      {&fault_rates::hang_rate, expect::hang, "hang", 1},
      {&fault_rates::cut_rate, expect::cut, "cut", 1},
      {&fault_rates::malformed_json_rate, expect::malformed, "malformed_json", 1},
      {&fault_rates::invalid_utf8_rate, expect::utf8, "invalid_utf8", 1},
      {&fault_rates::truncate_rate, expect::truncate, "truncate", 1},
  };
  for (const auto& row : table) {
    INFO(row.outcome);
    auto o = base_options();
    o.faults.*row.rate = 1.0;
    o.hang_ms = 1234ms;
    o.monthly_quota = 1000;
    service svc(std::move(o));
    std::set<int> statuses;
    for (int i = 0; i < 40; ++i) {
      const auto r = get(svc, "/search?query=software");
      const auto& res = r.response;
      switch (row.what) {
        case expect::burst:
          CHECK(res.status == 429);
          CHECK(header(r, "retry-after") == "1");
          CHECK(header(r, "x-ratelimit-requests-remaining") == "1000");
          CHECK(res.body.find("per second") != std::string::npos);
          break;
        case expect::quota:
          CHECK(res.status == 429);
          CHECK(header(r, "x-ratelimit-requests-remaining") == "0");
          CHECK(res.body.find("MONTHLY") != std::string::npos);
          break;
        case expect::error5xx: {
          statuses.insert(res.status);
          const auto b = body(r);
          if (res.status == 500) CHECK(b.at("status") == "ERROR");
          else CHECK(b.contains("messages"));
          CHECK(header(r, "x-ratelimit-requests-limit") == "1000");
          break;
        }
        case expect::hang:
          CHECK(r.fault == net::wire_fault::hang);
          CHECK(r.hang_for == 1234ms);
          break;
        case expect::cut: CHECK(r.fault == net::wire_fault::cut); break;
        case expect::malformed: {
          CHECK(res.status == 200);
          CHECK(r.fault == net::wire_fault::none);
          boost::system::error_code ec;
          boost::json::parse(res.body, ec);
          CHECK(ec);
          CHECK(res.body.rfind("{\"status\":\"OK\"", 0) == 0);
          break;
        }
        case expect::utf8: {
          CHECK(res.status == 200);
          CHECK_FALSE(core::is_valid_utf8(res.body));
          const auto bad = core::find_invalid_utf8(res.body);
          // Inside a string value: the byte before is the opening quote.
          CHECK(res.body[bad - 1] == '"');
          break;
        }
        case expect::truncate: {
          CHECK(r.fault == net::wire_fault::truncate_body);
          CHECK(r.truncate_at == res.body.size() / 2);
          CHECK(body(r).at("data").as_array().size() == 10);
          break;
        }
      }
    }
    if (row.what == expect::error5xx) CHECK(statuses == std::set<int>{500, 502, 503, 504});
    CHECK(svc.quota_used() == 40 * row.charged);
    CHECK(svc.calls().by_path.at("/search").at(row.outcome) == 40);
  }
}

TEST_CASE("fake_jsearch: faults, request ids and latency repeat per seed", "[fake_jsearch]") {
  auto run = [](std::uint64_t seed) {
    auto o = base_options();
    o.fault_seed = seed;
    o.faults.burst_429_rate = 0.1;
    o.faults.error_5xx_rate = 0.1;
    o.faults.cut_rate = 0.1;
    o.latency_ms = 200;
    o.latency_p99_ms = 2000;
    service svc(std::move(o));
    std::string trace;
    std::vector<std::int64_t> delays;
    for (int i = 0; i < 300; ++i) {
      const auto r = get(svc, "/search?query=data");
      trace += std::to_string(r.response.status) + "/" + std::to_string(static_cast<int>(r.fault)) + "/" +
               header(r, "x-rapidapi-request-id") + "/" + std::to_string(r.delay.count()) + " ";
      if (r.response.status == 200 && r.fault == net::wire_fault::none) delays.push_back(r.delay.count());
    }
    return std::make_pair(trace, delays);
  };
  const auto a = run(5), b = run(5), c = run(6);
  CHECK(a.first == b.first);
  CHECK(a.first != c.first);
  auto delays = a.second;
  REQUIRE(delays.size() > 150);
  std::sort(delays.begin(), delays.end());
  const auto median = delays[delays.size() / 2];
  CHECK(median >= 140);
  CHECK(median <= 280);
  CHECK(delays.back() > 600);
  CHECK(delays.back() <= 20000);

  auto fixed = base_options();
  fixed.latency_ms = 150;
  service constant(std::move(fixed));
  CHECK(get(constant, "/search?query=x").delay == 150ms);
  service plain(base_options());
  CHECK(get(plain, "/search?query=x").delay == 0ms);
}

TEST_CASE("fake_jsearch: API keys are checked like RapidAPI", "[fake_jsearch]") {
  auto o = base_options();
  o.expected_api_key = "secret";
  service strict(std::move(o));
  const auto missing = get(strict, "/search?query=x", nullptr);
  CHECK(missing.response.status == 401);
  CHECK(missing.response.body.find("Invalid API key") != std::string::npos);
  CHECK(header(missing, "x-ratelimit-requests-remaining") == "10000");
  const auto wrong = get(strict, "/search?query=x", "guess");
  CHECK(wrong.response.status == 403);
  CHECK(wrong.response.body == R"({"message":"You are not subscribed to this API."})");
  CHECK(header(wrong, "x-ratelimit-requests-remaining") == "<absent>");
  CHECK(get(strict, "/search?query=x", "secret").response.status == 200);
  CHECK(get(strict, "/search?query=x", "secret", "x-rapidapi-key").response.status == 200);
  CHECK(get(strict, "/search?query=x", "", "x-rapidapi-key").response.status == 401);
  CHECK(strict.quota_used() == 2);

  service open(base_options());
  CHECK(get(open, "/search?query=x", "anything").response.status == 200);
  CHECK(get(open, "/search?query=x", "ak_direct", "x-api-key").response.status == 200);
  CHECK(get(open, "/search?query=x", nullptr).response.status == 401);
}

TEST_CASE("fake_jsearch: unknown paths get a 404 without quota headers", "[fake_jsearch]") {
  service svc(base_options());
  const auto r = get(svc, "/estimated-salary?job_title=x");
  CHECK(r.response.status == 404);
  CHECK(r.response.body == R"({"message":"Endpoint '/estimated-salary' does not exist"})");
  CHECK(header(r, "x-ratelimit-requests-limit") == "<absent>");
  CHECK(header(r, "x-ratelimit-requests-remaining") == "<absent>");
  net::http_request post;
  post.method = "POST";
  post.target = "/search?query=x";
  post.headers = {{"X-RapidAPI-Key", "k"}};
  CHECK(svc.handle(post).response.status == 404);
  CHECK(svc.quota_used() == 0);
}

TEST_CASE("fake_jsearch: replies carry the RapidAPI headers", "[fake_jsearch]") {
  service svc(base_options());
  const auto r = get(svc, "/search?query=x");
  CHECK(header(r, "content-type") == "application/json");
  CHECK(header(r, "server") == "RapidAPI-1.2.8");
  CHECK(header(r, "x-rapidapi-version") == "1.2.8");
  CHECK(header(r, "x-rapidapi-region").rfind("AWS - ", 0) == 0);
  CHECK(core::is_uuid(header(r, "x-rapidapi-request-id")));
  CHECK(header(r, "x-rapidapi-proxy-response") == "<absent>");
  CHECK(header(get(svc, "/search?query=x", nullptr), "x-rapidapi-proxy-response") == "true");
}

TEST_CASE("fake_jsearch: /__calls counts every API request by path and outcome", "[fake_jsearch]") {
  auto o = base_options();
  o.monthly_quota = 500;
  service svc(std::move(o));
  get(svc, "/search?query=a");
  get(svc, "/search?query=b&num_pages=2");
  get(svc, "/search");
  get(svc, "/search?query=a", nullptr);
  get(svc, "/job-details?job_id=x");
  get(svc, "/nowhere");
  const auto before = get(svc, "/__calls");
  CHECK(before.response.status == 200);
  const auto calls = body(before);
  CHECK(calls.at("total") == 6);
  CHECK(calls.at("with_key") == 5);
  CHECK(boost::json::serialize(calls.at("by_path")) ==
        R"({"/job-details":{"ok":1},"/search":{"bad_request":1,"ok":2,"unauthorized":1},"other":{"not_found":1}})");
  CHECK(calls.at("quota_used") == 5);
  CHECK(calls.at("quota_limit") == 500);
  // /__calls and /__labels are not API calls: no count, no quota.
  get(svc, "/__labels");
  CHECK(body(get(svc, "/__calls")).at("total") == 6);
  CHECK(svc.quota_used() == 5);
  CHECK(svc.calls().total == 6);
}

TEST_CASE("fake_jsearch: /search-v2 pages with an opaque cursor", "[fake_jsearch]") {
  service svc(base_options());
  const std::size_t total = matches_for("data scientist");
  REQUIRE(total > 10);
  std::vector<std::string> seen;
  std::string cursor;
  int calls = 0;
  for (;;) {
    const auto b = body(get(svc, "/search-v2?query=data+scientist&num_pages=2" +
                                     (cursor.empty() ? std::string() : "&cursor=" + net::url_encode(cursor))));
    REQUIRE(b.at("data").is_object());
    const auto& data = b.at("data").as_object();
    const auto page = ids(data.at("jobs").as_array());
    CHECK(page.size() <= 20);
    seen.insert(seen.end(), page.begin(), page.end());
    ++calls;
    if (data.at("cursor").is_null()) break;
    cursor = std::string(data.at("cursor").as_string());
    CHECK(cursor.find("20") == std::string::npos);  // opaque, not the bare offset
    REQUIRE(calls < 50);
  }
  CHECK(seen.size() == total);
  std::vector<std::string> expected;
  for (auto i : match(small_corpus(), "data scientist"))
    expected.emplace_back(small_corpus().postings[i].job.at("job_id").as_string());
  CHECK(seen == expected);
  CHECK(decode_cursor(encode_cursor(40)) == std::optional<std::size_t>(40));
  CHECK_FALSE(decode_cursor("MjA="));
}

TEST_CASE("fake_jsearch: /job-details answers known ids in order", "[fake_jsearch]") {
  auto o = base_options();
  o.monthly_quota = 100;
  service svc(std::move(o));
  const auto& postings = small_corpus().postings;
  const std::string a(postings[5].job.at("job_id").as_string()), b(postings[9].job.at("job_id").as_string());
  const auto r = get(svc, "/job-details?job_id=" + net::url_encode(b) + "," + net::url_encode("unknown==") + "," +
                              net::url_encode(a));
  CHECK(data_ids(r) == std::vector<std::string>{b, a});
  CHECK(header(r, "x-ratelimit-requests-remaining") == "97");
  CHECK(boost::json::serialize(body(r).at("parameters")) ==
        R"({"job_id":")" + b + ",unknown==," + a + R"(","country":"us","language":"en"})");
  std::string many;
  for (int i = 0; i < 21; ++i) many += (i ? "," : "") + std::to_string(i);
  CHECK(body(get(svc, "/job-details?job_id=" + many)).at("status") == "ERROR");
}

TEST_CASE("fake_jsearch: fields projects job objects", "[fake_jsearch]") {
  service svc(base_options());
  const auto b = body(get(svc, "/search?query=x&fields=job_id,job_title,not_a_field"));
  CHECK(std::string(b.at("parameters").at("fields").as_string()) == "job_id,job_title,not_a_field");
  for (const auto& job : b.at("data").as_array()) {
    const auto& o = job.as_object();
    CHECK(o.size() == 2);
    CHECK(o.contains("job_id"));
    CHECK(o.contains("job_title"));
  }
}

TEST_CASE("fake_jsearch: /__labels serves the generator's labels", "[fake_jsearch]") {
  service svc(base_options());
  const auto r = get(svc, "/__labels", nullptr);
  CHECK(r.response.status == 200);
  CHECK(r.response.body == boost::json::serialize(labels_json(small_corpus())));
}

TEST_CASE("fake_jsearch: a recorded corpus is served byte for byte", "[fake_jsearch]") {
  jobpilot::test::temp_dir dir;
  const std::string job = R"({"job_id": "REC1AAAAAAAAAAAAAAAAAA==", "job_title": "Python Developer",
      "job_latitude": 30.267153, "job_description": "Caf\u00e9 \u2013 team"})";
  std::ofstream(dir.path / "response.json") << R"({"status":"OK","parameters":{"job_id":"x"},"data":[)" << job << "]}";
  std::string error;
  auto c = load_recorded(dir.path.string(), &error);
  INFO(error);
  REQUIRE(c);
  auto o = base_options();
  o.jobs = std::move(*c);
  service svc(std::move(o));
  const auto r = get(svc, "/search?query=python+developer");
  CHECK(r.response.body.find(job) != std::string::npos);
  CHECK(data_ids(r) == std::vector<std::string>{"REC1AAAAAAAAAAAAAAAAAA=="});
  CHECK(data_ids(get(svc, "/job-details?job_id=REC1AAAAAAAAAAAAAAAAAA%3D%3D")).size() == 1);
  CHECK(get(svc, "/__labels").response.status == 404);
}
