// Registered type names of every message, so they can cross nodes (CAF needs the same names on
// both sides). Load with register_message_types(cfg) before the system starts.
#pragma once

#include "messages/cluster.hpp"
#include "messages/collector.hpp"
#include "messages/deduper.hpp"
#include "messages/embedder.hpp"
#include "messages/loader.hpp"
#include "messages/pipeline.hpp"
#include "messages/processor.hpp"
#include "messages/recovery.hpp"
#include "messages/stage_work.hpp"
#include "messages/status.hpp"

#include <caf/type_id.hpp>

CAF_BEGIN_TYPE_ID_BLOCK(jobpilot, caf::first_custom_type_id)
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::core::jsearch_query))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::collect_request))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::collect_result))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::stage_request))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::collection_progress))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::stage_reply))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::sweep_request))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::sweep_report))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::run_request))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::run_report))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::stage_status))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::node_hello))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::node_load))
  CAF_ADD_TYPE_ID(jobpilot, (jobpilot::messages::stage_tally))
CAF_END_TYPE_ID_BLOCK(jobpilot)

namespace caf {
class actor_system_config;
}

namespace jobpilot::messages {

/// Registers every message type and the error category.
void register_message_types(caf::actor_system_config& cfg);

}  // namespace jobpilot::messages
