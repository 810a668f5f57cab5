// Test helpers: temporary folders, per-test PostgreSQL databases, child processes.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace jobpilot::test {

/// A fresh folder under the system temp dir, removed on destruction.
struct temp_dir {
  std::filesystem::path path;
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

/// The throwaway cluster's admin URL from JOBPILOT_TEST_PG_URL. Fails the test
/// (never skips) when it is not set: [pg] tests need the CTest fixture.
std::string pg_admin_url();

/// A database of its own on the test cluster, dropped on destruction.
struct pg_database {
  std::string name;
  std::string url;
  /// `template_name`: a copy of that database (CREATE DATABASE ... TEMPLATE; it must have no connections).
  explicit pg_database(const std::string& template_name = {});
  ~pg_database();
  pg_database(const pg_database&) = delete;
  pg_database& operator=(const pg_database&) = delete;
};

struct process_result {
  int exit_code = -1;  ///< -1 when killed by the timeout
  std::string out;
  std::string err;
  long max_rss_kb = 0;  ///< peak resident memory of the process (getrusage via wait4)
};

/// Runs a program to completion (killed after `timeout`), capturing stdout and stderr.
/// `env` entries "NAME=value" are added to the current environment.
process_result run_process(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                           std::chrono::seconds timeout = std::chrono::seconds(120),
                           const std::string& cwd = {});

/// A program left running in the background (e.g. the fake server), killed on destruction.
class background_process {
public:
  /// `merge_stderr`: the program's stderr goes into the same pipe as its stdout (else it is inherited).
  background_process(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                     bool merge_stderr = false);
  ~background_process();
  /// Reads stdout until a line starts with `prefix`; returns that line ("" on timeout or exit).
  std::string wait_for_line(const std::string& prefix, std::chrono::seconds timeout);
  void stop();
  /// SIGKILL now (a crash, as the fault tests need), and reap it.
  void kill_now();
  /// Waits for the program to exit on its own (reading its output meanwhile); -1 on timeout.
  int wait_exit(std::chrono::seconds timeout);
  /// Still running? (Reaps it when it has ended.)
  bool running();
  /// Reads whatever output is there without waiting (so a chatty program never blocks on the pipe).
  void read_available();
  /// Everything read from the pipe so far (lines already returned by wait_for_line included).
  const std::string& output() const { return seen_; }
  int pid() const { return pid_; }
  /// Its exit code once running() or wait_exit() saw it end (128 + signal when killed); -1 before.
  int exit_code() const { return exit_code_; }

private:
  int pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  std::string seen_;
  int exit_code_ = -1;
  bool read_some(std::chrono::milliseconds wait);
};

/// The jobpilot-etl binary built next to the tests.
std::string binary_path();

/// Reads a whole file (empty string when missing).
std::string read_file(const std::filesystem::path& p);

/// Every regular file below `dir`, recursively.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir);

}  // namespace jobpilot::test
