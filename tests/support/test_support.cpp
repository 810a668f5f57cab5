#include "tests/support/test_support.hpp"

#include "storage/database.hpp"
#include "storage/database_url.hpp"

#include <catch2/catch.hpp>
#include <soci/soci.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <random>
#include <signal.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace jobpilot::test {

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}

std::vector<char*> make_argv(const std::vector<std::string>& args) {
  std::vector<char*> v;
  for (auto& a : args) v.push_back(const_cast<char*>(a.c_str()));
  v.push_back(nullptr);
  return v;
}

std::vector<std::string> merged_env(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    auto name = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (auto& x : extra)
      if (x.substr(0, x.find('=')) == name) overridden = true;
    if (!overridden) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// fork + exec with stdout/stderr pipes; returns pid.
int spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int out[2], int err[2],
          const std::string& cwd) {
  auto argv = make_argv(args);
  auto envs = merged_env(env);
  auto envp = make_argv(envs);
  int pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    if (err) ::dup2(err[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    // Nothing else of the test's: a daemon it starts (PostgreSQL) would otherwise keep a pipe's write
    // end open, and the test would wait for an end of output that never comes.
    ::close_range(3, ~0U, 0);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

temp_dir::temp_dir() {
  path = std::filesystem::temp_directory_path() / ("jobpilot_test_" + unique_suffix());
  std::filesystem::create_directories(path);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string pg_admin_url() {
  const char* url = std::getenv("JOBPILOT_TEST_PG_URL");
  if (!url || !*url)
    FAIL("JOBPILOT_TEST_PG_URL is not set: [pg] tests run under ctest, whose fixture starts a throwaway cluster "
         "(scripts/pg.sh)");
  return url;
}

pg_database::pg_database(const std::string& template_name) {
  auto admin = pg_admin_url();
  name = "jp_test_" + unique_suffix();
  std::string err;
  auto target = storage::parse_database_url(admin, "/tmp", &err);
  REQUIRE(target);
  auto db = storage::database::open(*target, 1);
  db->with_session([&](soci::session& s) { 
    s << "CREATE DATABASE " + name + (template_name.empty() ? "" : " TEMPLATE " + template_name);
  });
  auto slash = admin.rfind('/');
  url = admin.substr(0, slash + 1) + name;
}

pg_database::~pg_database() {
  try {
    std::string err;
    auto target = storage::parse_database_url(pg_admin_url(), "/tmp", &err);
    auto db = storage::database::open(*target, 1);
    db->with_session([&](soci::session& s) { s << "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"; });
  } catch (...) {
  }
}

process_result run_process(const std::vector<std::string>& args, const std::vector<std::string>& env,
                           std::chrono::seconds timeout, const std::string& cwd) {
  int out[2], err[2];
  REQUIRE(::pipe(out) == 0);
  REQUIRE(::pipe(err) == 0);
  int pid = spawn(args, env, out, err, cwd);
  ::close(out[1]);
  ::close(err[1]);
  process_result r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  bool killed = false;
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      killed = true;
      break;
    }
    if (::poll(fds, 2, static_cast<int>(std::min<long>(left.count(), 1000))) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      auto n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = killed ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return r;
}

background_process::background_process(const std::vector<std::string>& args, const std::vector<std::string>& env,
                                       bool merge_stderr) {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  pid_ = spawn(args, env, out, merge_stderr ? out : nullptr, {});
  ::close(out[1]);
  out_fd_ = out[0];
}

background_process::~background_process() { stop(); }

std::string background_process::wait_for_line(const std::string& prefix, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::size_t pos;
    while ((pos = buffer_.find('\n')) != std::string::npos) {
      std::string line = buffer_.substr(0, pos);
      buffer_.erase(0, pos + 1);
      if (line.rfind(prefix, 0) == 0) return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || out_fd_ < 0) return {};
    if (!read_some(left)) return {};
  }
}

bool background_process::read_some(std::chrono::milliseconds wait) {
  char buf[4096];
  pollfd p{out_fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return true;  // nothing yet
  auto n = ::read(out_fd_, buf, sizeof buf);
  if (n <= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  seen_.append(buf, static_cast<std::size_t>(n));
  return true;
}

bool background_process::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  pid_ = -1;
  return false;
}

void background_process::read_available() {
  while (out_fd_ >= 0) {
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return;
    if (!read_some(std::chrono::milliseconds(0))) return;
  }
}

void background_process::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  while (out_fd_ >= 0 && read_some(std::chrono::milliseconds(0))) {
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) break;
  }
}

int background_process::wait_exit(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      while (out_fd_ >= 0 && read_some(std::chrono::milliseconds(100))) {
      }
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    if (out_fd_ >= 0) read_some(std::chrono::milliseconds(100));
    else ::usleep(100000);
  }
  return -1;
}

void background_process::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      int status;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      ::usleep(100000);
    }
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  if (out_fd_ >= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
  }
}

std::string binary_path() { return JOBPILOT_BINARY; }

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return out;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace jobpilot::test
