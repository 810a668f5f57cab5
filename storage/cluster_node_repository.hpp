// cluster_nodes: the nodes a coordinator knows (cluster mode), what their pools are doing and when
// each was last heard from. Written by the coordinator; read by `status`, the API and the dashboard.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {

class database;

/// One stage pool of a node (processor, embedder, ...).
struct node_pool {
  std::string stage;
  std::int32_t workers = 0;
  std::int32_t busy = 0;
  std::int32_t queued = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
};

struct cluster_node_row {
  std::string node;
  std::string role;     ///< coordinator or worker
  std::string address;
  std::string state;    ///< up, left, lost
  std::vector<node_pool> pools;
  std::int64_t joined_at = 0;       ///< epoch ms
  std::int64_t last_heartbeat = 0;  ///< epoch ms
  std::string reason;               ///< why it left or was lost
};

class cluster_node_repository {
public:
  explicit cluster_node_repository(std::shared_ptr<database> db);
  /// Inserts or replaces the node's row.
  void upsert(const cluster_node_row& row);
  /// The node is no longer up (left or lost), with why; its last heartbeat stays.
  void set_state(const std::string& node, const std::string& state, const std::string& reason);
  /// Every node, coordinator first, then by name.
  std::vector<cluster_node_row> list();

private:
  std::shared_ptr<database> db_;
};

/// The state to show: a node recorded up but not heard from for longer than `node_timeout_ms` is
/// "silent" (its coordinator stopped, or the row is from an earlier run).
std::string shown_state(const cluster_node_row& row, std::int64_t now_ms, std::int64_t node_timeout_ms);

/// pools as the JSON text stored in the row, and back (unreadable text: no pools).
std::string pools_json(const std::vector<node_pool>& pools);
std::vector<node_pool> parse_pools_json(const std::string& text);

}  // namespace jobpilot::storage
