-- The processing log as an audit trail: job_processing_log holds the latest run of each collection
-- (what the stages read); job_processing_runs keeps every run, appended in the same transaction.
CREATE TABLE job_processing_runs (
    run_id         TEXT PRIMARY KEY,
    processing_id  TEXT NOT NULL,
    collection_id  TEXT,
    started_at     TEXT NOT NULL,
    completed_at   TEXT,
    status         VARCHAR(20) NOT NULL,
    jobs_processed INT DEFAULT 0,
    jobs_failed    INT DEFAULT 0,
    errors         TEXT,
    metrics        TEXT,
    recorded_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_processing_runs_collection ON job_processing_runs(collection_id);
-- The runs recorded so far: the latest of each collection is all an earlier version kept.
INSERT INTO job_processing_runs (run_id, processing_id, collection_id, started_at, completed_at, status,
                                 jobs_processed, jobs_failed, errors, metrics, recorded_at)
SELECT processing_id, processing_id, collection_id, started_at, completed_at, status, jobs_processed, jobs_failed,
       errors, metrics, COALESCE(created_at, started_at)
  FROM job_processing_log;
