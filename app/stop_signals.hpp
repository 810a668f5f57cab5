// SIGINT and SIGTERM, blocked in every thread (construct it before any thread exists) and taken by
// the one thread that waits for them: how the long-running commands (`run`, a worker) learn to stop.
#pragma once

#include <chrono>
#include <csignal>
#include <ctime>

#include <pthread.h>

namespace jobpilot::app {

class stop_signals {
public:
  stop_signals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  /// A signal number, or 0 when none came within `wait`.
  int wait_for(std::chrono::milliseconds wait) {
    timespec ts{static_cast<time_t>(wait.count() / 1000), static_cast<long>((wait.count() % 1000) * 1'000'000)};
    int sig = sigtimedwait(&set_, nullptr, &ts);
    return sig > 0 ? sig : 0;
  }

private:
  sigset_t set_;
};

}  // namespace jobpilot::app
