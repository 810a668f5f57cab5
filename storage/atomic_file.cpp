#include "storage/atomic_file.hpp"

#include "storage/database.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace jobpilot::storage {

namespace {

[[noreturn]] void io_fail(const std::string& what, const std::filesystem::path& p, int err) {
  throw storage_error(what + " " + p.string() + ": " + std::strerror(err));
}

void fsync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // best effort: some file systems refuse directory fds
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

atomic_file_writer::atomic_file_writer(std::filesystem::path target, bool synced)
    : target_(std::move(target)), synced_(synced) {
  std::error_code ec;
  std::filesystem::create_directories(target_.parent_path(), ec);
  if (ec) throw storage_error("cannot create directory " + target_.parent_path().string() + ": " + ec.message());
  tmp_ = target_.parent_path() / ("." + target_.filename().string() + ".tmp");
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) io_fail("cannot create", tmp_, errno);
}

atomic_file_writer::~atomic_file_writer() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(tmp_.c_str());
}

void atomic_file_writer::write(std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      io_fail("cannot write", tmp_, errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void atomic_file_writer::commit() {
  if (synced_ && ::fsync(fd_) != 0) io_fail("cannot fsync", tmp_, errno);
  ::close(fd_);
  fd_ = -1;
  if (::rename(tmp_.c_str(), target_.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp_.c_str());
    io_fail("cannot rename into", target_, err);
  }
  if (synced_) fsync_dir(target_.parent_path());
}

void atomic_write_file(const std::filesystem::path& target, std::string_view bytes) {
  atomic_file_writer w(target);
  w.write(bytes);
  w.commit();
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace jobpilot::storage
