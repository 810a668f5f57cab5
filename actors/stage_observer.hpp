// What the stages tell as they work, for the service's metrics (the seed's Key Metrics). Every
// method does nothing by default, so a command that watches nothing passes the base class. Called
// on the stages' worker threads: an implementation must be thread-safe and must not block.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jobpilot::core {
struct enhanced_job;
}
namespace jobpilot::messages {
struct stage_tally;
}

namespace jobpilot::actors {

class stage_observer {
public:
  virtual ~stage_observer() = default;
  /// The processor transformed a job.
  virtual void job_transformed(const core::enhanced_job&) {}
  /// The processor rejected a job (core::transform_result's error_type and error_message).
  virtual void job_rejected(const std::string& /*error_type*/, const std::string& /*error_message*/) {}
  virtual void collection_processed(double /*seconds*/) {}
  virtual void collection_embedded(double /*seconds*/) {}
  /// A dedupe round updated the index; one reason per job decided (canonical included).
  virtual void dedupe_round(double /*seconds*/, const std::vector<std::string>& /*reasons*/) {}
  virtual void batch_loaded(double /*seconds*/, std::int64_t /*jobs_new*/, std::int64_t /*jobs_updated*/) {}
  /// The loader committed a collection (loaded or partial): after the database's NOTIFY, the webhook.
  virtual void collection_loaded(const std::string& /*collection_id*/, const std::string& /*status*/,
                                 std::int64_t /*jobs_new*/, std::int64_t /*jobs_updated*/,
                                 std::int64_t /*postings_new*/) {}
  /// The stage's supervisor restarted a crashed worker.
  virtual void stage_restarted(const std::string& /*stage*/) {}
  /// An operation became a dead letter in failed_operations.
  virtual void dead_letter(const std::string& /*stage*/) {}
  /// Cluster mode: what a worker's stages did since its last report, counted here as this node's own.
  virtual void node_tally(const messages::stage_tally&) {}
};

/// Several observers as one (the service's metrics and the after_load webhook).
class stage_observers final : public stage_observer {
public:
  explicit stage_observers(std::vector<std::shared_ptr<stage_observer>> all) : all_(std::move(all)) {}
  void job_transformed(const core::enhanced_job& j) override { each([&](auto& o) { o.job_transformed(j); }); }
  void job_rejected(const std::string& t, const std::string& m) override { each([&](auto& o) { o.job_rejected(t, m); }); }
  void collection_processed(double s) override { each([&](auto& o) { o.collection_processed(s); }); }
  void collection_embedded(double s) override { each([&](auto& o) { o.collection_embedded(s); }); }
  void dedupe_round(double s, const std::vector<std::string>& r) override { each([&](auto& o) { o.dedupe_round(s, r); }); }
  void batch_loaded(double s, std::int64_t n, std::int64_t u) override { each([&](auto& o) { o.batch_loaded(s, n, u); }); }
  void collection_loaded(const std::string& id, const std::string& status, std::int64_t n, std::int64_t u,
                         std::int64_t p) override {
    each([&](auto& o) { o.collection_loaded(id, status, n, u, p); });
  }
  void stage_restarted(const std::string& s) override { each([&](auto& o) { o.stage_restarted(s); }); }
  void dead_letter(const std::string& s) override { each([&](auto& o) { o.dead_letter(s); }); }
  void node_tally(const messages::stage_tally& t) override { each([&](auto& o) { o.node_tally(t); }); }

private:
  template <class F>
  void each(F f) {
    for (auto& o : all_) f(*o);
  }
  std::vector<std::shared_ptr<stage_observer>> all_;
};

}  // namespace jobpilot::actors
