#include "messages/error.hpp"
#include "messages/type_ids.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/binary_serializer.hpp>

namespace jobpilot::messages {

namespace {

// Message types are compared through the inspect functions they already have: two values are
// equal when they serialize to the same bytes (so a field added to inspect is compared too).
template <class T>
bool same_bytes(const T& a, const T& b) {
  std::vector<char> x, y;
  caf::binary_serializer sa{nullptr, x};
  caf::binary_serializer sb{nullptr, y};
  T ca = a, cb = b;
  if (sa(ca) || sb(cb)) return false;
  return x == y;
}

}  // namespace

bool operator==(const stage_status& a, const stage_status& b) { return same_bytes(a, b); }
bool operator==(const collect_request& a, const collect_request& b) { return same_bytes(a, b); }
bool operator==(const collect_result& a, const collect_result& b) { return same_bytes(a, b); }
bool operator==(const stage_request& a, const stage_request& b) { return same_bytes(a, b); }
bool operator==(const collection_progress& a, const collection_progress& b) { return same_bytes(a, b); }
bool operator==(const stage_reply& a, const stage_reply& b) { return same_bytes(a, b); }
bool operator==(const sweep_request& a, const sweep_request& b) { return same_bytes(a, b); }
bool operator==(const sweep_report& a, const sweep_report& b) { return same_bytes(a, b); }
bool operator==(const run_request& a, const run_request& b) { return same_bytes(a, b); }
bool operator==(const run_report& a, const run_report& b) { return same_bytes(a, b); }
bool operator==(const stage_tally& a, const stage_tally& b) { return same_bytes(a, b); }
bool operator==(const node_load& a, const node_load& b) { return same_bytes(a, b); }
// Actor handles need an actor system to serialize: compared field by field.
bool operator==(const node_hello& a, const node_hello& b) {
  return a.node == b.node && a.address == b.address && a.processor == b.processor && a.embedder == b.embedder &&
         a.processor_slots == b.processor_slots && a.embedder_slots == b.embedder_slots;
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

std::string to_string(errc x) {
  switch (x) {
    case errc::stage_failed: return "stage_failed";
    case errc::invalid_request: return "invalid_request";
    case errc::storage_unavailable: return "storage_unavailable";
    case errc::quota_exhausted: return "quota_exhausted";
    case errc::circuit_open: return "circuit_open";
    case errc::shutting_down: return "shutting_down";
    case errc::worker_crashed: return "worker_crashed";
  }
  return "unknown";
}

}  // namespace jobpilot::messages
