// Request and reply shapes follow https://platform.openai.com/docs/api-reference/embeddings.
#include "fake_jsearch/embeddings_endpoint.hpp"

#include "core/ascii.hpp"
#include "core/embedding.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace jobpilot::fake_jsearch {

namespace {

net::http_response json_response(int status, const boost::json::value& body) {
  net::http_response res;
  res.status = status;
  res.headers = {{"content-type", "application/json"}};
  res.body = boost::json::serialize(body);
  return res;
}

net::http_response openai_error(int status, const std::string& message, std::string_view type,
                                const char* param = nullptr) {
  boost::json::object error{{"message", message},
                            {"type", type},
                            {"param", param ? boost::json::value(param) : boost::json::value(nullptr)},
                            {"code", nullptr}};
  return json_response(status, boost::json::object{{"error", std::move(error)}});
}

net::http_response bad_request(const std::string& message, const char* param = nullptr) {
  return openai_error(400, message, "invalid_request_error", param);
}

/// Rough token count for "usage": words, as the local embedding sees them.
std::int64_t approx_tokens(std::string_view text) {
  std::int64_t n = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = core::is_space(c);
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace

net::http_response embeddings_response(const net::http_request& request) {
  try {
    if (!core::iequals(request.method, "POST"))
      return openai_error(405, "Method " + request.method + " is not allowed on /v1/embeddings; use POST.",
                          "invalid_request_error");
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(request.body, ec);
    if (ec || !parsed.is_object())
      return bad_request("We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                         "using your HTTP library correctly. The OpenAI API expects a JSON payload.)");
    const auto& body = parsed.as_object();

    const auto* model = body.if_contains("model");
    if (!model || !model->is_string() || model->as_string().empty())
      return bad_request("you must provide a model parameter", "model");

    const auto* input = body.if_contains("input");
    if (!input) return bad_request("'input' is a required property", "input");
    std::vector<std::string> texts;
    if (input->is_string()) {
      texts.emplace_back(input->as_string());
    } else if (input->is_array()) {
      for (const auto& item : input->as_array()) {
        if (!item.is_string()) return bad_request("'$.input' is invalid: every item must be a string", "input");
        texts.emplace_back(item.as_string());
      }
    } else {
      return bad_request("'$.input' is invalid: expected a string or an array of strings", "input");
    }
    if (texts.empty()) return bad_request("'$.input' is invalid: it must not be empty", "input");
    if (texts.size() > max_embedding_inputs)
      return bad_request("'$.input' is invalid: at most " + std::to_string(max_embedding_inputs) + " inputs", "input");

    int dims = default_embedding_dimensions;
    if (const auto* d = body.if_contains("dimensions"); d && !d->is_null()) {
      if (!d->is_int64() || d->as_int64() < 1 || d->as_int64() > max_embedding_dimensions)
        return bad_request("'dimensions' must be an integer between 1 and " + std::to_string(max_embedding_dimensions),
                           "dimensions");
      dims = static_cast<int>(d->as_int64());
    }

    boost::json::array data;
    data.reserve(texts.size());
    std::int64_t tokens = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto v = core::local_embed(texts[i], dims);
      boost::json::array values;
      values.reserve(v.size());
      for (float x : v) values.emplace_back(static_cast<double>(x));
      data.emplace_back(boost::json::object{
          {"object", "embedding"}, {"index", static_cast<std::int64_t>(i)}, {"embedding", std::move(values)}});
      tokens += approx_tokens(texts[i]);
    }
    return json_response(200, boost::json::object{{"object", "list"},
                                                   {"data", std::move(data)},
                                                   {"model", model->as_string()},
                                                   {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}});
  } catch (const std::exception& e) {
    return openai_error(500, std::string("fake embeddings: ") + e.what(), "server_error");
  }
}

net::http_response embeddings_server_error(int status) {
  switch (status) {
    case 502:
      return openai_error(502, "Bad gateway.", "server_error");
    case 503:
      return openai_error(503, "The engine is currently overloaded, please try again later.", "server_error");
    default:
      return openai_error(500,
                          "The server had an error while processing your request. Sorry about that!",
                          "server_error");
  }
}

}  // namespace jobpilot::fake_jsearch
