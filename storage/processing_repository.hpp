// job_processing_log and processed_job_data: the processor's durable output and the
// state the embedder, deduper and loader advance (embed_status, dedupe decision, load_status).
#pragma once

#include "core/stage_machine.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace jobpilot::storage {

class database;

struct processing_log_row {
  std::string processing_id;
  std::string collection_id;
  std::string started_at;
  std::string completed_at;
  std::string status;  ///< pending, processing, completed, failed, partial
  int jobs_processed = 0;
  int jobs_failed = 0;
  std::string errors_json;   ///< [{job_index, error_type, error_message, raw_data}]
  std::string metrics_json;
};

struct processed_job_row {
  std::string processing_id;
  int job_index = 0;
  std::string jsearch_job_id;
  std::string processed_data_json;  ///< core::to_json(enhanced_job)
  std::vector<float> embedding;     ///< empty = none
  std::string embedding_model;
  std::string embed_status = "pending";  ///< pending, embedded, failed
  std::string duplicate_of;              ///< canonical enhanced_jobs.id once deduped
  std::string dedupe_reason;             ///< canonical, job_id, exact, url, near_duplicate
  std::optional<double> similarity;
  std::string load_status = "pending";   ///< pending, loaded, failed
};

struct embedding_update {
  int job_index = 0;
  std::vector<float> embedding;  ///< empty with status "failed"
  std::string model;
  std::string status;
};

struct dedupe_update {
  int job_index = 0;
  std::string duplicate_of;
  std::string reason;
  double similarity = 0;
};

class processing_repository {
public:
  explicit processing_repository(std::shared_ptr<database> db);

  /// The processor's commit, one transaction: the log row and the processed rows (replacing those of
  /// an earlier run of the same collection) and the collection's move from pending to `next`
  /// (processed, or failed with `reason`), fenced on `owner`'s claim. Re-running it changes no row count.
  void save(const processing_log_row& log, const std::vector<processed_job_row>& jobs, const std::string& owner,
            core::collection_status next, const std::string& reason);

  /// The embedder's commit, one transaction: the vectors (or the flag that they are missing) and the
  /// collection's move from processed to embedded, fenced on `owner`'s claim.
  void set_embeddings(const std::string& collection_id, const std::string& processing_id,
                      const std::vector<embedding_update>& updates, const std::string& owner);

  std::vector<processed_job_row> jobs(const std::string& processing_id);
  std::optional<processing_log_row> log(const std::string& processing_id);

  /// Sum of jobs_processed and jobs_failed over all logs.
  std::pair<std::int64_t, std::int64_t> job_totals();
  std::vector<std::pair<std::string, std::int64_t>> count_by_status();

private:
  std::shared_ptr<database> db_;
};

/// processed_job_data rows of one processing, read inside an open session (the dedupe and load
/// rounds read them in their transaction).
std::vector<processed_job_row> read_processed_rows(database& db, soci::session& s, const std::string& processing_id);

/// The vector column's parameter and placeholder in each dialect (float32 blob / real[]).
std::string vector_param(const database& db, const std::vector<float>& v);
std::string vector_in(const database& db, const std::string& placeholder);
std::string vector_out(const database& db, const std::string& column);
std::vector<float> vector_value(const database& db, const std::string& text);

}  // namespace jobpilot::storage
