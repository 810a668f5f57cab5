#include "tests/support/cli_harness.hpp"

#include "core/ids.hpp"
#include "net/http_client.hpp"
#include "storage/database.hpp"
#include "storage/database_url.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace jobpilot::test {

const std::string test_api_key = "sk-test-7f3a9c1e5b2d4a6f8e0c";

namespace {

std::vector<std::string> fake_args(std::vector<std::string> extra) {
  std::vector<std::string> args{binary_path(), "fake-jsearch", "--port", "0"};
  if (std::find(extra.begin(), extra.end(), "--rps") == extra.end()) extra.insert(extra.end(), {"--rps", "0"});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// A column as text whatever its type (NULL = "~").
std::string text_of(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "~";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return row.get<std::string>(i);
    case soci::dt_double: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.3f", row.get<double>(i));
      return buf;
    }
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    default: return "?";
  }
}

std::vector<std::string> sorted_lines(storage::database& db, const std::string& sql) {
  std::vector<std::string> out;
  db.with_session([&](soci::session& s) {
    soci::rowset<soci::row> rs = (s.prepare << sql);
    for (const auto& row : rs) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + text_of(row, i);
      out.push_back(std::move(line));
    }
  });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

fake_jsearch::fake_jsearch(std::vector<std::string> args) : proc_(fake_args(std::move(args))) {
  auto line = proc_.wait_for_line("listening on ", std::chrono::seconds(60));
  REQUIRE_FALSE(line.empty());
  base_url_ = "http://" + line.substr(std::string("listening on ").size());
}

boost::json::object fake_jsearch::calls() const {
  auto url = net::parse_url(base_url_);
  REQUIRE(url);
  net::http_client client(*url, {});
  net::http_request req;
  req.target = "/__calls";
  auto res = client.send(req);
  REQUIRE(std::holds_alternative<net::http_response>(res));
  return boost::json::parse(std::get<net::http_response>(res).body).as_object();
}

std::int64_t fake_jsearch::total_calls() const { return calls().at("total").as_int64(); }

std::int64_t fake_jsearch::calls_with_outcome(const std::string& outcome) const {
  auto c = calls();
  const auto& by_path = c.at("by_path").as_object();
  auto* search = by_path.if_contains("/search");
  if (!search) return 0;
  auto* n = search->as_object().if_contains(outcome);
  return n ? n->as_int64() : 0;
}

void workspace::write_config(const std::string& yaml) const {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "jobpilot.yaml") << yaml;
}

std::vector<std::string> workspace::command(const std::vector<std::string>& args) const {
  std::vector<std::string> full{binary_path(), "--db", db_url, "--data-dir", dir.string()};
  if (std::filesystem::exists(dir / "jobpilot.yaml")) full.insert(full.end(), {"--config", (dir / "jobpilot.yaml").string()});
  full.insert(full.end(), args.begin(), args.end());
  return full;
}

process_result workspace::run(const std::vector<std::string>& args, std::chrono::seconds timeout) const {
  return run_process(command(args), {"JSEARCH_API_KEY=" + test_api_key}, timeout);
}

std::shared_ptr<storage::database> workspace::db() const { return open_db(db_url, dir); }

std::shared_ptr<storage::database> open_db(const std::string& url, const std::filesystem::path& data_dir) {
  std::string err;
  auto target = storage::parse_database_url(url, data_dir.string(), &err);
  REQUIRE(target);
  return storage::database::open(*target, 1);
}

std::int64_t count(storage::database& db, const std::string& sql) {
  long long n = 0;
  db.with_session([&](soci::session& s) { s << sql, soci::into(n); });
  return n;
}

loaded_rows read_loaded_rows(storage::database& db) {
  const bool pg = db.kind() == storage::dialect::postgresql;
  const std::string vec = pg ? "CAST(m.vector AS TEXT)" : "hex(m.vector)";
  const std::string flag = pg ? "CAST(e.embedded AS INT)" : "e.embedded";
  loaded_rows r;
  r.jobs = sorted_lines(
      db, "SELECT e.jsearch_job_id, e.title, e.company, e.location_text, e.employment_type, e.apply_url_canonical, "
          "e.salary_annual_min, e.salary_annual_max, e.salary_currency, " + db.ts_out("e.posted_at") +
              ", e.experience_years, e.education_level, e.dedupe_key, e.publisher, " + flag +
              ", LENGTH(e.description) FROM enhanced_jobs e");
  r.sources = sorted_lines(db,
                           "SELECT s.jsearch_job_id, s.publisher, e.jsearch_job_id, s.duplicate_reason, s.similarity "
                           "FROM job_sources s LEFT JOIN enhanced_jobs e ON e.id = s.job_id");
  r.embeddings = sorted_lines(db, "SELECT e.jsearch_job_id, m.model, m.dimensions, " + vec +
                                      " FROM job_embeddings m LEFT JOIN enhanced_jobs e ON e.id = m.job_id");
  for (auto& line : r.embeddings) line = line.substr(0, line.rfind('|') + 1) + core::sha256_hex(line.substr(line.rfind('|') + 1));
  return r;
}

std::string difference(const loaded_rows& a, const loaded_rows& b, std::size_t max) {
  std::string out;
  auto diff = [&](const char* what, const std::vector<std::string>& x, const std::vector<std::string>& y) {
    std::vector<std::string> only_x, only_y;
    std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(only_x));
    std::set_difference(y.begin(), y.end(), x.begin(), x.end(), std::back_inserter(only_y));
    if (only_x.empty() && only_y.empty()) return;
    out += std::string(what) + ": " + std::to_string(only_x.size()) + " only in the first, " +
           std::to_string(only_y.size()) + " only in the second\n";
    for (std::size_t i = 0; i < only_x.size() && i < max; ++i) out += "  < " + only_x[i] + "\n";
    for (std::size_t i = 0; i < only_y.size() && i < max; ++i) out += "  > " + only_y[i] + "\n";
  };
  diff("enhanced_jobs", a.jobs, b.jobs);
  diff("job_sources", a.sources, b.sources);
  diff("job_embeddings", a.embeddings, b.embeddings);
  return out;
}

std::map<std::string, std::int64_t> row_counts(storage::database& db) {
  std::map<std::string, std::int64_t> out;
  for (const char* t : {"raw_job_collections", "collection_requests", "job_processing_log", "processed_job_data",
                        "enhanced_jobs", "job_sources", "job_embeddings", "failed_operations", "api_usage"})
    out[t] = count(db, std::string("SELECT COUNT(*) FROM ") + t);
  return out;
}

std::string tail(const std::string& text, std::size_t n) {
  return text.size() > n ? "..." + text.substr(text.size() - n) : text;
}

}  // namespace jobpilot::test
