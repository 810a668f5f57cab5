#include "messages/error.hpp"
#include "messages/type_ids.hpp"

#include <caf/actor_system_config.hpp>

namespace jobpilot::messages {

bool operator==(const stage_status& a, const stage_status& b) {
  return a.stage == b.stage && a.state == b.state && a.workers == b.workers && a.busy == b.busy &&
         a.queued == b.queued && a.completed == b.completed && a.failed == b.failed && a.restarts == b.restarts;
}
bool operator==(const collect_request& a, const collect_request& b) {
  return a.request_id == b.request_id && a.query == b.query && a.strategy == b.strategy && a.priority == b.priority &&
         a.max_attempts == b.max_attempts && a.use_cache == b.use_cache;
}
bool operator==(const collect_result& a, const collect_result& b) {
  return a.request_id == b.request_id && a.collection_id == b.collection_id && a.status == b.status &&
         a.outcome == b.outcome && a.error == b.error && a.job_count == b.job_count && a.api_calls == b.api_calls &&
         a.attempts == b.attempts && a.response_ms == b.response_ms && a.next_cursor == b.next_cursor;
}
bool operator==(const raw_stored& a, const raw_stored& b) { return a.collection_id == b.collection_id; }
bool operator==(const processed& a, const processed& b) {
  return a.processing_id == b.processing_id && a.collection_id == b.collection_id &&
         a.jobs_processed == b.jobs_processed && a.jobs_failed == b.jobs_failed;
}
bool operator==(const embedded& a, const embedded& b) {
  return a.processing_id == b.processing_id && a.embedded_count == b.embedded_count &&
         a.not_embedded == b.not_embedded;
}
bool operator==(const deduped& a, const deduped& b) {
  return a.processing_id == b.processing_id && a.canonical == b.canonical && a.duplicates == b.duplicates;
}
bool operator==(const loaded& a, const loaded& b) {
  return a.processing_id == b.processing_id && a.job_ids == b.job_ids;
}

void register_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::jobpilot>();
  cfg.add_error_category(caf::atom("jobpilot"), [](uint8_t code, caf::atom_value, const caf::message& ctx) {
    std::string out = "jobpilot::";
    out += to_string(static_cast<errc>(code));
    if (!ctx.empty()) {
      out += ": ";
      out += ctx.match_elements<std::string>() ? ctx.get_as<std::string>(0) : to_string(ctx);
    }
    return out;
  });
}

}  // namespace jobpilot::messages

namespace jobpilot::messages {

std::string to_string(errc x) {
  switch (x) {
    case errc::stage_failed: return "stage_failed";
    case errc::invalid_request: return "invalid_request";
    case errc::storage_unavailable: return "storage_unavailable";
    case errc::quota_exhausted: return "quota_exhausted";
    case errc::circuit_open: return "circuit_open";
    case errc::shutting_down: return "shutting_down";
  }
  return "unknown";
}

}  // namespace jobpilot::messages
