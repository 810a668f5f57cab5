#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "core/schedule_plan.hpp"
#include "storage/alert_repository.hpp"
#include "storage/api_usage_repository.hpp"
#include "storage/cluster_node_repository.hpp"
#include "storage/collection_request_repository.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/job_repository.hpp"
#include "storage/processing_repository.hpp"
#include "storage/process_identity.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/stage_repository.hpp"

#include <boost/json.hpp>

#include <iomanip>
#include <iostream>

namespace jobpilot::app {

namespace {

boost::json::value opt(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::string opt_text(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "unknown"; }

}  // namespace

int run_status(const global_options& g, const status_options& o) {
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  try {
    // Requests and claims of processes that died here are shown as what they are (failed, free),
    // not as still running.
    storage::stage_repository(rt->db, storage::this_process_owner(), rt->settings.database.claim_lease)
        .recover_dead_owners();
    storage::raw_collection_repository raws(rt->db);
    storage::collection_request_repository requests(rt->db);
    storage::api_usage_repository usage(rt->db);
    storage::failed_operation_repository dead(rt->db);
    auto by_status = raws.count_by_status();
    auto req_status = requests.count_by_status();
    auto ledger = usage.ledger();
    auto outcomes = usage.calls_by_outcome();
    auto recent = raws.list_recent(o.recent);
    auto dead_count = dead.count("pending");
    auto alerts = storage::alert_repository(rt->db).recent(10);
    storage::processing_repository processing(rt->db);
    storage::job_repository jobs(rt->db);
    auto processing_by_status = processing.count_by_status();
    auto [jobs_ok, jobs_failed] = processing.job_totals();
    auto job_total = jobs.job_count();
    auto by_reason = jobs.sources_by_reason();
    const auto nodes = storage::cluster_node_repository(rt->db).list();
    const auto now_ms = core::to_epoch_ms(std::chrono::system_clock::now());
    const auto node_timeout_ms = rt->settings.cluster.node_timeout.count();
    if (o.json) {
      boost::json::object collections, reqs, calls;
      std::int64_t total = 0;
      for (auto& [k, v] : by_status) {
        collections[k] = v;
        total += v;
      }
      for (auto& [k, v] : req_status) reqs[k] = v;
      for (auto& [k, v] : outcomes) calls[k] = v;
      boost::json::object quota{{"calls_recorded", ledger.calls_recorded}};
      if (ledger.latest_with_headers) {
        quota["limit"] = opt(ledger.latest_with_headers->requests_limit);
        quota["remaining"] = opt(ledger.latest_with_headers->requests_remaining);
        quota["reset_seconds"] = opt(ledger.latest_with_headers->requests_reset_seconds);
        quota["as_of"] = ledger.latest_with_headers->recorded_at;
      } else {
        quota["limit"] = nullptr;
        quota["remaining"] = nullptr;
        quota["reset_seconds"] = nullptr;
        quota["as_of"] = nullptr;
      }
      boost::json::array rec;
      for (auto& r : recent) {
        boost::json::error_code ec;
        rec.push_back(boost::json::object{{"collection_id", r.collection_id},
                                          {"timestamp", r.timestamp},
                                          {"endpoint", r.endpoint},
                                          {"query_params", boost::json::parse(r.query_params_json, ec)},
                                          {"processing_status", r.processing_status},
                                          {"http_status", r.http_status},
                                          {"body_bytes", r.body_bytes},
                                          {"file_path", r.file_path}});
      }
      boost::json::array node_list;
      for (const auto& n : nodes) {
        boost::json::array pools;
        for (const auto& p : n.pools)
          pools.push_back({{"stage", p.stage}, {"workers", p.workers}, {"busy", p.busy}, {"queued", p.queued},
                           {"completed", p.completed}, {"failed", p.failed}});
        node_list.push_back({{"node", n.node}, {"role", n.role}, {"address", n.address},
                             {"state", storage::shown_state(n, now_ms, node_timeout_ms)}, {"pools", pools},
                             {"last_heartbeat_ms", n.last_heartbeat}, {"reason", n.reason}});
      }
      boost::json::object out{{"database", rt->db->display_url()},
                              {"nodes", node_list},
                              {"collections", collections},
                              {"collections_total", total},
                              {"requests", reqs},
                              {"api_calls_by_outcome", calls},
                              {"quota", quota},
                              {"dead_letters_pending", dead_count},
                              {"alerts", [&] {
                                 boost::json::array a;
                                 for (const auto& x : alerts)
                                   a.push_back({{"kind", x.kind}, {"period", x.period}, {"message", x.message},
                                                {"raised_at", x.created_at}});
                                 return a;
                               }()},
                              {"processing", [&] {
                                 boost::json::object p, reasons;
                                 for (auto& [k, v] : processing_by_status) p[k] = v;
                                 for (auto& [k, v] : by_reason) reasons[k] = v;
                                 return boost::json::object{{"by_status", p},
                                                            {"jobs_processed", jobs_ok},
                                                            {"jobs_failed", jobs_failed},
                                                            {"jobs_loaded", job_total},
                                                            {"postings_by_reason", reasons}};
                               }()},
                              {"recent", rec}};
      std::cout << boost::json::serialize(out) << "\n";
      return exit_ok;
    }
    std::cout << "database: " << rt->db->display_url() << "\n\nraw collections by status:\n";
    std::int64_t total = 0;
    for (auto& [k, v] : by_status) {
      std::cout << "  " << std::left << std::setw(12) << k << std::right << std::setw(8) << v << "\n";
      total += v;
    }
    std::cout << "  " << std::left << std::setw(12) << "total" << std::right << std::setw(8) << total << "\n";
    std::cout << "\ncollection requests:";
    if (req_status.empty()) std::cout << " none";
    for (auto& [k, v] : req_status) std::cout << " " << k << "=" << v;
    std::cout << "\n\nquota ledger (JSearch):\n  calls recorded: " << ledger.calls_recorded << "\n";
    if (ledger.latest_with_headers) {
      const auto& l = *ledger.latest_with_headers;
      std::cout << "  plan limit:     " << opt_text(l.requests_limit) << "\n  remaining:      "
                << opt_text(l.requests_remaining) << "\n  resets in:      " << opt_text(l.requests_reset_seconds)
                << " s\n  as of:          " << l.recorded_at << "\n";
    } else {
      std::cout << "  no quota headers seen yet\n";
    }
    std::cout << "  calls by outcome:";
    for (auto& [k, v] : outcomes) std::cout << " " << k << "=" << v;
    std::cout << "\n  dead letters pending: " << dead_count << "\n";
    if (!alerts.empty()) {
      std::cout << "\nalerts (newest first):\n";
      for (const auto& x : alerts) std::cout << "  " << x.created_at << "  " << x.message << "\n";
    }
    std::cout << "\nprocessing:";
    if (processing_by_status.empty()) std::cout << " nothing processed yet";
    for (auto& [k, v] : processing_by_status) std::cout << " " << k << "=" << v;
    std::cout << "\n  jobs processed: " << jobs_ok << ", failed: " << jobs_failed << "\n  jobs loaded: " << job_total
              << " distinct;";
    for (auto& [k, v] : by_reason) std::cout << " " << k << "=" << v;
    std::cout << "\n";
    if (!nodes.empty()) {
      std::cout << "\ncluster nodes:\n";
      for (const auto& n : nodes) {
        std::cout << "  " << std::left << std::setw(20) << n.node << " " << std::setw(11) << n.role << " "
                  << std::setw(6) << storage::shown_state(n, now_ms, node_timeout_ms) << std::right << " "
                  << std::setw(21) << n.address << "  heard " << (now_ms - n.last_heartbeat) / 1000 << " s ago ";
        for (const auto& p : n.pools)
          std::cout << " " << p.stage << " " << p.busy << "/" << p.workers << " busy, " << p.queued << " queued, "
                    << p.completed << " done;";
        if (!n.reason.empty()) std::cout << "  (" << n.reason << ")";
        std::cout << "\n";
      }
    }
    if (!recent.empty()) {
      std::cout << "\nrecent collections:\n";
      for (auto& r : recent)
        std::cout << "  " << r.timestamp << "  " << r.collection_id << "  " << std::left << std::setw(9)
                  << r.processing_status << std::right << " HTTP " << r.http_status << "  " << r.body_bytes
                  << " bytes  " << r.query_params_json << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace jobpilot::app
