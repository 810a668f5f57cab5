// Parsed command-line options of every subcommand: plain values, no CLI11 here.
#pragma once

#include "core/jsearch_query.hpp"

#include <cstdint>
#include <string>

namespace jobpilot::app {

struct global_options {
  std::string config_path;  ///< --config; empty = ./jobpilot.yaml when it exists, else defaults
  std::string db_url;       ///< --db overrides database.url
  std::string data_dir;     ///< --data-dir overrides data_dir
  std::string log_level;    ///< --log-level overrides log.level
  std::string cluster_role; ///< `run --role` overrides cluster.role
};

struct collect_options {
  core::jsearch_query query;  ///< page = first page
  int pages = 1;              ///< one API call (one raw collection) per page
  std::string base_url;       ///< overrides jsearch.base_url
  std::string strategy = "on_demand";
  bool no_cache = false;
  bool json = false;
};

struct status_options {
  bool json = false;
  int recent = 10;
};

struct fake_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8089;
  std::uint64_t seed = 42;
  std::size_t postings = 2000;
  double current_share = 0.5;
  std::string responses_dir;   ///< serve recorded responses instead of generated postings
  std::string labels_out;      ///< write duplicate labels as JSON and continue
  std::string api_key;         ///< when set, only this key is accepted
  std::int64_t monthly_quota = 10000;
  double requests_per_second = 5.0;
  std::string cost_model = "per_page";
  int max_page = 100;
  double latency_ms = 0;
  double latency_p99_ms = 0;
  double burst_429_rate = 0, quota_429_rate = 0, error_5xx_rate = 0, hang_rate = 0, cut_rate = 0,
         malformed_json_rate = 0, invalid_utf8_rate = 0, truncate_rate = 0;
  std::int64_t hang_ms = 60000;
};

struct process_options {
  bool json = false;
};

struct reprocess_options {
  std::string collection_id;  ///< one collection, or
  std::string status;         ///< failed, partial or all, or
  bool dead_letters = false;  ///< replay dead letters (loader; collector ones too with include_paid)
  bool include_paid = false;
  bool json = false;
};

struct jobs_options {
  bool json = false;
  std::string title;
  std::string company;
  std::string location;
  bool remote_only = false;
  double min_salary = -1;  ///< annualised; < 0 = no filter
  int limit = 20;
};

struct search_options {
  std::string text;
  int k = 10;
  bool json = false;
};

struct run_options {
  bool once = false;
  std::string base_url;  ///< overrides jsearch.base_url
  bool json = false;
};

}  // namespace jobpilot::app
