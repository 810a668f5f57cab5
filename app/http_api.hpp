// The service's HTTP routes (the seed's "API Endpoint Updates", DESIGN.md section 11):
//
//   GET  /healthz                       alive (200 as soon as the port is up)
//   GET  /readyz                        200 once the database is migrated and the stages are up, else 503
//   GET  /metrics                       Prometheus text format
//   GET  /api/health                    the seed's ETLHealthCheck components
//   GET  /api/jobs                      jobs with filters and pagination, each with its ETL metadata
//   GET  /api/jobs/{id}                 one job with its sources
//   GET  /api/jobs/search?q=&k=         semantic search
//   GET  /api/jobs/processing-status    collections by status, schedule runs, next fire times
//   POST /api/jobs/collect              on-demand collection (bearer token); 202 with the run's id
//   GET  /api/jobs/collect/{id}         that run's state
//   POST /api/jobs/reprocess            take up every unfinished collection (bearer token)
//   GET  /                              the dashboard
//
// Shapes: deploy/openapi.yaml. Errors are JSON {"error": "..."} with 400, 401, 404, 405, 413, 503.
#pragma once

#include "net/http_server.hpp"

#include <memory>

namespace jobpilot::app {

class service_state;
class service_metrics;

class http_api {
public:
  http_api(service_state& state, service_metrics& metrics);
  ~http_api();
  net::server_reply handle(const net::http_request& request);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace jobpilot::app
