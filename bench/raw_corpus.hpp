// The bench's input: N generated postings stored the way the collector stores paid replies (a body
// file and its meta file per page of 10 jobs under <data_dir>/raw_collections), for `process` to import.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace jobpilot::bench {

struct raw_corpus_stats {
  std::size_t postings = 0;
  std::size_t collections = 0;
  std::uint64_t body_bytes = 0;
  double seconds = 0;  ///< generating and writing
};

/// Generates `postings` postings with the fake server's generator (in chunks of at most 50,000, one seed
/// each, so a million postings never sit in memory at once) and writes them as raw collections of
/// `page_size` jobs. `progress(done)` is told after each chunk.
raw_corpus_stats write_raw_corpus(const std::filesystem::path& data_dir, std::size_t postings, std::size_t page_size,
                                  std::uint64_t seed, const std::function<void(std::size_t)>& progress);

/// Calls `fn(body)` for every body file under <data_dir>/raw_collections (the bare-parse limit reads them).
void for_each_raw_body(const std::filesystem::path& data_dir, const std::function<void(const std::string&)>& fn);

}  // namespace jobpilot::bench
