// The whole configuration as typed structs. Defaults live here, in the member
// initialisers, and nowhere else; config/jobpilot.example.yaml documents them
// (a test checks that the example equals these defaults).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace jobpilot::config {

using std::chrono::milliseconds;

/// A circuit breaker (Akka semantics; one per dependency: JSearch, the embedding endpoint, the database).
struct breaker_settings {
  int max_failures = 5;
  milliseconds call_timeout{45'000};       ///< a call slower than this counts as a failure
  milliseconds reset_timeout{30'000};      ///< first stay in open
  milliseconds max_reset_timeout{600'000};
  double backoff_factor = 2.0;             ///< growth of the stay after each failed probe
  double random_factor = 0.2;              ///< jitter on the stay
};

/// A stage's supervision (OTP intensity, Akka backoff): a crashed worker is restarted after
/// min(max_backoff, min_backoff * 2^n) * (1 + U * random_factor); more than max_restarts within
/// period and the stage gives up, which ends the command with a message naming it.
struct restart_settings {
  int max_restarts = 3;
  milliseconds period{5'000};
  milliseconds min_backoff{200};
  milliseconds max_backoff{10'000};
  double random_factor = 0.2;
};

struct database_settings {
  /// sqlite:PATH (relative paths are under data_dir) or postgresql://user:pass@host:port/db
  std::string url = "sqlite:jobpilot.db";
  int pool_size = 4;
  milliseconds outage_timeout{300'000};    ///< how long a stage rides out a database outage before it gives up
  milliseconds claim_lease{120'000};       ///< a claim on a collection expires this long after it was taken
  breaker_settings breaker{5, milliseconds{60'000}, milliseconds{1'000}, milliseconds{10'000}, 2.0, 0.2};
};

struct log_settings {
  std::string level = "info";   ///< trace, debug, info, warn, error, off
  std::string format = "plain"; ///< plain or json (one JSON object per line)
  std::string dir;              ///< empty = <data_dir>/logs
};

struct jsearch_settings {
  std::string base_url = "https://jsearch.p.rapidapi.com";
  std::string api_key_env = "JSEARCH_API_KEY";  ///< name of the environment variable holding the key
  std::string rapidapi_host = "jsearch.p.rapidapi.com";
  milliseconds connect_timeout{10'000};
  milliseconds total_timeout{45'000};
  std::string country = "us";
  std::string language;          ///< empty = the country's default
  std::string date_posted = "all";
  std::string ca_file;           ///< extra CA bundle (PEM) for TLS verification
  breaker_settings breaker;
};

struct collector_settings {
  int workers = 2;
  int max_attempts = 3;                 ///< per page, first call included
  milliseconds backoff_initial{1'000};
  milliseconds backoff_max{30'000};
  double requests_per_second = 5.0;     ///< the plan's per-second limit (0 = unlimited)
  std::int64_t quota_reserve = 0;       ///< calls kept in hand: collection stops this many before the quota
  double quota_alert_ratio = 0.8;
  milliseconds cache_ttl{3'600'000};    ///< identical request within this age is served from the raw store
  int max_backlog = 1000;               ///< unfinished raw collections above which collection pauses
  /// Incremental collection (scheduled runs): a page whose jobs were all loaded before the run ends its search.
  bool stop_on_known_page = true;
  /// Where a paid reply goes when neither the data dir nor the database can take it (a full disk);
  /// empty = /var/tmp/jobpilot-etl-spool-<uid>. Imported by the next process or collect.
  std::string spool_dir;
  restart_settings restart;
};

struct processor_settings {
  int workers = 2;
  restart_settings restart;
};

struct embedder_settings {
  std::string provider = "local";           ///< local (built in, no network) or openai (any compatible endpoint)
  int dimensions = 384;
  std::string model = "text-embedding-3-small";  ///< openai only
  std::string base_url = "https://api.openai.com";
  std::string api_key_env = "OPENAI_API_KEY";
  int batch_size = 64;
  milliseconds timeout{30'000};
  restart_settings restart;
  breaker_settings breaker{5, milliseconds{60'000}, milliseconds{30'000}, milliseconds{600'000}, 2.0, 0.2};
};

struct dedupe_settings {
  double near_duplicate_threshold = 0.95;   ///< embedding cosine at or above which the text is a near duplicate
  double overlap_threshold = 0.9;           ///< shared sentences (same company) that make a near duplicate
  double other_company_overlap_threshold = 0.75;  ///< shared sentences when the company differs (agency reposts)
  double exact_min_overlap = 0.85;  ///< shared sentences the exact rule needs too (0: the seed's rule as written)
  std::vector<std::string> staffing_companies;     ///< more staffing agencies' names, beyond the built-in list
  std::vector<std::string> marketplace_companies;  ///< more marketplaces / job boards named as the company
  milliseconds exact_window{7 * 86'400'000LL};
  milliseconds url_window{30 * 86'400'000LL};
  milliseconds text_window{30 * 86'400'000LL};
  restart_settings restart;  ///< the deduper stage's supervision
};

struct loader_settings {
  int batch_size = 500;  ///< rows per write before a failed batch is split
  restart_settings restart;
};

struct run_settings {
  std::vector<std::string> queries{"software engineer", "data scientist", "product manager"};
  std::vector<std::string> locations{"San Francisco, CA", "New York, NY", "Seattle, WA"};
  int pages = 1;        ///< pages per query and location
  int in_flight = 4;    ///< collections moving through the pipeline at once
};

/// One entry under schedules: (the seed's ETLScheduler). Its name is its key in the YAML.
struct schedule_settings {
  std::string name;
  /// "cron(m h dom mon dow)" (or the five fields alone): collect queries x locations x pages at
  /// those times. "after_collection" / "after_processing": delay_minutes after each collection /
  /// processing run ends, collect the queries if any, else take up every unfinished collection.
  std::string trigger;
  std::vector<std::string> queries;
  std::vector<std::string> locations;
  int pages = 1;
  double delay_minutes = 0;
  bool enabled = true;
  /// Conditional: skip a due run when this schedule's last run ended less than this ago (0 = never).
  milliseconds skip_if_fresher_than{0};
};

/// The schedules: block, a mapping from name to schedule, in file order.
struct schedule_table {
  std::vector<schedule_settings> entries{
      {"daily_collection", "cron(0 9 * * *)", {"software engineer", "data scientist", "product manager"},
       {"San Francisco, CA", "New York, NY", "Seattle, WA"}, 1, 0, true, milliseconds{0}},
      {"processing_batch", "after_collection", {}, {}, 1, 5, true, milliseconds{0}},
      {"loading_batch", "after_processing", {}, {}, 1, 2, true, milliseconds{0}},
  };
};

struct scheduler_settings {
  std::string time_zone = "UTC";  ///< IANA zone in which cron fields are read
  /// A due collection is skipped when its pages would take the quota below collector.quota_reserve.
  bool skip_when_quota_short = true;
};

/// The service's HTTP port (`run`): API, /metrics, /healthz, /readyz, the dashboard.
struct http_settings {
  bool enabled = true;
  std::string listen = "127.0.0.1";
  int port = 8080;
  /// Environment variable holding the bearer token that POST endpoints require.
  std::string token_env = "JOBPILOT_API_TOKEN";
  std::int64_t max_body_bytes = 1'048'576;
  std::int64_t max_header_bytes = 16'384;
  milliseconds request_timeout{30'000};
  int max_connections = 64;
};

/// A webhook told after each loaded collection (downstream systems; PostgreSQL also NOTIFYs).
struct webhook_settings {
  std::string url;        ///< empty: no webhook
  std::string token_env;  ///< environment variable with a bearer token to send (empty: none)
  milliseconds timeout{10'000};
  int max_attempts = 5;   ///< then the notification becomes a dead letter (failed_operations, stage hooks)
  milliseconds backoff_initial{1'000};
  milliseconds backoff_max{60'000};
};

struct hooks_settings {
  webhook_settings after_load;
};

struct service_settings {
  /// After SIGTERM/SIGINT: in-flight work may finish this long; then the process exits anyway
  /// (unfinished collections are resumed by the next start).
  milliseconds shutdown_grace{30'000};
};

/// TLS between cluster nodes (CAF's openssl module). All empty: plain TCP (loopback or a trusted network only).
/// Any set: mutual certificate checking, and then certificate, key and ca_file are all required.
struct cluster_tls_settings {
  std::string certificate;  ///< this node's certificate (PEM), signed by the cluster's CA
  std::string key;          ///< its private key (PEM)
  std::string ca_file;      ///< the CA that signed every node's certificate (PEM)
  std::string passphrase_env;  ///< environment variable holding the key's passphrase (empty: none)
};

/// Cluster mode (`run --role coordinator|worker`): one coordinator (scheduler, deduper, loader, HTTP API,
/// every JSearch call) and workers that lend it their processor and embedder pools; one database.
struct cluster_settings {
  std::string role = "none";          ///< none, coordinator or worker (`run --role` overrides)
  std::string node_name;              ///< unique in the cluster; empty = <host>/<pid>
  std::string listen = "127.0.0.1";   ///< coordinator: the interface it listens on (never all by default)
  int port = 4790;                    ///< coordinator: its port; workers: the coordinator's
  std::string coordinator;            ///< workers: the coordinator's address (host name or IP)
  milliseconds heartbeat_interval{1'000};  ///< both ways: CAF's connection heartbeat and the node's load report
  milliseconds node_timeout{5'000};        ///< nothing heard for this long: the peer is lost
  milliseconds connect_timeout{5'000};     ///< one connection attempt
  milliseconds reconnect_max{5'000};       ///< workers retry with backoff up to this
  int wait_for_workers = 0;           ///< coordinator, `run --once`: wait until this many workers joined
  milliseconds join_timeout{60'000};  ///< ... for at most this long (then the run fails)
  cluster_tls_settings tls;
};

struct settings {
  std::string data_dir = "data";
  database_settings database;
  log_settings log;
  jsearch_settings jsearch;
  collector_settings collector;
  processor_settings processor;
  embedder_settings embedder;
  dedupe_settings dedupe;
  loader_settings loader;
  run_settings run;
  schedule_table schedules;
  scheduler_settings scheduler;
  http_settings http;
  service_settings service;
  hooks_settings hooks;
  cluster_settings cluster;
};

}  // namespace jobpilot::config
