-- The stage machine (DESIGN.md section 4, issue 6). A raw collection's processing_status is the
-- stage whose output is stored: pending, processed, embedded, deduped, then loaded or partial;
-- failed when nothing in it can be loaded. status_reason says why (partial, failed). Work is claimed
-- through claimed_by/claimed_at (owner and lease). dedupe_seq is the collection's place in the one
-- global dedupe order; the loader loads in that order and the dedupe index is rebuilt in it.
ALTER TABLE raw_job_collections ADD COLUMN status_reason TEXT;
ALTER TABLE raw_job_collections ADD COLUMN dedupe_seq BIGINT;
CREATE INDEX idx_raw_collections_dedupe_seq ON raw_job_collections(dedupe_seq);
CREATE INDEX idx_raw_collections_order ON raw_job_collections(timestamp, collection_id);
ALTER TABLE processed_job_data ADD COLUMN dedupe_seq BIGINT;
CREATE INDEX idx_processed_dedupe_seq ON processed_job_data(dedupe_seq);

-- Statuses of the earlier pipeline: 'processed' and 'partial' were set before loading, so only a
-- collection whose rows were all loaded counts as loaded; the rest start again from the raw reply.
UPDATE raw_job_collections r SET processing_status = 'pending'
 WHERE processing_status = 'processing'
    OR (processing_status IN ('processed', 'partial') AND EXISTS (
          SELECT 1 FROM job_processing_log l JOIN processed_job_data d ON d.processing_id = l.processing_id
           WHERE l.collection_id = r.collection_id AND d.load_status <> 'loaded'));
UPDATE raw_job_collections SET processing_status = 'loaded' WHERE processing_status = 'processed';
UPDATE raw_job_collections r SET dedupe_seq = o.n
  FROM (SELECT collection_id, ROW_NUMBER() OVER (ORDER BY timestamp, collection_id) AS n
          FROM raw_job_collections WHERE processing_status IN ('loaded', 'partial')) o
 WHERE o.collection_id = r.collection_id;
UPDATE processed_job_data d SET dedupe_seq = r.dedupe_seq
  FROM job_processing_log l JOIN raw_job_collections r ON r.collection_id = l.collection_id
 WHERE l.processing_id = d.processing_id AND d.duplicate_of IS NOT NULL;

-- Reply bodies in a table of their own (as on SQLite, where a row is rewritten whole on every
-- status change); raw_response keeps the seed's JSONB copy here (TOAST stores it once).
CREATE TABLE raw_collection_bodies (
    collection_id     UUID PRIMARY KEY REFERENCES raw_job_collections(collection_id),
    raw_body          TEXT NOT NULL,                            -- the reply byte for byte
    raw_body_encoding VARCHAR(10) NOT NULL DEFAULT 'identity'   -- identity (valid UTF-8) or base64
);
INSERT INTO raw_collection_bodies (collection_id, raw_body, raw_body_encoding)
    SELECT collection_id, raw_body, raw_body_encoding FROM raw_job_collections;
ALTER TABLE raw_job_collections ADD COLUMN body_is_json BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE raw_job_collections SET body_is_json = raw_response IS NOT NULL;
ALTER TABLE raw_job_collections DROP COLUMN raw_body;
ALTER TABLE raw_job_collections DROP COLUMN raw_body_encoding;

-- Alerts the pipeline raised (the seed's quota alert at 80 %), once per kind and period.
CREATE TABLE alerts (
    id         UUID PRIMARY KEY,
    kind       VARCHAR(40) NOT NULL,                    -- quota_80_percent, ...
    period     TEXT NOT NULL,                           -- what makes it one alert: e.g. the quota period's end
    message    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (kind, period)
);
