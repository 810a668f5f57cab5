// What the end-to-end tests share: the fake-jsearch binary on loopback, the jobpilot-etl
// binary run as a user runs it, and direct reads of the database it wrote.
#pragma once

#include "tests/support/test_support.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {
class database;
}

namespace jobpilot::test {

/// `jobpilot-etl fake-jsearch --port 0 ...` in the background. --rps 0 is added unless given.
class fake_jsearch {
public:
  explicit fake_jsearch(std::vector<std::string> args = {});
  const std::string& base_url() const { return base_url_; }
  /// GET /__calls: {"total", "by_path": {"/search": {"ok": n, ...}}, "quota_used", "timeline", ...}.
  boost::json::object calls() const;
  std::int64_t total_calls() const;
  /// Calls to /search with the given outcome (ok, hang, quota_429, ...).
  std::int64_t calls_with_outcome(const std::string& outcome) const;
  void stop() { proc_.stop(); }

private:
  background_process proc_;
  std::string base_url_;
};

/// The API key every test passes in JSEARCH_API_KEY (it must never appear anywhere else).
extern const std::string test_api_key;

/// A data dir with its config: jobpilot.yaml is written into `dir` and passed with --config.
struct workspace {
  std::string db_url = "sqlite:jobpilot.db";
  std::filesystem::path dir;
  void write_config(const std::string& yaml) const;
  /// jobpilot-etl --db URL --data-dir DIR [--config DIR/jobpilot.yaml] ARGS...
  std::vector<std::string> command(const std::vector<std::string>& args) const;
  process_result run(const std::vector<std::string>& args,
                     std::chrono::seconds timeout = std::chrono::seconds(600)) const;
  std::shared_ptr<storage::database> db() const;
};

std::shared_ptr<storage::database> open_db(const std::string& url, const std::filesystem::path& data_dir);
std::int64_t count(storage::database& db, const std::string& sql);

/// The loaded result in natural keys, sorted, for comparing two runs: one line per
/// enhanced_jobs row (its first posting's JSearch id and content), job_sources row (posting,
/// publisher, its canonical job's JSearch id, reason) and job_embeddings row (job, model, dims).
/// Time stamps and generated ids are left out: they differ between runs by design.
struct loaded_rows {
  std::vector<std::string> jobs, sources, embeddings;
  bool operator==(const loaded_rows& o) const {
    return jobs == o.jobs && sources == o.sources && embeddings == o.embeddings;
  }
};
loaded_rows read_loaded_rows(storage::database& db);

/// The lines only one side has (at most `max` of each), for a readable failure message.
std::string difference(const loaded_rows& a, const loaded_rows& b, std::size_t max = 10);

/// Rows per table (the tables a run writes).
std::map<std::string, std::int64_t> row_counts(storage::database& db);

/// The last `n` bytes of a text (long outputs in INFO messages).
std::string tail(const std::string& text, std::size_t n = 3000);

}  // namespace jobpilot::test
