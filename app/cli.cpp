// The command line (CLI11). The only file that includes CLI11: it is slow to compile.
#include "app/commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace jobpilot::app {

namespace {

void add_query_options(CLI::App* cmd, core::jsearch_query& q) {
  cmd->add_option("-q,--query", q.query, "search text, e.g. \"python developer\" (required)")->required();
  cmd->add_option("-l,--location", q.location, "place appended to the query as \"<query> in <location>\"");
  cmd->add_option("--endpoint", q.endpoint, "search (page numbers) or search-v2 (cursor)")
      ->check(CLI::IsMember({"search", "search-v2"}))
      ->default_str("search");
  cmd->add_option("--page", q.page, "first page to fetch (1-100)")->check(CLI::Range(1, 100))->default_str("1");
  cmd->add_option("--country", q.country, "ISO-3166 alpha-2 country code (API default: us)");
  cmd->add_option("--language", q.language, "ISO-639 language code");
  cmd->add_option("--date-posted", q.date_posted, "all, today, 3days, week or month")
      ->check(CLI::IsMember({"all", "today", "3days", "week", "month"}));
  cmd->add_flag("--remote", q.work_from_home, "only work-from-home jobs (work_from_home=true)");
  cmd->add_option("--employment-types", q.employment_types, "comma list of FULLTIME,CONTRACTOR,PARTTIME,INTERN");
  cmd->add_option("--job-requirements", q.job_requirements,
                  "comma list of under_3_years_experience,more_than_3_years_experience,no_experience,no_degree");
  cmd->add_option("--radius", q.radius, "search radius in km (advisory)");
  cmd->add_option("--exclude-publishers", q.exclude_job_publishers, "comma list of publishers to leave out");
  cmd->add_option("--fields", q.fields, "comma list of job fields to return (projection)");
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "jobpilot-etl: collects job postings from the JSearch API, keeps every raw response, and cleans,\n"
      "de-duplicates and loads them into PostgreSQL or SQLite.\n\n"
      "Configuration: --config FILE (YAML; see config/jobpilot.example.yaml), else ./jobpilot.yaml if present,\n"
      "else built-in defaults (SQLite database data/jobpilot.db). The JSearch key is read from the environment\n"
      "variable JSEARCH_API_KEY (jsearch.api_key_env) and never written anywhere.",
      "jobpilot-etl"};
  app.set_version_flag("--version", "jobpilot-etl 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();

  global_options g;
  app.add_option("-c,--config", g.config_path, "YAML configuration file")->check(CLI::ExistingFile);
  app.add_option("--db", g.db_url, "database URL: sqlite:PATH or postgresql://user:pass@host:port/db");
  app.add_option("--data-dir", g.data_dir, "directory for raw files, logs and the SQLite database (default: data)");
  app.add_option("--log-level", g.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  // -- migrate -------------------------------------------------------------------
  auto* migrate = app.add_subcommand("migrate", "create or upgrade the database schema (also done at every start)");

  // -- collect -------------------------------------------------------------------
  collect_options co;
  auto* collect = app.add_subcommand(
      "collect",
      "fetch pages from JSearch; every reply is stored as a raw collection (database row and file) with status "
      "pending, failed replies too");
  add_query_options(collect, co.query);
  collect->add_option("-n,--pages", co.pages, "number of pages (one API call each, 10 jobs a page)")
      ->check(CLI::Range(1, 100))
      ->default_str("1");
  collect->add_option("--num-pages", co.query.num_pages,
                      "pages per call (1-20; JSearch charges per page): the next call starts after them")
      ->check(CLI::Range(1, 20))
      ->default_str("1");
  collect->add_option("--base-url", co.base_url, "JSearch base URL, e.g. http://127.0.0.1:8089 for fake-jsearch");
  collect->add_option("--strategy", co.strategy, "recorded collection strategy")
      ->check(CLI::IsMember({"on_demand", "scheduled", "batch", "incremental"}))
      ->default_str("on_demand");
  collect->add_flag("--no-cache", co.no_cache,
                    "call the API even when the same request was answered within collector.cache_ttl");
  collect->add_flag("--json", co.json, "print the summary as JSON");

  // -- status --------------------------------------------------------------------
  status_options so;
  auto* status = app.add_subcommand("status", "show raw collections by status, the quota ledger and recent calls");
  status->add_flag("--json", so.json, "print as JSON");
  status->add_option("--recent", so.recent, "how many recent collections to list")->check(CLI::Range(0, 1000));

  // -- fake-jsearch --------------------------------------------------------------
  fake_options fo;
  auto* fake = app.add_subcommand(
      "fake-jsearch",
      "serve a JSearch-compatible API on loopback (generated or recorded postings, quota, faults) for tests, demos "
      "and development without spending quota; prints 'listening on HOST:PORT' when ready; stop with Ctrl-C");
  fake->add_option("--host", fo.host, "address to bind")->default_str("127.0.0.1");
  fake->add_option("--port", fo.port, "port; 0 picks a free one")->default_str("8089");
  fake->add_option("--seed", fo.seed, "generator seed (same seed, same postings)")->default_str("42");
  fake->add_option("--postings", fo.postings, "number of generated postings")->default_str("2000");
  fake->add_option("--current-share", fo.current_share, "share of postings in the 2025+ job shape (0-1)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_str("0.5");
  fake->add_option("--responses", fo.responses_dir, "serve the job objects found in this folder of recorded responses")
      ->check(CLI::ExistingDirectory);
  fake->add_option("--labels-out", fo.labels_out, "write the duplicate labels (job_id -> opening) to this JSON file");
  fake->add_option("--api-key", fo.api_key, "accept only this key (default: any non-empty key)");
  fake->add_option("--monthly-quota", fo.monthly_quota, "requests per month before quota 429s")->default_str("10000");
  fake->add_option("--rps", fo.requests_per_second, "per-second limit before burst 429s (0 = none)")
      ->default_str("5");
  fake->add_option("--cost-model", fo.cost_model, "per_page (1 per page) or legacy (1x/2x/3x)")
      ->check(CLI::IsMember({"per_page", "legacy"}))
      ->default_str("per_page");
  fake->add_option("--max-page", fo.max_page, "highest page that returns results")->default_str("100");
  fake->add_option("--latency-ms", fo.latency_ms, "median added latency (log-normal)")->default_str("0");
  fake->add_option("--latency-p99-ms", fo.latency_p99_ms, "99th percentile of added latency")->default_str("0");
  auto rate = [&](const char* name, double& v, const char* what) {
    fake->add_option(name, v, what)->check(CLI::Range(0.0, 1.0))->default_str("0");
  };
  rate("--burst-429-rate", fo.burst_429_rate, "share of calls answered 429 (per-second limit, Retry-After: 1)");
  rate("--quota-429-rate", fo.quota_429_rate, "share of calls answered 429 (monthly quota)");
  rate("--error-5xx-rate", fo.error_5xx_rate, "share of calls answered 500/502/503/504");
  rate("--hang-rate", fo.hang_rate, "share of calls that never answer (until --hang-ms)");
  rate("--cut-rate", fo.cut_rate, "share of calls whose connection is closed without a reply");
  rate("--malformed-json-rate", fo.malformed_json_rate, "share of 200 replies with broken JSON");
  rate("--invalid-utf8-rate", fo.invalid_utf8_rate, "share of 200 replies with invalid UTF-8");
  rate("--truncate-rate", fo.truncate_rate, "share of replies cut off in the middle of the body");
  fake->add_option("--hang-ms", fo.hang_ms, "how long a hanging call hangs")->default_str("60000");

  // -- process / reprocess ------------------------------------------------------------
  process_options po;
  auto* process = app.add_subcommand(
      "process",
      "run every pending raw collection through transform, embedding, de-duplication and loading, then exit "
      "(no API calls; also picks up collections a crashed run left behind)");
  process->add_flag("--json", po.json, "print the summary as JSON");

  reprocess_options ro;
  auto* reprocess = app.add_subcommand(
      "reprocess",
      "process stored raw collections again from the raw store (no API calls unless --include-paid), or replay dead "
      "letters; idempotent. Unfinished collections are taken up as well.");
  reprocess->add_option("--collection", ro.collection_id, "one raw collection by id");
  reprocess->add_option("--status", ro.status, "all collections whose processing status is failed, partial or all")
      ->check(CLI::IsMember({"failed", "partial", "all"}));
  reprocess->add_flag("--dead-letters", ro.dead_letters,
                      "replay the dead letters: jobs the loader could not load are loaded again");
  reprocess->add_flag("--include-paid", ro.include_paid,
                      "with --dead-letters: also repeat the JSearch calls that failed for good (each costs a call)");
  reprocess->add_flag("--json", ro.json, "print the summary as JSON");

  // -- jobs / search -------------------------------------------------------------------
  jobs_options jo;
  auto* jobs = app.add_subcommand("jobs", "list the loaded (de-duplicated) jobs, newest first");
  jobs->add_flag("--json", jo.json, "print as JSON");
  jobs->add_option("--title", jo.title, "title contains (case-insensitive)");
  jobs->add_option("--company", jo.company, "company contains");
  jobs->add_option("--location", jo.location, "normalised location contains, e.g. \"TX\" or \"Remote\"");
  jobs->add_flag("--remote", jo.remote_only, "only remote jobs");
  jobs->add_option("--min-salary", jo.min_salary, "annualised salary at least this much")->check(CLI::NonNegativeNumber);
  jobs->add_option("-n,--limit", jo.limit, "how many to show")->check(CLI::Range(1, 100000))->default_str("20");

  search_options se;
  auto* search = app.add_subcommand("search", "semantic search over the loaded jobs (embedding similarity)");
  search->add_option("text", se.text, "what you are looking for, e.g. \"senior rust engineer, remote\"")->required();
  search->add_option("-k", se.k, "number of results")->check(CLI::Range(1, 1000))->default_str("10");
  search->add_flag("--json", se.json, "print as JSON");

  // -- run -------------------------------------------------------------------------------
  run_options rn;
  auto* run = app.add_subcommand(
      "run",
      "the service: runs the schedules: block (cron times in scheduler.time_zone, after_collection and "
      "after_processing triggers), serves the HTTP API, /metrics, /healthz, /readyz and the dashboard on "
      "http.listen:http.port, until SIGTERM or SIGINT (then the run in flight finishes within "
      "service.shutdown_grace and it exits 0). With --once: collect the run: section's queries x locations x "
      "pages, run the whole pipeline (with whatever earlier runs left unfinished), print a summary and exit");
  run->add_flag("--once", rn.once, "one full cycle of the run: section, then exit");
  run->add_option("--base-url", rn.base_url, "JSearch base URL, e.g. http://127.0.0.1:8089 for fake-jsearch");
  run->add_flag("--json", rn.json, "print the summary as JSON");
  run->add_option("--role", g.cluster_role,
                  "cluster mode (overrides cluster.role; README \"Cluster\"): coordinator (this node runs the "
                  "pipeline and listens for workers on cluster.listen:cluster.port), worker (lends its processor and "
                  "embedder pools to the coordinator at cluster.coordinator:cluster.port until stopped) or none")
      ->check(CLI::IsMember({"none", "coordinator", "worker"}));

  // -- config ---------------------------------------------------------------------------
  auto* config = app.add_subcommand("config", "check or show the configuration");
  config->require_subcommand(1);
  std::string check_file;
  auto* config_check = config->add_subcommand(
      "check", "load and validate a config file (default: --config, else ./jobpilot.yaml, else the built-in "
               "defaults); every error is printed with its file, line and key; exit 0 when valid, 2 when not");
  config_check->add_option("FILE", check_file, "the YAML file to check");
  auto* config_show =
      config->add_subcommand("show", "print every setting, defaults included, as YAML (the database password masked)");

  // CLI11 reports a misspelt command only as "a subcommand is required": name it.
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-c" || arg == "--config" || arg == "--db" || arg == "--data-dir" || arg == "--log-level") {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    bool known = true;
    try {
      app.get_subcommand_ptr(arg);
    } catch (const CLI::OptionNotFound&) {
      known = false;
    }
    if (!known) {
      std::cerr << "error: unknown command '" << arg
                << "' (commands: migrate, collect, process, reprocess, jobs, search, run, status, config, fake-jsearch; see "
                << "--help)\n";
      return exit_usage;
    }
    break;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? exit_ok : exit_usage;
  }
  if (*migrate) return run_migrate(g);
  if (*collect) return run_collect(g, co);
  if (*status) return run_status(g, so);
  if (*fake) return run_fake_jsearch(g, fo);
  if (*process) return run_process(g, po);
  if (*reprocess) return run_reprocess(g, ro);
  if (*jobs) return run_jobs(g, jo);
  if (*search) return run_search(g, se);
  if (*run) return run_run(g, rn);
  if (*config_check) return run_config_check(g, check_file);
  if (*config_show) return run_config_show(g);
  std::cerr << app.help();
  return exit_usage;
}

}  // namespace jobpilot::app
