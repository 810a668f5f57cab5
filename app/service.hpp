// `jobpilot-etl run`: the long-running service. One process: the scheduler, the five stages, one
// HTTP port (API, /metrics, /healthz, /readyz, dashboard). SIGTERM or SIGINT: stop taking work, let
// the run in flight finish within service.shutdown_grace, exit 0; a second signal exits at once
// (the stage machine and schedule_runs resume everything at the next start).
#pragma once

#include "app/options.hpp"

namespace jobpilot::app {

int run_service(const global_options& g, const run_options& o);

}  // namespace jobpilot::app
