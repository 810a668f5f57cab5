// Time spent in each stage's work and the jobs it handled: where a run's time went (the `process`
// summary and the bench read it), the cluster's workers' included. Thread-safe: the stages report from their worker threads.
#pragma once

#include "actors/stage_observer.hpp"
#include "messages/stage_tally.hpp"

#include <array>
#include <cstdint>
#include <mutex>

namespace jobpilot::actors {

struct stage_time {
  double seconds = 0;       ///< summed over the stage's calls (workers in parallel add up)
  std::int64_t calls = 0;   ///< collections (process, embed), dedupe rounds, load batches
  std::int64_t jobs = 0;    ///< jobs transformed, decided or loaded (embed: not known here, 0)
};

struct stage_times {
  stage_time process, embed, dedupe, load;
};

class stage_clock final : public stage_observer {
public:
  void job_transformed(const core::enhanced_job&) override { add(&stage_times::process, 0, 0, 1); }
  void collection_processed(double s) override { add(&stage_times::process, s, 1, 0); }
  void collection_embedded(double s) override { add(&stage_times::embed, s, 1, 0); }
  void dedupe_round(double s, const std::vector<std::string>& reasons) override {
    add(&stage_times::dedupe, s, 1, static_cast<std::int64_t>(reasons.size()));
  }
  void batch_loaded(double s, std::int64_t jobs_new, std::int64_t jobs_updated) override {
    add(&stage_times::load, s, 1, jobs_new + jobs_updated);
  }
  void node_tally(const messages::stage_tally& t) override {
    double processing = 0, embedding = 0;
    for (auto s : t.processing_seconds) processing += s;
    for (auto s : t.embedding_seconds) embedding += s;
    add(&stage_times::process, processing, static_cast<std::int64_t>(t.processing_seconds.size()), t.jobs_transformed);
    add(&stage_times::embed, embedding, static_cast<std::int64_t>(t.embedding_seconds.size()), 0);
  }
  stage_times totals() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return times_;
  }

private:
  void add(stage_time stage_times::*which, double seconds, std::int64_t calls, std::int64_t jobs) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& t = times_.*which;
    t.seconds += seconds;
    t.calls += calls;
    t.jobs += jobs;
  }
  mutable std::mutex mutex_;
  stage_times times_;
};

}  // namespace jobpilot::actors
