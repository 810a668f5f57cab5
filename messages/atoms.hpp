// Message atoms of the pipeline (CAF 0.17: at most 10 characters each).
#pragma once

#include <caf/atom.hpp>

namespace jobpilot::atom {

using collect = caf::atom_constant<caf::atom("collect")>;
using process = caf::atom_constant<caf::atom("process")>;
using embed = caf::atom_constant<caf::atom("embed")>;
using dedupe = caf::atom_constant<caf::atom("dedupe")>;
using load = caf::atom_constant<caf::atom("load")>;
using status = caf::atom_constant<caf::atom("status")>;
/// The recovery sweep: import file-only replies, free dead owners' claims, list unfinished work.
using sweep = caf::atom_constant<caf::atom("sweep")>;
/// One command's work through the whole tree (collect and/or process).
using run = caf::atom_constant<caf::atom("run")>;
/// INTERNAL: a pool restarts the worker in slot N after its backoff.
using restart = caf::atom_constant<caf::atom("restart")>;
/// INTERNAL: the pipeline looks again at collections that were waiting (claimed elsewhere, blocked).
using tick = caf::atom_constant<caf::atom("tick")>;
/// The scheduler looks at schedule_runs now (a request was just recorded), not at its next tick.
using wake = caf::atom_constant<caf::atom("wake")>;

/// Cluster: a worker offers its pools to the coordinator; a pool member arrives or goes.
using join = caf::atom_constant<caf::atom("join")>;
using leave = caf::atom_constant<caf::atom("leave")>;
/// Cluster: a worker's periodic load report, answered by the coordinator (so both sides hear each other).
using heartbeat = caf::atom_constant<caf::atom("heartbeat")>;

}  // namespace jobpilot::atom
