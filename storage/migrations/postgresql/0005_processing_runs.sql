-- The processing log as an audit trail: job_processing_log holds the latest run of each collection
-- (what the stages read); job_processing_runs keeps every run, appended in the same transaction.
CREATE TABLE job_processing_runs (
    run_id         UUID PRIMARY KEY,
    processing_id  UUID NOT NULL,
    collection_id  UUID,
    started_at     TIMESTAMPTZ NOT NULL,
    completed_at   TIMESTAMPTZ,
    status         VARCHAR(20) NOT NULL,
    jobs_processed INT DEFAULT 0,
    jobs_failed    INT DEFAULT 0,
    errors         JSONB,
    metrics        JSONB,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_processing_runs_collection ON job_processing_runs(collection_id);
-- The runs recorded so far: the latest of each collection is all an earlier version kept.
INSERT INTO job_processing_runs (run_id, processing_id, collection_id, started_at, completed_at, status,
                                 jobs_processed, jobs_failed, errors, metrics, recorded_at)
SELECT processing_id, processing_id, collection_id, started_at, completed_at, status, jobs_processed, jobs_failed,
       errors, metrics, COALESCE(created_at, started_at)
  FROM job_processing_log;
