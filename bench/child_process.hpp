// The bench runs the real binary (jobpilot-etl, psql) as child processes: wall time and peak RSS come
// from the kernel's accounting of the child (/proc/<pid>/status), not from the child's own word.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace jobpilot::bench {

struct child_result {
  int exit_code = -1;     ///< -1: could not start or killed by a signal
  double seconds = 0;     ///< wall time
  long peak_rss_kb = 0;   ///< the child's VmHWM (its own peak resident set), sampled every 10 ms
  std::string out;        ///< its stdout (stderr goes to the bench's stderr)
};

/// Runs argv[0] (an absolute path, or a name looked up in PATH) to its end.
child_result run_child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

/// A child that runs until stopped (the fake server, the service); its stdout and stderr go to `log_file`.
class background_child {
public:
  background_child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                   const std::string& log_file);
  ~background_child();  ///< SIGTERM, then SIGKILL after 10 s
  background_child(const background_child&) = delete;
  background_child& operator=(const background_child&) = delete;
  /// The log so far (the port a server printed, its errors).
  std::string log() const;
  bool running();

private:
  pid_t pid_ = -1;
  std::string log_file_;
};

}  // namespace jobpilot::bench
