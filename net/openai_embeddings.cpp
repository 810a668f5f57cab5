// Wire format: https://platform.openai.com/docs/api-reference/embeddings/create
#include "net/openai_embeddings.hpp"

#include "core/ascii.hpp"
#include "core/embedding.hpp"
#include "net/http_client.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <variant>

namespace jobpilot::net {

namespace {

constexpr std::size_t max_message_chars = 300;

std::string shorten(std::string text) {
  if (text.size() > max_message_chars) {
    text.resize(max_message_chars);
    text += "...";
  }
  return text;
}

/// The server's own words: OpenAI's {"error":{"message":..}}, TEI's {"error":".."}, else the raw body.
std::string server_message(const std::string& body) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const auto& o = parsed.as_object();
    if (const auto* e = o.if_contains("error")) {
      if (e->is_string()) return std::string(e->as_string());
      if (e->is_object())
        if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) return std::string(m->as_string());
    }
    if (const auto* m = o.if_contains("message"); m && m->is_string()) return std::string(m->as_string());
  }
  return std::string(core::trim(body));
}

/// Reads one "embedding" array; empty string on success.
std::string read_vector(const boost::json::value& value, std::vector<float>& out) {
  if (!value.is_array()) return "\"embedding\" is not an array of numbers (base64 encoding is not supported)";
  const auto& arr = value.as_array();
  out.clear();
  out.reserve(arr.size());
  for (const auto& x : arr) {
    double d = 0;
    if (x.is_double()) d = x.as_double();
    else if (x.is_int64()) d = static_cast<double>(x.as_int64());
    else if (x.is_uint64()) d = static_cast<double>(x.as_uint64());
    else return "\"embedding\" holds a non-number";
    const auto f = static_cast<float>(d);
    if (!std::isfinite(f)) return "\"embedding\" holds a value that is not a finite float";
    out.push_back(f);
  }
  return {};
}

/// Unit length already (within float rounding) is kept bit for bit.
void normalize(std::vector<float>& v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (std::fabs(sum - 1.0) > 1e-6) core::l2_normalize(v);
}

}  // namespace

openai_embedding_provider::openai_embedding_provider(openai_embedding_options options)
    : options_(std::move(options)), dimensions_(std::max(0, options_.dimensions)) {
  options_.max_batch = std::max<std::size_t>(1, options_.max_batch);
  std::string error;
  auto base = parse_url(options_.base_url, &error);
  if (!base) {
    setup_error_ = "embeddings: invalid base_url: " + error;
    return;
  }
  // Accept both "https://api.openai.com" and "https://api.openai.com/v1".
  target_ = core::ends_with(base->path, "/v1") ? "/embeddings" : "/v1/embeddings";
  http_client_options client_options;
  client_options.total_timeout = options_.timeout;
  client_options.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(10'000));
  client_options.ca_file = options_.ca_file;
  client_ = std::make_unique<http_client>(*base, client_options);
}

openai_embedding_provider::~openai_embedding_provider() = default;

std::string openai_embedding_provider::scrub(std::string text) const {
  // Servers sometimes quote the key back ("Incorrect API key provided: sk-..."); it must not reach logs.
  if (options_.api_key.empty()) return text;
  for (auto pos = text.find(options_.api_key); pos != std::string::npos; pos = text.find(options_.api_key, pos))
    text.replace(pos, options_.api_key.size(), "[redacted]");
  return text;
}

core::embedding_batch_result openai_embedding_provider::embed(const std::vector<std::string>& texts) {
  core::embedding_batch_result result;
  if (!setup_error_.empty()) {
    result.error = setup_error_;
    return result;
  }
  try {
    result.vectors.reserve(texts.size());
    const std::size_t chunks = (texts.size() + options_.max_batch - 1) / options_.max_batch;
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::size_t begin = c * options_.max_batch;
      const std::size_t end = std::min(texts.size(), begin + options_.max_batch);
      auto error = request_chunk(texts, begin, end, result.vectors);
      if (!error.empty()) {
        result.vectors.clear();
        result.error = scrub("embeddings: request " + std::to_string(c + 1) + "/" + std::to_string(chunks) + " (" +
                             options_.model + " at " + client_->base().to_string() + target_ + "): " + error);
        return result;
      }
    }
  } catch (const std::exception& e) {
    result.vectors.clear();
    result.error = scrub(std::string("embeddings: ") + e.what());
  }
  return result;
}

std::string openai_embedding_provider::request_chunk(const std::vector<std::string>& texts, std::size_t begin,
                                                     std::size_t end, std::vector<std::vector<float>>& out) {
  boost::json::array input;
  input.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) input.emplace_back(texts[i]);
  boost::json::object body{{"model", options_.model}, {"input", std::move(input)}};
  if (options_.dimensions > 0 && options_.send_dimensions) body["dimensions"] = options_.dimensions;

  http_request request;
  request.method = "POST";
  request.target = target_;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!options_.api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  request.body = boost::json::serialize(body);

  const auto sent = client_->send(request);
  if (const auto* failure = std::get_if<http_failure>(&sent))
    return std::string(to_string(failure->what)) + ": " + failure->message;
  const auto& response = std::get<http_response>(sent);
  if (response.status != 200)
    return "HTTP " + std::to_string(response.status) + ": " + shorten(server_message(response.body));

  boost::system::error_code ec;
  const auto parsed = boost::json::parse(response.body, ec);
  if (ec) return "reply is not JSON: " + ec.message();
  const auto* data = parsed.is_object() ? parsed.as_object().if_contains("data") : nullptr;
  if (!data || !data->is_array()) return "reply has no \"data\" array";
  const std::size_t count = end - begin;
  if (data->as_array().size() != count)
    return "reply has " + std::to_string(data->as_array().size()) + " embeddings for " + std::to_string(count) +
           " inputs";

  std::vector<std::vector<float>> vectors(count);
  std::vector<bool> seen(count, false);
  int expected = dimensions_;
  for (std::size_t pos = 0; pos < count; ++pos) {
    const auto& item = data->as_array()[pos];
    if (!item.is_object()) return "reply \"data\" item is not an object";
    // Order by "index" when present (OpenAI does not promise array order), else by position.
    std::size_t index = pos;
    if (const auto* idx = item.as_object().if_contains("index")) {
      if (!idx->is_int64() || idx->as_int64() < 0 || static_cast<std::size_t>(idx->as_int64()) >= count)
        return "reply has a bad \"index\"";
      index = static_cast<std::size_t>(idx->as_int64());
    }
    if (seen[index]) return "reply repeats index " + std::to_string(index);
    seen[index] = true;
    const auto* embedding = item.as_object().if_contains("embedding");
    if (!embedding) return "reply item has no \"embedding\"";
    if (auto error = read_vector(*embedding, vectors[index]); !error.empty()) return error;
    const auto size = static_cast<int>(vectors[index].size());
    if (size == 0) return "reply has an empty embedding";
    if (expected == 0) expected = size;
    if (size != expected)
      return "reply has vectors of " + std::to_string(size) + " dimensions, expected " + std::to_string(expected);
  }
  dimensions_ = expected;  // learnt from the first good reply; every later one must match
  for (auto& v : vectors) {
    normalize(v);
    out.push_back(std::move(v));
  }
  return {};
}

}  // namespace jobpilot::net
