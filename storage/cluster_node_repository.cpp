#include "storage/cluster_node_repository.hpp"

#include "storage/database.hpp"
#include "storage/row_access.hpp"

#include <boost/json.hpp>

namespace jobpilot::storage {

namespace json = boost::json;

std::string pools_json(const std::vector<node_pool>& pools) {
  json::array out;
  for (const auto& p : pools)
    out.push_back(json::object{{"stage", p.stage}, {"workers", p.workers}, {"busy", p.busy}, {"queued", p.queued},
                               {"completed", p.completed}, {"failed", p.failed}});
  return json::serialize(out);
}

std::vector<node_pool> parse_pools_json(const std::string& text) {
  std::vector<node_pool> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  auto num = [](const json::object& o, const char* key) -> std::int64_t {
    const auto* x = o.if_contains(key);
    return x && x->is_int64() ? x->as_int64() : 0;
  };
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    node_pool p;
    if (const auto* s = o.if_contains("stage"); s && s->is_string()) p.stage = std::string(s->as_string());
    p.workers = static_cast<std::int32_t>(num(o, "workers"));
    p.busy = static_cast<std::int32_t>(num(o, "busy"));
    p.queued = static_cast<std::int32_t>(num(o, "queued"));
    p.completed = num(o, "completed");
    p.failed = num(o, "failed");
    out.push_back(std::move(p));
  }
  return out;
}

std::string shown_state(const cluster_node_row& row, std::int64_t now_ms, std::int64_t node_timeout_ms) {
  if (row.state == "up" && now_ms - row.last_heartbeat > node_timeout_ms) return "silent";
  return row.state;
}

cluster_node_repository::cluster_node_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

void cluster_node_repository::upsert(const cluster_node_row& r) {
  db_->with_session([&](soci::session& s) {
    const std::string pools = pools_json(r.pools);
    const long long joined = r.joined_at, heard = r.last_heartbeat;
    s << "INSERT INTO cluster_nodes (node, role, address, state, pools, joined_at, last_heartbeat, reason) "
         "VALUES (:n, :r, :a, :s, :p, :j, :h, :why) ON CONFLICT (node) DO UPDATE SET role = excluded.role, "
         "address = excluded.address, state = excluded.state, pools = excluded.pools, joined_at = excluded.joined_at, "
         "last_heartbeat = excluded.last_heartbeat, reason = excluded.reason",
        soci::use(r.node), soci::use(r.role), soci::use(r.address), soci::use(r.state), soci::use(pools),
        soci::use(joined), soci::use(heard), soci::use(r.reason);
  });
}

void cluster_node_repository::set_state(const std::string& node, const std::string& state, const std::string& reason) {
  db_->with_session([&](soci::session& s) {
    s << "UPDATE cluster_nodes SET state = :s, reason = :r WHERE node = :n", soci::use(state), soci::use(reason),
        soci::use(node);
  });
}

std::vector<cluster_node_row> cluster_node_repository::list() {
  return db_->with_session([&](soci::session& s) {
    std::vector<cluster_node_row> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT node, role, address, state, pools, joined_at, last_heartbeat, reason FROM cluster_nodes "
                      "ORDER BY CASE WHEN role = 'coordinator' THEN 0 ELSE 1 END, node");
    for (const auto& row : rs)
      out.push_back({col_text(row, 0), col_text(row, 1), col_text(row, 2), col_text(row, 3),
                     parse_pools_json(col_text(row, 4)), col_int(row, 5), col_int(row, 6), col_text(row, 7)});
    return out;
  });
}

}  // namespace jobpilot::storage
