#include "storage/process_identity.hpp"

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace jobpilot::storage {

namespace {

// Field 22 of /proc/<pid>/stat: the process's start time in clock ticks after boot; "" when the
// process does not exist. The command name (field 2) may hold spaces, so parsing starts after ')'.
std::string start_time_of(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) return field;
  return {};
}

}  // namespace

const std::string& this_host() {
  static const std::string host = [] {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return std::string("unknown-host");
    return std::string(buf);
  }();
  return host;
}

const std::string& this_process_owner() {
  static const std::string owner = this_host() + "/" + std::to_string(::getpid()) + "/" + start_time_of(::getpid());
  return owner;
}

bool owner_is_gone(std::string_view owner) {
  auto first = owner.find('/');
  auto second = first == std::string_view::npos ? first : owner.find('/', first + 1);
  if (second == std::string_view::npos) return false;
  if (owner.substr(0, first) != this_host()) return false;
  long pid = 0;
  try {
    pid = std::stol(std::string(owner.substr(first + 1, second - first - 1)));
  } catch (...) {
    return false;
  }
  if (pid <= 0) return false;
  return start_time_of(pid) != owner.substr(second + 1);
}

}  // namespace jobpilot::storage
