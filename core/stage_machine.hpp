// The stage machine of a raw collection (DESIGN.md section 4): the status says which stage's output
// is durably stored, so after any crash the next stage is known from the row alone.
//
//   pending --processor--> processed --embedder--> embedded --deduper--> deduped --loader--> loaded
//                |                                                                   \--> partial
//                \--> failed (the reply holds no job data: an API error, corrupt or not JSON)
//
// Each arrow is one transaction that writes the stage's output and the new status together.
#pragma once

#include <optional>
#include <string_view>

namespace jobpilot::core {

enum class collection_status {
  pending,    ///< the reply is stored; nothing is derived from it yet
  processed,  ///< its jobs are transformed (processed_job_data)
  embedded,   ///< their vectors are stored (or the jobs are flagged to be embedded later)
  deduped,    ///< each job has its dedupe decision and a place in the global dedupe order
  loaded,     ///< every job is in enhanced_jobs / job_sources
  partial,    ///< loaded, but some jobs could not be transformed or loaded (the reasons are kept)
  failed,     ///< nothing in it can be loaded (the reason is kept); reprocess may try again
};

enum class stage { collector, processor, embedder, deduper, loader };

const char* to_string(collection_status s) noexcept;
const char* to_string(stage s) noexcept;
std::optional<collection_status> parse_collection_status(std::string_view text) noexcept;

/// loaded, partial and failed: no stage has work left on the collection.
bool is_final(collection_status s) noexcept;

/// The stage that takes a collection in this status next (none for final ones).
std::optional<stage> next_stage(collection_status s) noexcept;

/// The status a stage's successful commit moves a collection to (the loader's may also be partial).
collection_status status_after(stage s) noexcept;

/// How far along the machine a status is: pending 0, processed 1, embedded 2, deduped 3, final 4.
int progress(collection_status s) noexcept;

/// What a collection_requests row is at.
enum class request_status { pending, running, done, failed };
const char* to_string(request_status s) noexcept;

}  // namespace jobpilot::core
