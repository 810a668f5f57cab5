// jobpilot-bench: how fast the pipeline is, measured against what the machine can do at best.
//
// Generates N postings with the fake server's generator, stores them as raw collections, then per
// engine (SQLite, and PostgreSQL when --pg-url is given) runs the real binary: `process` (import and
// every stage) and `reprocess --status all`, with wall time, peak RSS and each stage's time; bytes on
// disk per job by table; the latency from POST /api/jobs/collect to the jobs being loaded (fake server
// with zero latency). The limits beside them: a bare Boost.JSON parse of the same raw bytes, `psql
// \copy` of the same final rows into the same tables, and the core stages alone on one core. Prints a
// table (figure, limit or target, ratio) and writes JSON. With --check it exits 1 when a figure is
// missing or a count is wrong (the test command runs a small one); it never judges a speed.
#include "bench/child_process.hpp"
#include "bench/raw_corpus.hpp"

#include "core/dedupe.hpp"
#include "core/embedding.hpp"
#include "core/transform.hpp"
#include "net/http_client.hpp"
#include "storage/database.hpp"
#include "storage/database_url.hpp"
#include "storage/row_access.hpp"
#include "storage/vector_index.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace jobpilot;

namespace {

struct options {
  std::size_t postings = 100'000;
  std::size_t page_size = 10;
  std::uint64_t seed = 42;
  std::string work_dir = "bench-work";
  std::string pg_url;  ///< empty: SQLite only
  bool sqlite = true;
  std::size_t latency_requests = 50;
  std::size_t recall_queries = 200;
  std::string json_out = "bench-results.json";
  std::string binary;  ///< jobpilot-etl; default: beside this program
  bool check = false;
  bool core_only = false;
};

using clock_type = std::chrono::steady_clock;
double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

// One line of the table: a figure and what it is compared with (a limit measured in the same run, or
// the issue's target), higher is better unless `lower_is_better`.
struct row {
  std::string section, name, unit;
  double value = 0;
  double limit = 0;  ///< 0: none
  std::string limit_name;
  bool lower_is_better = false;
};

class report {
public:
  void add(row r) { rows_.push_back(std::move(r)); }
  void note(const std::string& key, json::value v) { extra_[key] = std::move(v); }
  void fail(const std::string& why) {
    std::cerr << "bench check failed: " << why << "\n";
    failures_.push_back(why);
  }
  bool failed() const { return !failures_.empty(); }
  const std::vector<row>& rows() const { return rows_; }

  void print(std::ostream& out) const {
    std::string section;
    char line[256];
    std::snprintf(line, sizeof line, "%-44s %14s %-10s %14s %-26s %7s\n", "figure", "value", "unit", "limit", "(of)",
                  "ratio");
    out << line;
    for (const auto& r : rows_) {
      if (r.section != section) {
        section = r.section;
        out << "-- " << section << "\n";
      }
      char ratio[16] = "";
      if (r.limit > 0 && r.value > 0)
        std::snprintf(ratio, sizeof ratio, "%.2f", r.lower_is_better ? r.limit / r.value : r.value / r.limit);
      char limit[32] = "";
      if (r.limit > 0) std::snprintf(limit, sizeof limit, "%.6g", r.limit);
      std::snprintf(line, sizeof line, "%-44s %14.6g %-10s %14s %-26s %7s\n", r.name.c_str(), r.value, r.unit.c_str(),
                    limit, r.limit_name.c_str(), ratio);
      out << line;
    }
  }

