// A worker's stage observer (cluster mode): tallies what its stages do until the cluster member
// takes the tally for its next heartbeat, so the coordinator's metrics count this node's work.
#pragma once

#include "actors/stage_observer.hpp"
#include "messages/stage_tally.hpp"

#include <mutex>

namespace jobpilot::actors {

class stage_tally_observer final : public stage_observer {
public:
  void job_transformed(const core::enhanced_job& job) override;
  void job_rejected(const std::string& error_type, const std::string& error_message) override;
  void collection_processed(double seconds) override;
  void collection_embedded(double seconds) override;
  void dead_letter(const std::string& stage) override;
  void stage_restarted(const std::string& stage) override;

  /// What was tallied since the last take; a new tally starts.
  messages::stage_tally take();
  /// A tally the coordinator did not get: it goes with the next one.
  void give_back(const messages::stage_tally& t);

private:
  std::mutex mu_;
  messages::stage_tally tally_;
};

}  // namespace jobpilot::actors
