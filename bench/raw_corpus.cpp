#include "bench/raw_corpus.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "fake_jsearch/generator.hpp"
#include "storage/raw_file_store.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace jobpilot::bench {

namespace {
constexpr std::size_t chunk_postings = 50'000;
}

raw_corpus_stats write_raw_corpus(const std::filesystem::path& data_dir, std::size_t postings, std::size_t page_size,
                                  std::uint64_t seed, const std::function<void(std::size_t)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  storage::raw_file_store files(data_dir);
  core::uuid_generator ids(seed);
  raw_corpus_stats stats;
  // Collections one second apart, ending now: the dedupe order is the collection order.
  const auto pages_total = (postings + page_size - 1) / page_size;
  auto when = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) -
              std::chrono::seconds(static_cast<std::int64_t>(pages_total));
  for (std::size_t chunk = 0; stats.postings < postings; ++chunk) {
    fake_jsearch::generator_options o;
    o.seed = seed + chunk;
    o.postings = std::min(chunk_postings, postings - stats.postings);
    const auto corpus = fake_jsearch::generate(o);
    for (std::size_t first = 0; first < corpus.postings.size(); first += page_size) {
      const std::size_t page = stats.collections + 1;
      boost::json::array data;
      for (std::size_t i = first; i < std::min(first + page_size, corpus.postings.size()); ++i)
        data.push_back(corpus.postings[i].job);
      const boost::json::object params{{"query", "bench postings"}, {"page", static_cast<std::int64_t>(page)},
                                       {"num_pages", 1}};
      const std::string body = boost::json::serialize(boost::json::object{
          {"status", "OK"}, {"request_id", ids.next()}, {"parameters", params}, {"data", std::move(data)}});
      const std::string id = ids.next();
      const std::string hash = core::sha256_hex("bench:" + std::to_string(page));
      const std::string meta = boost::json::serialize(boost::json::object{
          {"collection_id", id},
          {"request_id", nullptr},
          {"timestamp", core::iso8601_utc(when)},
          {"api_provider", "jsearch"},
          {"endpoint", "search"},
          {"query_params", params},
          {"query_hash", hash},
          {"metadata", boost::json::object{{"http_status", 200}, {"attempt", 1}, {"collection_strategy", "bench"}}},
          {"processing_status", "pending"},
          {"error_info", nullptr}});
      files.write(id, when, body, meta);
      when += std::chrono::seconds(1);
      stats.body_bytes += body.size();
      ++stats.collections;
    }
    stats.postings += corpus.postings.size();
    if (progress) progress(stats.postings);
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

void for_each_raw_body(const std::filesystem::path& data_dir, const std::function<void(const std::string&)>& fn) {
  storage::raw_file_store files(data_dir);
  for (const auto& path : files.list_bodies()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    fn(s.str());
  }
}

}  // namespace jobpilot::bench