  json::object to_json() const {
    json::array rows;
    for (const auto& r : rows_) {
      json::object o{{"section", r.section}, {"figure", r.name}, {"value", r.value}, {"unit", r.unit}};
      if (r.limit > 0) {
        o["limit"] = r.limit;
        o["limit_of"] = r.limit_name;
        o["ratio"] = r.value > 0 ? (r.lower_is_better ? r.limit / r.value : r.value / r.limit) : 0.0;
      }
      rows.push_back(std::move(o));
    }
    json::object out = extra_;
    out["rows"] = std::move(rows);
    json::array failures;
    for (const auto& f : failures_) failures.emplace_back(f);
    out["check_failures"] = std::move(failures);
    return out;
  }

private:
  std::vector<row> rows_;
  json::object extra_;
  std::vector<std::string> failures_;
};

// -- the core stages alone, one core ---------------------------------------------------------------

struct core_figures {
  std::vector<core::enhanced_job> jobs;  ///< every transformed job, for the embedding and dedupe runs
  double parse_per_s = 0;
};

// A bare Boost.JSON parse of every raw body: the floor of any pipeline that reads the replies.
double bare_parse_rate(const fs::path& data_dir, std::size_t postings) {
  std::vector<std::string> bodies;
  bench::for_each_raw_body(data_dir, [&](const std::string& b) { bodies.push_back(b); });
  const auto t = clock_type::now();
  std::size_t jobs = 0;
  for (const auto& b : bodies) {
    auto v = json::parse(b);
    jobs += v.as_object().at("data").as_array().size();
  }
  const double s = since(t);
  return jobs == postings && s > 0 ? static_cast<double>(jobs) / s : 0.0;
}

// One posting after another through parse + transform, embedding and dedupe (the production index on
// hnswlib), each step timed on its own; only the vectors are kept (for the recall check), so a million
// postings fit in memory.
void measure_core(const options& o, const fs::path& data_dir, report& rep) {
  const auto collected = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  constexpr int dims = 384;
  storage::vector_index ann_index(dims, o.postings + 16);
  struct hnsw final : core::nearest_neighbours {
    storage::vector_index& i;
    explicit hnsw(storage::vector_index& x) : i(x) {}
    void add(std::uint64_t label, const std::vector<float>& v) override { i.add(label, v); }
    std::vector<std::pair<std::uint64_t, float>> search(const std::vector<float>& q, std::size_t k) const override {
      return i.search(q, k);
    }
  } ann(ann_index);
  core::dedupe_index index({}, &ann);
  std::vector<std::vector<float>> vectors;
  vectors.reserve(o.postings);
  double transform_s = 0, embed_s = 0, dedupe_s = 0;
  std::size_t jobs = 0, duplicates = 0;
  std::cerr << "bench: core stages on one core: transform, embedding, dedupe\n";
  bench::for_each_raw_body(data_dir, [&](const std::string& body) {
    auto t = clock_type::now();
    auto v = json::parse(body);
    transform_s += since(t);
    for (const auto& raw : v.as_object().at("data").as_array()) {
      t = clock_type::now();
      auto r = core::transform_job_value(raw, collected);
      transform_s += since(t);
      if (!r.ok()) continue;
      t = clock_type::now();
      auto vec = core::local_embed(core::embedding_text(*r.job), dims);
      embed_s += since(t);
      vectors.push_back(vec);
      t = clock_type::now();
      if (index.decide_and_add(core::dedupe_record_of(*r.job, std::move(vec))).reason != core::dedupe_reason::canonical)
        ++duplicates;
      dedupe_s += since(t);
      if (++jobs % 50'000 == 0) std::cerr << "bench:   " << jobs << " / " << o.postings << "\n";
    }
  });
  rep.add({"core stages, one core", "parse + transform", "jobs/s", jobs / transform_s, 50'000, "target per core"});
  rep.add({"core stages, one core", "local embedding (384 dims)", "jobs/s", jobs / embed_s, 20'000,
           "target per core"});
  rep.add({"core stages, one core", "dedupe (" + std::to_string(jobs) + " indexed)", "postings/s", jobs / dedupe_s,
           20'000, "target (1M indexed)"});
  rep.note("core_duplicates", static_cast<std::int64_t>(duplicates));
  if (jobs != o.postings) rep.fail("transformed " + std::to_string(jobs) + " of " + std::to_string(o.postings));

  // Vector recall of the graph against an exact scan, top 10, on queries spread over the corpus.
  std::cerr << "bench: core stages on one core: vector recall\n";
  core::brute_force_neighbours exact;
  for (std::size_t i = 0; i < vectors.size(); ++i)
    if (!vectors[i].empty()) exact.add(i, vectors[i]);
  std::size_t found = 0, wanted = 0;
  const std::size_t queries = std::min(o.recall_queries, vectors.size());
  for (std::size_t q = 0; q < queries; ++q) {
    const auto& v = vectors[q * vectors.size() / std::max<std::size_t>(1, queries)];
    auto truth = exact.search(v, 10);
    auto got = ann_index.search(v, 10);
    for (const auto& [label, sim] : truth) {
      ++wanted;
      found += std::any_of(got.begin(), got.end(), [&](const auto& g) { return g.first == label; });
    }
  }
  const double recall = wanted ? static_cast<double>(found) / wanted : 0.0;
  rep.add({"core stages, one core", "vector recall@10 vs exact scan", "share", recall, 0.99, "target"});
  if (wanted == 0) rep.fail("no recall queries");
}

// -- one engine --------------------------------------------------------------------------------------

std::int64_t scalar(storage::database& db, const std::string& sql) {
  long long n = 0;
  db.with_session([&](soci::session& s) { s << sql, soci::into(n); });
  return n;
}

const std::vector<std::string> tables = {"raw_job_collections", "processed_job_data", "enhanced_jobs", "job_sources",
                                         "job_embeddings", "job_processing_log", "job_processing_runs"};

std::map<std::string, std::int64_t> table_bytes(storage::database& db, bool sqlite) {
  std::map<std::string, std::int64_t> out;
  for (const auto& t : tables) {
    if (sqlite) {
      // dbstat: the pages of the table and of its indexes.
      out[t] = scalar(db, "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name = " + storage::sql_literal(t) +
                              " OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = " +
                              storage::sql_literal(t) + ")");
    } else {
      out[t] = scalar(db, "SELECT pg_total_relation_size(" + storage::sql_literal(t) + ")");
    }
  }
  return out;
}

json::object run_json(const bench::child_result& r) {
  json::error_code ec;
  auto v = json::parse(r.out, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

double number(const json::value* v) {
  if (!v) return 0;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return 0;
}

double at_path(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* key : path) {
    v = cur ? cur->if_contains(key) : nullptr;
    if (!v) return 0;
    cur = v->is_object() ? &v->as_object() : nullptr;
  }
  return number(v);
}

void add_stage_rows(report& rep, const std::string& section, const json::object& out) {
  for (const char* stage : {"process", "embed", "dedupe", "load"})
    rep.add({section, std::string("stage ") + stage + " (its own time)", "jobs/s",
             at_path(out, {"stages", stage, "jobs_per_second"}), 0, ""});
}

struct engine_run {
  std::string name;
  std::string url;
  bool sqlite = true;
};

void measure_engine(const options& o, const engine_run& e, const fs::path& data_dir, double parse_rate, report& rep) {
  const std::string section = e.name;
  const fs::path config = data_dir / "jobpilot.yaml";
  std::ofstream(config) << "log:\n  dir: " << (data_dir / "logs").string() << "\n";
  const std::vector<std::string> base = {o.binary, "--config", config.string(), "--db", e.url, "--data-dir",
                                         data_dir.string(), "--log-level", "warn"};
  auto cmd = [&](std::vector<std::string> args) {
    args.insert(args.begin(), base.begin(), base.end());
    return args;
  };

  std::cerr << "bench: " << e.name << ": process " << o.postings << " postings\n";
  auto p = bench::run_child(cmd({"process", "--json"}));
  const auto pj = run_json(p);
  if (p.exit_code != 0) rep.fail(e.name + ": process exited " + std::to_string(p.exit_code));
  const double processed = at_path(pj, {"jobs_processed"});
  if (processed != static_cast<double>(o.postings))
    rep.fail(e.name + ": process handled " + std::to_string(processed) + " jobs, not " + std::to_string(o.postings));
  if (at_path(pj, {"postings_total"}) != static_cast<double>(o.postings))
    rep.fail(e.name + ": job_sources holds " + std::to_string(at_path(pj, {"postings_total"})) + " postings");
  rep.add({section, "process (import + every stage)", "postings/s", o.postings / p.seconds, parse_rate,
           "bare Boost.JSON parse"});
  add_stage_rows(rep, section, pj);
  rep.add({section, "process peak RSS", "MB", p.peak_rss_kb / 1024.0, 2048, "2 GB at 1M jobs", true});

  std::cerr << "bench: " << e.name << ": reprocess --status all\n";
  auto r = bench::run_child(cmd({"reprocess", "--status", "all", "--json"}));
  const auto rj = run_json(r);
  if (r.exit_code != 0) rep.fail(e.name + ": reprocess exited " + std::to_string(r.exit_code));
  if (at_path(rj, {"jobs_processed"}) != static_cast<double>(o.postings))
    rep.fail(e.name + ": reprocess handled " + std::to_string(at_path(rj, {"jobs_processed"})) + " jobs");
  const double reprocess_rate = o.postings / r.seconds;
  add_stage_rows(rep, section + " reprocess", rj);
  rep.add({section + " reprocess", "reprocess --status all", "postings/s", reprocess_rate, 20'000, "target"});
  rep.add({section + " reprocess", "reprocess peak RSS", "MB", r.peak_rss_kb / 1024.0, 2048, "2 GB at 1M jobs", true});

  std::string err;
  auto target = storage::parse_database_url(e.url, data_dir.string(), &err);
  if (!target) {
    rep.fail(e.name + ": " + err);
    return;
  }
  auto db = storage::database::open(*target, 1);
  const auto jobs = scalar(*db, "SELECT COUNT(*) FROM enhanced_jobs");
  const auto sources = scalar(*db, "SELECT COUNT(*) FROM job_sources");
  if (sources != static_cast<std::int64_t>(o.postings)) rep.fail(e.name + ": job_sources " + std::to_string(sources));
  if (jobs <= 0 || jobs > sources) rep.fail(e.name + ": enhanced_jobs " + std::to_string(jobs));
  if (at_path(pj, {"jobs_total"}) != static_cast<double>(jobs)) rep.fail(e.name + ": jobs_total differs from the table");
  const auto bytes = table_bytes(*db, e.sqlite);
  json::object per_table;
  std::int64_t total = 0;
  for (const auto& [t, b] : bytes) {
    rep.add({section + " disk", t, "bytes/job", static_cast<double>(b) / std::max<std::int64_t>(1, jobs), 0, ""});
    per_table[t] = b;
    total += b;
  }
  std::uint64_t raw_files = 0;
  for (const auto& f : fs::recursive_directory_iterator(data_dir / "raw_collections"))
    if (f.is_regular_file()) raw_files += f.file_size();
  rep.add({section + " disk", "raw reply files (data dir)", "bytes/job", static_cast<double>(raw_files) / std::max<std::int64_t>(1, jobs), 0, ""});
  rep.add({section + " disk", "all tables", "bytes/job", static_cast<double>(total) / std::max<std::int64_t>(1, jobs), 0, ""});
  rep.note(e.name + "_tables_bytes", per_table);
  rep.note(e.name + "_counts", json::object{{"enhanced_jobs", jobs}, {"job_sources", sources}});
  // Vectors are stored as binary: 4 bytes per dimension, nothing else.
  const auto vector_bytes = scalar(*db, e.sqlite ? "SELECT COALESCE(MAX(LENGTH(vector)), 0) FROM job_embeddings"
                                                 : "SELECT COALESCE(MAX(pg_column_size(vector)), 0) FROM job_embeddings");
  rep.add({section + " disk", "one stored vector", "bytes", static_cast<double>(vector_bytes), 0, ""});
  // SQLite: a BLOB of 384 floats; PostgreSQL: a real[] (the floats and a 24-byte array header).
  if (vector_bytes < 384 * 4 || vector_bytes > 384 * 4 + 32)
    rep.fail(e.name + ": a stored vector takes " + std::to_string(vector_bytes) + " bytes");

  if (!e.sqlite) {
    // psql \copy of the same final rows into empty copies of the same tables: the floor of any loader.
    const fs::path dump = data_dir / "copy";
    fs::create_directories(dump);
    std::string script;
    for (const char* t : {"enhanced_jobs", "job_sources", "job_embeddings", "processed_job_data"})
      script += std::string("\\copy ") + t + " TO '" + (dump / t).string() + "'\n";
    std::ofstream(dump / "out.sql") << script;
    auto out = bench::run_child({"psql", "-q", "-v", "ON_ERROR_STOP=1", e.url, "-f", (dump / "out.sql").string()});
    std::string setup, load;
    for (const char* t : {"enhanced_jobs", "job_sources", "job_embeddings", "processed_job_data"}) {
      setup += std::string("DROP TABLE IF EXISTS bench_") + t + "; CREATE TABLE bench_" + t + " (LIKE " + t +
               " INCLUDING ALL);\n";
      load += std::string("\\copy bench_") + t + " FROM '" + (dump / t).string() + "'\n";
    }
    std::ofstream(dump / "setup.sql") << setup;
    std::ofstream(dump / "in.sql") << load;
    auto s = bench::run_child({"psql", "-q", "-v", "ON_ERROR_STOP=1", e.url, "-f", (dump / "setup.sql").string()},
                              {"PGOPTIONS=-c client_min_messages=warning"});
    auto in = bench::run_child({"psql", "-q", "-v", "ON_ERROR_STOP=1", e.url, "-f", (dump / "in.sql").string()});
    if (out.exit_code != 0 || s.exit_code != 0 || in.exit_code != 0) {
      rep.fail(e.name + ": psql \\copy failed");
    } else {
      const double copy_rate = o.postings / in.seconds;
      rep.add({section + " reprocess", "psql \\copy of the final rows", "postings/s", copy_rate, 0, ""});
      rep.add({section + " reprocess", "reprocess vs \\copy", "postings/s", reprocess_rate, copy_rate * 0.5,
               "50 % of \\copy (target)"});
    }
  }
}

// -- collect request to searchable ------------------------------------------------------------------

std::string wait_for_line(bench::background_child& c, const std::string& prefix, std::chrono::seconds limit) {
  const auto until = clock_type::now() + limit;
  while (clock_type::now() < until && c.running()) {
    const auto log = c.log();
    auto at = log.find(prefix);
    if (at != std::string::npos) {
      auto end = log.find('\n', at);
      if (end != std::string::npos) return log.substr(at + prefix.size(), end - at - prefix.size());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::min<double>(v.size() - 1, p * (v.size() - 1) + 0.5));
  return v[i];
}

void measure_latency(const options& o, const fs::path& dir, report& rep) {
  fs::create_directories(dir);
  std::cerr << "bench: collect request to searchable, " << o.latency_requests << " requests\n";
  bench::background_child fake({o.binary, "fake-jsearch", "--port", "0", "--rps", "0", "--postings", "2000"}, {},
                               (dir / "fake.log").string());
  const auto fake_at = wait_for_line(fake, "listening on ", std::chrono::seconds(60));
  if (fake_at.empty()) {
    rep.fail("the fake server did not start: " + fake.log());
    return;
  }
  const std::string token = "bench-token-0123456789";
  std::ofstream(dir / "jobpilot.yaml") << "log:\n  dir: " << (dir / "logs").string()
                                       << "\ncollector:\n  requests_per_second: 0\n  cache_ttl: 1ms\nschedules:\n"
                                          "http:\n  port: 0\n  token_env: BENCH_API_TOKEN\n";
  bench::background_child svc({o.binary, "--config", (dir / "jobpilot.yaml").string(), "--db", "sqlite:jobpilot.db",
                               "--data-dir", dir.string(), "--log-level", "warn", "run", "--base-url",
                               "http://" + fake_at},
                              {"BENCH_API_TOKEN=" + token}, (dir / "service.log").string());
  const auto svc_at = wait_for_line(svc, "listening on http://", std::chrono::seconds(60));
  if (svc_at.empty()) {
    rep.fail("the service did not start: " + svc.log());
    return;
  }
  auto url = net::parse_url("http://" + svc_at);
  net::http_client client(*url, {});
  auto call = [&](const std::string& method, const std::string& target, const std::string& body) -> json::value {
    net::http_request req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    auto res = client.send(req);
    if (!std::holds_alternative<net::http_response>(res)) return nullptr;
    json::error_code ec;
    auto v = json::parse(std::get<net::http_response>(res).body, ec);
    return ec ? json::value(nullptr) : v;
  };
  for (int i = 0; i < 500; ++i) {  // ready: the database is open
    auto r = call("GET", "/readyz", "");
    if (r.is_object() && r.as_object().if_contains("status") && r.as_object().at("status") == "ready") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  static const char* const cities[] = {"Austin, TX", "Boston, MA", "Denver, CO", "Seattle, WA", "Chicago, IL",
                                       "Atlanta, GA", "Dallas, TX", "Miami, FL"};
  std::vector<double> latencies;
  for (std::size_t i = 0; i < o.latency_requests; ++i) {
    const std::string body = R"({"query":"software engineer )" + std::to_string(i) + R"(","location":")" +
                             cities[i % 8] + R"(","pages":1})";
    const auto t = clock_type::now();
    auto accepted = call("POST", "/api/jobs/collect", body);
    if (!accepted.is_object() || !accepted.as_object().if_contains("status_url")) {
      rep.fail("collect request refused: " + json::serialize(accepted));
      return;
    }
    const std::string follow(accepted.as_object().at("status_url").as_string());
    std::string state;
    while (since(t) < 60) {
      auto run = call("GET", follow, "");
      if (run.is_object() && run.as_object().if_contains("state")) state = std::string(run.as_object().at("state").as_string());
      if (state == "done" || state == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (state != "done") {
      rep.fail("collect request " + std::to_string(i) + " ended " + state);
      return;
    }
    latencies.push_back(since(t) * 1000.0);
  }
  auto listed = call("GET", "/api/jobs?limit=1", "");
  const double loaded = listed.is_object() ? number(listed.as_object().if_contains("total")) : 0;
  if (loaded <= 0) rep.fail("no job is listed after the collect requests");
  rep.add({"collect request to searchable", "p50 (fake server, zero latency)", "ms", percentile(latencies, 0.5), 50,
           "target p99", true});
  rep.add({"collect request to searchable", "p99", "ms", percentile(latencies, 0.99), 50, "target", true});
  rep.note("latency_ms", json::array(latencies.begin(), latencies.end()));
}

fs::path program_dir() {
  std::error_code ec;
  auto self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  CLI::App app{"jobpilot-bench: the pipeline's throughput, latency, memory and disk use, each beside its limit"};
  app.add_option("--postings", o.postings, "postings to generate and process")->check(CLI::Range(10, 10'000'000));
  app.add_option("--page-size", o.page_size, "jobs per raw collection (JSearch: 10)")->check(CLI::Range(1, 100));
  app.add_option("--seed", o.seed, "generator seed");
  app.add_option("--work-dir", o.work_dir, "where the databases and raw files go (emptied first)");
  app.add_option("--pg-url", o.pg_url, "PostgreSQL URL to measure too (its tables are dropped and recreated)");
  app.add_flag("!--no-sqlite", o.sqlite, "skip SQLite");
  app.add_option("--latency-requests", o.latency_requests, "collect requests timed (0: skip)");
  app.add_option("--recall-queries", o.recall_queries, "vector recall queries");
  app.add_option("--json", o.json_out, "write the figures here");
  app.add_option("--binary", o.binary, "the jobpilot-etl binary (default: beside this program)");
  app.add_flag("--core-only", o.core_only, "only the core stages on one core (for perf record)");
  app.add_flag("--check", o.check, "exit 1 when a figure is missing or a count is wrong");
  CLI11_PARSE(app, argc, argv);
  if (o.binary.empty()) o.binary = (program_dir() / "jobpilot-etl").string();
  if (!fs::exists(o.binary)) {
    std::cerr << "error: --binary: " << o.binary << " not found\n";
    return 2;
  }

  report rep;
  const fs::path work = fs::absolute(o.work_dir);
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work);
  const unsigned cores = std::thread::hardware_concurrency();
  rep.note("postings", static_cast<std::int64_t>(o.postings));
  rep.note("cores", cores);
  std::cerr << "bench: " << o.postings << " postings, " << cores << " cores, work dir " << work.string() << "\n";

  std::vector<engine_run> engines;
  if (o.sqlite) engines.push_back({"sqlite", "sqlite:" + (work / "sqlite" / "jobpilot.db").string(), true});
  if (!o.pg_url.empty()) {
    // Its own database (created when missing), with a clean schema: the bench's tables only.
    const auto slash = o.pg_url.rfind('/');
    const auto name = o.pg_url.substr(slash + 1, o.pg_url.find('?', slash) - slash - 1);
    const auto admin = o.pg_url.substr(0, slash) + "/postgres";
    if (slash != std::string::npos && !name.empty() && name != "postgres" &&
        bench::run_child({"psql", "-tA", admin, "-c", "SELECT 1 FROM pg_database WHERE datname = " + storage::sql_literal(name)})
                .out.find('1') == std::string::npos)
      bench::run_child({"psql", "-q", admin, "-c", "CREATE DATABASE " + name});
    auto reset = bench::run_child({"psql", "-q", "-v", "ON_ERROR_STOP=1", o.pg_url, "-c",
                                   "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"},
                                  {"PGOPTIONS=-c client_min_messages=warning"});
    if (reset.exit_code != 0) {
      std::cerr << "error: --pg-url: psql could not reset the schema\n";
      return 2;
    }
    engines.push_back({"postgresql", o.pg_url, false});
  }

  // The corpus once; each engine's data dir gets hard links to its files (process reads them, never writes).
  const fs::path corpus = work / "corpus";
  std::cerr << "bench: writing " << o.postings << " postings as raw collections\n";
  const auto stored = bench::write_raw_corpus(corpus, o.postings, o.page_size, o.seed, [&](std::size_t done) {
    std::cerr << "bench:   " << done << " / " << o.postings << "\n";
  });
  rep.note("raw_bytes", static_cast<std::int64_t>(stored.body_bytes));
  rep.note("collections", static_cast<std::int64_t>(stored.collections));
  const double parse_rate = bare_parse_rate(corpus, o.postings);
  rep.add({"limits", "bare Boost.JSON parse of the raw bytes", "postings/s", parse_rate, 0, ""});
  if (parse_rate <= 0) rep.fail("the bare parse did not read every posting");
  measure_core(o, corpus, rep);
  if (o.core_only) engines.clear();
  for (const auto& e : engines) {
    const fs::path dir = work / e.name;
    fs::create_directories(dir);
    fs::copy(corpus / "raw_collections", dir / "raw_collections",
             fs::copy_options::recursive | fs::copy_options::create_hard_links);
    measure_engine(o, e, dir, parse_rate, rep);
  }
  if (o.latency_requests > 0 && !o.core_only) measure_latency(o, work / "latency", rep);

  if (o.check)
    for (const auto& r : rep.rows())
      if (!(r.value > 0)) rep.fail("no figure for " + r.section + ": " + r.name);
  rep.print(std::cout);
  std::ofstream(o.json_out) << json::serialize(rep.to_json()) << "\n";
  std::cout << "figures written to " << o.json_out << "\n";
  return o.check && rep.failed() ? 1 : 0;
}
