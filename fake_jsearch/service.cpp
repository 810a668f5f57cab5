// Order of checks follows RapidAPI: gateway first (route, key, monthly quota, per-second limit), then
// the injected faults, then JSearch itself (parameter validation and data). Bodies per notes 4.1.
#include "fake_jsearch/service.hpp"

#include "core/ascii.hpp"
#include "fake_jsearch/embeddings_endpoint.hpp"
#include "fake_jsearch/query_match.hpp"
#include "fake_jsearch/request_params.hpp"
#include "fake_jsearch/utc_calendar.hpp"

#include <algorithm>
#include <cmath>

namespace jobpilot::fake_jsearch {

enum class service::outcome {
  ok, bad_request, not_found, unauthorized, forbidden, quota_exhausted, rate_limited,
  burst_429, quota_429, error_5xx, hang, cut, truncate, malformed_json, invalid_utf8
};

struct service::decision {
  outcome result = outcome::ok;
  int status_5xx = 500;
  std::int64_t remaining = 0;
  std::int64_t reset_seconds = 0;
  std::string request_id;        ///< JSearch's envelope id
  std::string gateway_id;        ///< RapidAPI's x-rapidapi-request-id
  std::chrono::milliseconds delay{0};
};

namespace {

constexpr std::string_view invalid_key_body =
    R"j({"message":"Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info."})j";
constexpr std::string_view not_subscribed_body = R"j({"message":"You are not subscribed to this API."})j";
constexpr std::string_view monthly_quota_body =
    R"j({"message":"You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/letscrape-6bRBa3QguO5/api/jsearch"})j";
constexpr std::string_view per_second_body =
    R"j({"message":"You have exceeded the rate limit per second for your plan, BASIC, by the API provider"})j";
constexpr std::string_view unreachable_body =
    R"j({"messages":"The API is unreachable, please contact the API provider","info":"Your Client (working) ---> Gateway (working) ---> API (not working)"})j";
constexpr std::string_view unavailable_body =
    R"j({"messages":"The API is unavailable, please try again later","info":"Your Client (working) ---> Gateway (working) ---> API (not working)"})j";
constexpr std::string_view timed_out_body =
    R"j({"messages":"The request to the API has timed out. Please try again later, or if the issue persists, please contact the API provider","info":"Your Client (working) ---> Gateway (working) ---> API (not working)"})j";

const char* outcome_name(int o) {
  static const char* const names[] = {"ok",        "bad_request", "not_found", "unauthorized", "forbidden",
                                      "quota_exhausted", "rate_limited", "burst_429", "quota_429", "error_5xx",
                                      "hang",      "cut",         "truncate",  "malformed_json", "invalid_utf8"};
  return names[o];
}

std::string quoted(const std::string& text) { return boost::json::serialize(boost::json::value(text)); }

std::string ok_envelope(const std::string& request_id, const boost::json::object& echo, const std::string& data) {
  return R"({"status":"OK","request_id":)" + quoted(request_id) + R"(,"parameters":)" + boost::json::serialize(echo) +
         R"(,"data":)" + data + "}";
}

std::string error_envelope(const std::string& request_id, const std::string& message, int code) {
  boost::json::object error{{"message", message}, {"code", code}};
  return R"({"status":"ERROR","request_id":)" + quoted(request_id) + R"(,"error":)" + boost::json::serialize(error) + "}";
}

std::string join_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += items[i];
  }
  return out + "]";
}

/// Invalid UTF-8 inside a JSON string: after the opening quote of the first job title, else of the request id.
std::string with_invalid_utf8(std::string body) {
  for (std::string_view key : {std::string_view("\"job_title\":"), std::string_view("\"request_id\":")}) {
    auto pos = body.find(key);
    if (pos == std::string::npos) continue;
    pos += key.size();
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\n' || body[pos] == '\t' || body[pos] == '\r')) ++pos;
    if (pos < body.size() && body[pos] == '"') {
      body.insert(pos + 1, "\xC3\x28\xFF");
      return body;
    }
  }
  return body + "\xFF";
}

std::int64_t legacy_cost(int pages) { return pages <= 1 ? 1 : pages <= 10 ? 2 : 3; }

}  // namespace

std::optional<cost_model> parse_cost_model(std::string_view text) {
  if (text == "per_page") return cost_model::per_page;
  if (text == "legacy") return cost_model::legacy;
  return std::nullopt;
}

