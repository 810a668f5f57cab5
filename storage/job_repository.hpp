// enhanced_jobs, job_sources and job_embeddings: the loaded, de-duplicated jobs.
// load() writes one batch in one transaction; on PostgreSQL through COPY into
// temporary staging tables and INSERT ... ON CONFLICT (the bulk path), on SQLite
// through upserts. Loading the same batch again changes nothing.
#pragma once

#include "core/enhanced_job.hpp"

#include <cstdint>
#include <functional>
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

struct canonical_job {
  std::string id;  ///< enhanced_jobs.id (UUID)
  core::enhanced_job job;
  std::string raw_data_json;
  std::string collection_id;
  std::string processing_id;
  bool embedded = false;
};

struct job_source {
  std::string jsearch_job_id;
  std::string publisher;
  std::string job_id;  ///< canonical enhanced_jobs.id
  std::string reason;  ///< canonical, job_id, exact, url, near_duplicate
  double similarity = 0;
  std::string apply_url;
  std::string collection_id;
  std::string processing_id;
  int job_index = 0;
};

struct job_embedding {
  std::string job_id;
  std::string model;
  std::vector<float> vector;
};

/// What one write loads; it refers to the caller's rows (a batch of large jobs is not copied).
struct load_batch {
  std::vector<std::reference_wrapper<const canonical_job>> jobs;        ///< new or updated canonical jobs
  std::vector<std::reference_wrapper<const job_source>> sources;        ///< one per posting
  std::vector<std::reference_wrapper<const job_embedding>> embeddings;  ///< for canonical jobs that have one
  std::string processing_id;              ///< its processed rows are marked loaded
  std::vector<int> job_indexes;           ///< which rows of that processing this batch covers
};

/// A stored job as listed by `jobs` and the search.
struct job_summary {
  std::string id;
  std::string title;
  std::string company;
  std::string location;
  std::string employment_type;
  std::optional<double> salary_annual_min;
  std::optional<double> salary_annual_max;
  std::string salary_currency;
  std::string posted_at;
  std::string apply_url;
  std::string jsearch_job_id;
  bool embedded = false;
  int sources = 0;
};

struct job_filter {
  std::string title_contains;
  std::string company_contains;
  std::string location_contains;
  std::optional<bool> remote;
  std::optional<double> min_salary;  ///< annualised
  int limit = 50;
  int offset = 0;
};

/// One posting of a job: where it came from and why it was merged (the ETL metadata of the API).
struct job_source_row {
  std::string job_id;
  std::string jsearch_job_id;
  std::string publisher;
  std::string duplicate_reason;  ///< canonical, job_id, exact, url, near_duplicate
  std::optional<double> similarity;
  std::string apply_url;
  std::string collection_id;
  std::string processing_id;
  std::string first_seen_at;
};

/// What one load batch changed.
struct load_counts {
  std::int64_t jobs_new = 0;      ///< canonical jobs inserted
  std::int64_t jobs_updated = 0;  ///< canonical jobs written again (the same posting seen again)
  std::int64_t postings_new = 0;  ///< job_sources rows inserted
  load_counts& operator+=(const load_counts& o) {
    jobs_new += o.jobs_new;
    jobs_updated += o.jobs_updated;
    postings_new += o.postings_new;
    return *this;
  }
};

/// Writes a batch inside the caller's transaction: canonical jobs, one job_sources row per posting,
/// embeddings, the processed rows marked loaded; PostgreSQL's NOTIFY jobpilot_jobs_loaded goes out
/// when the transaction commits. Loading the same batch again changes nothing.
load_counts write_load_batch(database& db, soci::session& s, const load_batch& batch);

class job_repository {
public:
  explicit job_repository(std::shared_ptr<database> db);

  std::int64_t job_count();
  std::int64_t source_count();
  std::vector<std::pair<std::string, std::int64_t>> sources_by_reason();
  std::vector<job_summary> list(const job_filter& filter);
  std::vector<job_summary> get(const std::vector<std::string>& ids);
  /// How many of these JSearch job ids were loaded (job_sources) before `before_iso`.
  std::size_t count_known(const std::vector<std::string>& jsearch_job_ids, const std::string& before_iso);
  /// The postings of these jobs, canonical one first.
  std::vector<job_source_row> sources_of(const std::vector<std::string>& job_ids);
  std::vector<job_embedding> embeddings(const std::string& model);
  std::int64_t embedding_count(const std::string& model);
  /// Canonical jobs loaded without an embedding (the provider was down): (id, text to embed).
  std::vector<std::pair<std::string, std::string>> unembedded(int limit);
  void store_embeddings(const std::vector<job_embedding>& embeddings);

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
