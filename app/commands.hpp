// Entry points of the subcommands. Each returns the process exit code:
// 0 success, 1 the work failed (fully or partly), 2 bad arguments or configuration.
#pragma once

#include "app/options.hpp"

namespace jobpilot::app {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

int run_migrate(const global_options& g);
int run_collect(const global_options& g, const collect_options& o);
int run_status(const global_options& g, const status_options& o);
int run_fake_jsearch(const global_options& g, const fake_options& o);
int run_process(const global_options& g, const process_options& o);
int run_reprocess(const global_options& g, const reprocess_options& o);
int run_jobs(const global_options& g, const jobs_options& o);
int run_search(const global_options& g, const search_options& o);
int run_run(const global_options& g, const run_options& o);
/// `config check [FILE]`: loads and validates FILE (else --config, ./jobpilot.yaml, the defaults).
int run_config_check(const global_options& g, const std::string& file);
/// `config show`: every setting as the commands would use it (the database password masked).
int run_config_show(const global_options& g);

/// The CLI (CLI11 lives only in cli.cpp).
int run_cli(int argc, char** argv);

}  // namespace jobpilot::app
