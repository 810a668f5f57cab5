#include "actors/stage_tally_observer.hpp"

#include "core/enhanced_job.hpp"
#include "core/transform.hpp"

namespace jobpilot::actors {

namespace {

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Adds counts field by field (the longer list sets the length).
template <class Counts>
void add_counts(std::vector<std::int64_t>& to, const Counts& from) {
  to.resize(std::max(to.size(), from.size()), 0);
  for (std::size_t i = 0; i < from.size(); ++i) to[i] += from[i] ? static_cast<std::int64_t>(from[i]) : 0;
}

}  // namespace

void stage_tally_observer::job_transformed(const core::enhanced_job& job) {
  const auto present = core::present_fields(job);
  std::lock_guard<std::mutex> lock(mu_);
  ++tally_.jobs_transformed;
  add_counts(tally_.fields_present, present);
}

void stage_tally_observer::job_rejected(const std::string& error_type, const std::string& error_message) {
  std::string reason(core::rejection_reason(error_type, error_message));
  std::lock_guard<std::mutex> lock(mu_);
  tally_.jobs_rejected.push_back(std::move(reason));
}

void stage_tally_observer::collection_processed(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  tally_.processing_seconds.push_back(seconds);
}

void stage_tally_observer::collection_embedded(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  tally_.embedding_seconds.push_back(seconds);
}

void stage_tally_observer::dead_letter(const std::string& stage) {
  std::lock_guard<std::mutex> lock(mu_);
  tally_.dead_letters.push_back(stage);
}

void stage_tally_observer::stage_restarted(const std::string& stage) {
  std::lock_guard<std::mutex> lock(mu_);
  tally_.restarts.push_back(stage);
}

messages::stage_tally stage_tally_observer::take() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(tally_, messages::stage_tally{});
}

void stage_tally_observer::give_back(const messages::stage_tally& t) {
  std::lock_guard<std::mutex> lock(mu_);
  tally_.jobs_transformed += t.jobs_transformed;
  add_counts(tally_.fields_present, t.fields_present);
  append(tally_.jobs_rejected, t.jobs_rejected);
  append(tally_.processing_seconds, t.processing_seconds);
  append(tally_.embedding_seconds, t.embedding_seconds);
  append(tally_.dead_letters, t.dead_letters);
  append(tally_.restarts, t.restarts);
}

}  // namespace jobpilot::actors
