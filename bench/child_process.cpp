#include "bench/child_process.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace jobpilot::bench {

namespace {

// argv and envp for execvpe: the bench's environment plus `extra` (NAME=value).
struct exec_args {
  std::vector<std::string> strings;
  std::vector<char*> argv, envp;
  exec_args(const std::vector<std::string>& args, const std::vector<std::string>& extra) {
    strings = args;
    for (char** e = environ; *e; ++e) strings.emplace_back(*e);
    strings.insert(strings.end(), extra.begin(), extra.end());
    for (std::size_t i = 0; i < strings.size(); ++i) (i < args.size() ? argv : envp).push_back(strings[i].data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
  }
};

// The peak resident set of a running process (its "VmHWM"), 0 when it cannot be read.
long vm_hwm_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return 0;
}

}  // namespace

child_result run_child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  child_result r;
  exec_args a(argv, extra_env);
  int fds[2];
  if (pipe(fds) != 0) return r;
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execvpe(a.argv[0], a.argv.data(), a.envp.data());
    _exit(127);
  }
  close(fds[1]);
  std::thread reader([&] {
    char buf[65536];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
  });
  // VmHWM of the child's own address space, read while it runs: wait4's ru_maxrss would also count the
  // bench's memory that the forked child held until its exec.
  int status = 0;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  for (;;) {
    // Until its exec the child is a copy of the bench and shares (counts) the bench's pages.
    if (std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec) != self)
      r.peak_rss_kb = std::max(r.peak_rss_kb, vm_hwm_kb(pid));
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  reader.join();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

background_child::background_child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                                   const std::string& log_file)
    : log_file_(log_file) {
  exec_args a(argv, extra_env);
  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execvpe(a.argv[0], a.argv.data(), a.envp.data());
    _exit(127);
  }
}

background_child::~background_child() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 1000; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

bool background_child::running() {
  if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;  // ended (and reaped)
  return pid_ > 0;
}

std::string background_child::log() const {
  std::ifstream in(log_file_);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace jobpilot::bench