boost::json::value call_counts::to_json() const {
  boost::json::object paths;
  for (const auto& [path, outcomes] : by_path) {
    boost::json::object counts;
    for (const auto& [name, n] : outcomes) counts[name] = n;
    paths[path] = std::move(counts);
  }
  return boost::json::object{{"total", total},
                             {"by_path", std::move(paths)},
                             {"with_key", with_key},
                             {"sent_sha256", boost::json::value_from(sent_sha256)},
                             {"quota_used", quota_used},
                             {"quota_limit", quota_limit},
                             {"timeline", [&] {
                                boost::json::array a;
                                for (const auto& [ms, outcome] : timeline) a.push_back(boost::json::array{ms, outcome});
                                return a;
                              }()}};
}

service::service(service_options options)
    : options_(std::move(options)),
      faults_(options_.fault_seed),
      ids_(options_.fault_seed ^ 0x6a09e667f3bcc909ULL),
      embedding_faults_(options_.fault_seed ^ 0xbb67ae8584caa73bULL) {
  if (!options_.clock) options_.clock = [] { return std::chrono::steady_clock::now(); };
  if (!options_.wall_clock)
    options_.wall_clock = [] {
      return static_cast<std::int64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    };
  if (options_.page_size == 0) options_.page_size = 10;
  if (options_.max_page < 1) options_.max_page = 1;
  rendered_.reserve(options_.jobs.postings.size());
  for (std::size_t i = 0; i < options_.jobs.postings.size(); ++i) {
    const auto& p = options_.jobs.postings[i];
    rendered_.push_back(p.raw.empty() ? boost::json::serialize(p.job) : p.raw);
    if (const auto* id = p.job.if_contains("job_id"); id && id->is_string())
      by_id_.emplace(std::string(id->as_string()), i);  // the first of repeated ids wins
  }
  tokens_ = std::max(1.0, options_.requests_per_second);
  last_refill_ = options_.clock();
  quota_used_ = options_.quota_used_start;
  quota_month_ = utc_month_index(options_.wall_clock());
  calls_.quota_limit = options_.monthly_quota;
}

call_counts service::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  call_counts out = calls_;
  out.quota_used = quota_used_;
  return out;
}

std::int64_t service::quota_used() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return quota_used_;
}

bool service::take_token() {
  const double rate = options_.requests_per_second;
  if (rate <= 0) return true;
  const auto now = options_.clock();
  const double elapsed = std::chrono::duration<double>(now - last_refill_).count();
  if (elapsed > 0) {
    tokens_ = std::min(std::max(1.0, rate), tokens_ + elapsed * rate);
    last_refill_ = now;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

service::decision service::decide(const net::http_request& request, const std::string& path_key, bool known_route,
                                  std::int64_t cost) {
  // A fixed number of draws per call keeps every later call's faults independent of this one's outcome.
  double u[8];
  for (double& x : u) x = faults_.real();
  static const int statuses[] = {500, 502, 503, 504};
  decision d;
  d.status_5xx = statuses[faults_.below(4)];
  const double z = faults_.normal();
  d.request_id = ids_.next();
  d.gateway_id = ids_.next();

  ++calls_.total;
  const std::string* key = net::find_header(request.headers, "X-RapidAPI-Key");
  if (!key) key = net::find_header(request.headers, "x-api-key");
  const bool has_key = key && !key->empty();
  if (has_key) ++calls_.with_key;

  const std::int64_t now = options_.wall_clock();
  if (const auto month = utc_month_index(now); month != quota_month_) {
    quota_month_ = month;
    quota_used_ = 0;  // a new quota period
  }
  const auto& f = options_.faults;
  bool reached_api = false;
  if (!known_route) d.result = outcome::not_found;
  else if (!has_key) d.result = outcome::unauthorized;
  else if (options_.expected_api_key && *key != *options_.expected_api_key) d.result = outcome::forbidden;
  else if (quota_used_ >= options_.monthly_quota) d.result = outcome::quota_exhausted;
  else if (!take_token()) d.result = outcome::rate_limited;
  else if (u[0] < f.quota_429_rate) d.result = outcome::quota_429;
  else if (u[1] < f.burst_429_rate) d.result = outcome::burst_429;
  else if (u[2] < f.error_5xx_rate) { d.result = outcome::error_5xx; reached_api = true; }
  else {
    reached_api = true;
    quota_used_ += cost;
    if (u[3] < f.hang_rate) d.result = outcome::hang;
    else if (u[4] < f.cut_rate) d.result = outcome::cut;
    else if (u[5] < f.truncate_rate) d.result = outcome::truncate;
    else if (u[6] < f.malformed_json_rate) d.result = outcome::malformed_json;
    else if (u[7] < f.invalid_utf8_rate) d.result = outcome::invalid_utf8;
  }
  d.remaining = d.result == outcome::quota_429 ? 0 : std::max<std::int64_t>(0, options_.monthly_quota - quota_used_);
  d.reset_seconds = seconds_to_month_end(now);
  if (reached_api && options_.latency_ms > 0) {
    const double median = options_.latency_ms;
    const double sigma = options_.latency_p99_ms > median ? std::log(options_.latency_p99_ms / median) / 2.3263 : 0.0;
    const double ms = std::min(median * std::exp(sigma * z), 10.0 * std::max(median, options_.latency_p99_ms));
    d.delay = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
  }
  // bad_request is only known after parsing; counted by the caller through the same map.
  if (d.result != outcome::ok) ++calls_.by_path[path_key][outcome_name(static_cast<int>(d.result))];
  calls_.timeline.emplace_back(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count(),
      outcome_name(static_cast<int>(d.result)));
  return d;
}

net::server_reply service::handle_embeddings(const net::http_request& request) {
  static const int statuses[] = {500, 502, 503};
  std::unique_lock<std::mutex> lock(mutex_);
  // Fixed draws per call, as in decide().
  const double u_5xx = embedding_faults_.real();
  const double u_hang = embedding_faults_.real();
  const int status_5xx = statuses[embedding_faults_.below(3)];
  const bool post = core::iequals(request.method, "POST");
  const char* outcome = post && u_5xx < options_.faults.error_5xx_rate ? "error_5xx"
                        : post && u_hang < options_.faults.hang_rate  ? "hang"
                                                                       : nullptr;
  if (outcome) {
    ++calls_.by_path[std::string(embeddings_path)][outcome];
    lock.unlock();
    net::server_reply reply;
    reply.response = embeddings_server_error(status_5xx);
    if (std::string_view(outcome) == "hang") {
      reply.fault = net::wire_fault::hang;
      reply.hang_for = options_.hang_ms;
    }
    return reply;
  }
  lock.unlock();
  net::server_reply reply;
  reply.response = embeddings_response(request);
  const int status = reply.response.status;
  lock.lock();
  ++calls_.by_path[std::string(embeddings_path)][status == 200 ? "ok" : status == 405 ? "method_not_allowed" : "bad_request"];
  return reply;
}

std::string service::render_job(std::size_t index, const std::vector<std::string>& fields) const {
  if (fields.empty()) return rendered_[index];
  boost::json::object projected;
  for (const auto& [key, value] : options_.jobs.postings[index].job)
    if (std::find(fields.begin(), fields.end(), std::string_view(key)) != fields.end()) projected[key] = value;
  return boost::json::serialize(projected);
}

net::server_reply service::handle(const net::http_request& request) {
  try {
    const auto target = parse_target(request.target);
    auto internal = [](int status, std::string body) {
      net::server_reply reply;
      reply.response.status = status;
      reply.response.headers = {{"content-type", "application/json"}};
      reply.response.body = std::move(body);
      return reply;
    };
    if (target.path == "/__calls") return internal(200, boost::json::serialize(calls().to_json()));
    if (target.path == "/__labels") {
      if (!options_.jobs.labelled) return internal(404, R"({"message":"no labels: the corpus is recorded, not generated"})");
      return internal(200, boost::json::serialize(labels_json(options_.jobs)));
    }
    if (target.path == embeddings_path) return handle_embeddings(request);
    auto reply = handle_api(request, target);
    if (reply.fault == net::wire_fault::none) {
      // What went out whole, so tests can prove the client stored it byte for byte.
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.sent_sha256.push_back(core::sha256_hex(reply.response.body));
    }
    return reply;
  } catch (const std::exception& e) {
    net::server_reply reply;
    reply.response.status = 500;
    reply.response.headers = {{"content-type", "application/json"}};
    reply.response.body = boost::json::serialize(boost::json::object{{"message", std::string("fake-jsearch: ") + e.what()}});
    return reply;
  }
}

net::server_reply service::handle_api(const net::http_request& request, const parsed_target& target) {
  const bool get = core::iequals(request.method, "GET");
  const bool search = target.path == "/search";
  const bool search_v2 = target.path == "/search-v2";
  const bool details = target.path == "/job-details";
  const bool known = get && (search || search_v2 || details);
  const std::string path_key = known ? target.path : "other";

  // JSearch's side is pure: parse first, so the quota charge matches the request.
  std::variant<search_request, std::string> search_parsed = std::string();
  std::variant<details_request, std::string> details_parsed = std::string();
  std::int64_t cost = 1;
  if (search || search_v2) {
    search_parsed = parse_search(target, search_v2);
    if (const auto* s = std::get_if<search_request>(&search_parsed))
      cost = options_.cost == cost_model::legacy ? legacy_cost(s->num_pages) : s->num_pages;
  } else if (details) {
    details_parsed = parse_details(target);
    if (const auto* d = std::get_if<details_request>(&details_parsed))
      cost = std::max<std::int64_t>(1, static_cast<std::int64_t>(d->ids.size()));
  }

  std::unique_lock<std::mutex> lock(mutex_);
  const decision d = decide(request, path_key, known, cost);
  const std::string* bad = search || search_v2 ? std::get_if<std::string>(&search_parsed)
                                               : std::get_if<std::string>(&details_parsed);
  if (d.result == outcome::ok) ++calls_.by_path[path_key][bad ? "bad_request" : "ok"];
  lock.unlock();

  net::server_reply reply;
  auto& res = reply.response;
  res.headers = {{"content-type", "application/json"},
                 {"server", "RapidAPI-1.2.8"},
                 {"x-rapidapi-version", "1.2.8"},
                 {"x-rapidapi-region", "AWS - us-east-1"},
                 {"x-rapidapi-request-id", d.gateway_id}};
  auto quota_headers = [&] {
    res.headers.emplace_back("x-ratelimit-requests-limit", std::to_string(options_.monthly_quota));
    res.headers.emplace_back("x-ratelimit-requests-remaining", std::to_string(d.remaining));
    res.headers.emplace_back("x-ratelimit-requests-reset", std::to_string(d.reset_seconds));
  };
  auto gateway = [&](int status, std::string_view body) {
    res.status = status;
    res.body = std::string(body);
    res.headers.emplace_back("x-rapidapi-proxy-response", "true");
  };

  switch (d.result) {
    case outcome::not_found:
      gateway(404, boost::json::serialize(boost::json::object{{"message", "Endpoint '" + target.path + "' does not exist"}}));
      return reply;
    case outcome::forbidden:
      gateway(403, not_subscribed_body);
      return reply;
    case outcome::unauthorized:
      gateway(401, invalid_key_body);
      quota_headers();
      return reply;
    case outcome::quota_exhausted:
    case outcome::quota_429:
      gateway(429, monthly_quota_body);
      quota_headers();
      return reply;
    case outcome::rate_limited:
    case outcome::burst_429:
      gateway(429, per_second_body);
      quota_headers();
      res.headers.emplace_back("retry-after", "1");
      return reply;
    case outcome::error_5xx:
      res.status = d.status_5xx;
      if (d.status_5xx == 500) {
        res.body = error_envelope(d.request_id, "Internal server error, please try again later", 500);
      } else {
        gateway(d.status_5xx, d.status_5xx == 502 ? unreachable_body : d.status_5xx == 503 ? unavailable_body
                                                                                             : timed_out_body);
      }
      quota_headers();
      reply.delay = d.delay;
      return reply;
    default:
      break;
  }

  // JSearch answers.
  quota_headers();
  reply.delay = d.delay;
  res.status = 200;
  if (bad) {
    res.body = error_envelope(d.request_id, *bad, 400);
  } else if (details) {
    const auto& r = std::get<details_request>(details_parsed);
    std::vector<std::string> jobs;
    for (const auto& id : r.ids)
      if (const auto it = by_id_.find(id); it != by_id_.end()) jobs.push_back(render_job(it->second, r.fields));
    res.body = ok_envelope(d.request_id, r.echo, join_array(jobs));
  } else {
    const auto& r = std::get<search_request>(search_parsed);
    const auto matches = match(options_.jobs, r.query);
    const std::size_t page_size = options_.page_size;
    const std::size_t limit = std::min(matches.size(), static_cast<std::size_t>(options_.max_page) * page_size);
    const std::size_t begin = search_v2 ? r.offset : static_cast<std::size_t>(r.page - 1) * page_size;
    const std::size_t end = std::min(limit, begin + static_cast<std::size_t>(r.num_pages) * page_size);
    std::vector<std::string> jobs;
    for (std::size_t i = begin; i < end; ++i) jobs.push_back(render_job(matches[i], r.fields));
    if (search_v2) {
      const std::string cursor = end < limit ? quoted(encode_cursor(end)) : std::string("null");
      res.body = ok_envelope(d.request_id, r.echo, R"({"jobs":)" + join_array(jobs) + R"(,"cursor":)" + cursor + "}");
    } else {
      res.body = ok_envelope(d.request_id, r.echo, join_array(jobs));
    }
  }

  switch (d.result) {
    case outcome::hang:
      reply.fault = net::wire_fault::hang;
      reply.hang_for = options_.hang_ms;
      break;
    case outcome::cut: reply.fault = net::wire_fault::cut; break;
    case outcome::truncate:
      reply.fault = net::wire_fault::truncate_body;
      reply.truncate_at = res.body.size() / 2;
      break;
    case outcome::malformed_json: res.body.resize(res.body.size() / 2); break;
    case outcome::invalid_utf8: res.body = with_invalid_utf8(std::move(res.body)); break;
    default: break;
  }
  return reply;
}

}  // namespace jobpilot::fake_jsearch
