-- jobpilot-etl schema, PostgreSQL dialect (DESIGN.md section 5; the seed's tables and columns kept).
-- raw_response is nullable: a reply that is not valid JSON keeps its exact bytes in raw_body instead.

CREATE TABLE collection_requests (
    request_id      UUID PRIMARY KEY,
    strategy        VARCHAR(20) NOT NULL,              -- scheduled, on_demand, batch, incremental
    endpoint        VARCHAR(20) NOT NULL,
    query_params    JSONB NOT NULL,
    query_hash      CHAR(64) NOT NULL,
    priority        INT NOT NULL DEFAULT 0,
    status          VARCHAR(20) NOT NULL DEFAULT 'pending',  -- pending, running, done, failed
    attempts        INT NOT NULL DEFAULT 0,
    max_attempts    INT NOT NULL DEFAULT 3,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ,
    claimed_by      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_collection_requests_status ON collection_requests(status);

CREATE TABLE raw_job_collections (
    collection_id     UUID PRIMARY KEY,
    request_id        UUID REFERENCES collection_requests(request_id),
    timestamp         TIMESTAMPTZ NOT NULL,
    api_provider      VARCHAR(50) NOT NULL,
    endpoint          VARCHAR(20) NOT NULL,
    query_params      JSONB NOT NULL,
    query_hash        CHAR(64) NOT NULL,
    raw_response      JSONB,
    raw_body          TEXT NOT NULL DEFAULT '',          -- the reply byte for byte (see raw_body_encoding)
    raw_body_encoding VARCHAR(10) NOT NULL DEFAULT 'identity',  -- identity (valid UTF-8) or base64
    body_sha256       CHAR(64) NOT NULL,
    body_bytes        BIGINT NOT NULL DEFAULT 0,
    http_status       INT NOT NULL DEFAULT 0,
    metadata          JSONB,
    processing_status VARCHAR(20) DEFAULT 'pending',     -- pending, processing, processed, partial, failed
    error_info        JSONB,
    file_path         TEXT,
    attempt           INT NOT NULL DEFAULT 1,
    claimed_by        TEXT,
    claimed_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ DEFAULT NOW(),
    updated_at        TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_raw_collections_status ON raw_job_collections(processing_status);
CREATE INDEX idx_raw_collections_timestamp ON raw_job_collections(timestamp);
CREATE INDEX idx_raw_collections_query_hash ON raw_job_collections(query_hash);

CREATE TABLE job_processing_log (
    processing_id  UUID PRIMARY KEY,
    collection_id  UUID REFERENCES raw_job_collections(collection_id),
    started_at     TIMESTAMPTZ NOT NULL,
    completed_at   TIMESTAMPTZ,
    status         VARCHAR(20) NOT NULL,                 -- pending, processing, completed, failed, partial
    jobs_processed INT DEFAULT 0,
    jobs_failed    INT DEFAULT 0,
    errors         JSONB,
    metrics        JSONB,
    created_at     TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_processing_log_collection ON job_processing_log(collection_id);
CREATE INDEX idx_processing_log_status ON job_processing_log(status);

CREATE TABLE processed_job_data (
    processing_id   UUID REFERENCES job_processing_log(processing_id),
    job_index       INT NOT NULL,
    jsearch_job_id  TEXT,
    processed_data  JSONB NOT NULL,
    embedding       REAL[],                               -- pgvector is not packaged: float array
    embedding_model TEXT,
    embed_status    VARCHAR(20) NOT NULL DEFAULT 'pending',  -- pending, embedded, failed
    duplicate_of    UUID,
    dedupe_reason   VARCHAR(20),
    similarity      REAL,
    load_status     VARCHAR(20) DEFAULT 'pending',         -- pending, loaded, failed
    created_at      TIMESTAMPTZ DEFAULT NOW(),
    PRIMARY KEY (processing_id, job_index)
);
CREATE INDEX idx_processed_load_status ON processed_job_data(load_status);

CREATE TABLE IF NOT EXISTS enhanced_jobs (
    id                    UUID PRIMARY KEY,
    jsearch_job_id        TEXT NOT NULL,                  -- the first posting seen of this job
    title                 TEXT NOT NULL,
    company               TEXT,
    location_city         TEXT,
    location_state        TEXT,                           -- US: two-letter code
    location_country      TEXT,                           -- ISO-3166 alpha-2
    location_text         TEXT,                           -- normalised "City, ST, US" / "Remote"
    is_remote             BOOLEAN,
    employment_type       TEXT,                           -- full_time, part_time, contract, internship, temporary
    description           TEXT,
    apply_url             TEXT,
    apply_url_canonical   TEXT,
    salary_min            DOUBLE PRECISION,
    salary_max            DOUBLE PRECISION,
    salary_currency       TEXT,
    salary_period         TEXT,                           -- hour, day, week, month, year
    salary_annual_min     DOUBLE PRECISION,
    salary_annual_max     DOUBLE PRECISION,
    salary_source         TEXT,                           -- structured, description
    posted_at             TIMESTAMPTZ,
    expires_at            TIMESTAMPTZ,
    skills                TEXT[],
    experience_years      REAL,
    education_level       TEXT,
    completeness          REAL,
    dedupe_key            TEXT,
    source_ids            TEXT[],
    publisher             TEXT,
    embedded              BOOLEAN NOT NULL DEFAULT FALSE,
    raw_data              JSONB,
    source_collection_id  UUID REFERENCES raw_job_collections(collection_id),
    source_processing_id  UUID,
    first_seen_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
-- An existing JobPilot enhanced_jobs table is adopted, not replaced (the seed loads into it and adds
-- its columns with ALTER TABLE): its rows stay, the columns this pipeline writes are added (nullable,
-- since the old rows have no value for them), and what it cannot write into is named.
DO $$
DECLARE
  id_type TEXT;
BEGIN
  SELECT data_type INTO id_type FROM information_schema.columns
   WHERE table_schema = current_schema() AND table_name = 'enhanced_jobs' AND column_name = 'id';
  IF id_type IS DISTINCT FROM 'uuid' THEN
    RAISE EXCEPTION 'enhanced_jobs already exists and its id column is %, not uuid: jobpilot-etl keys jobs by UUID (job_sources and job_embeddings refer to them)', COALESCE(id_type, 'missing');
  END IF;
END $$;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS jsearch_job_id        TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS title                 TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS company               TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS location_city         TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS location_state        TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS location_country      TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS location_text         TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS is_remote             BOOLEAN;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS employment_type       TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS description           TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS apply_url             TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS apply_url_canonical   TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_min            DOUBLE PRECISION;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_max            DOUBLE PRECISION;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_currency       TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_period         TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_annual_min     DOUBLE PRECISION;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_annual_max     DOUBLE PRECISION;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS salary_source         TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS posted_at             TIMESTAMPTZ;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS expires_at            TIMESTAMPTZ;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS skills                TEXT[];
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS experience_years      REAL;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS education_level       TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS completeness          REAL;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS dedupe_key            TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS source_ids            TEXT[];
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS publisher             TEXT;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS embedded              BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS raw_data              JSONB;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS source_collection_id  UUID REFERENCES raw_job_collections(collection_id);
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS source_processing_id  UUID;
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS first_seen_at         TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS last_seen_at          TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE enhanced_jobs ADD COLUMN IF NOT EXISTS updated_at            TIMESTAMPTZ NOT NULL DEFAULT NOW();
DO $$
DECLARE
  unfilled TEXT;
BEGIN
  SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) INTO unfilled FROM information_schema.columns
   WHERE table_schema = current_schema() AND table_name = 'enhanced_jobs' AND is_nullable = 'NO'
     AND column_default IS NULL AND column_name NOT IN ('id', 'jsearch_job_id', 'title', 'company', 'location_city', 'location_state', 'location_country', 'location_text', 'is_remote', 'employment_type', 'description', 'apply_url', 'apply_url_canonical', 'salary_min', 'salary_max', 'salary_currency', 'salary_period', 'salary_annual_min', 'salary_annual_max', 'salary_source', 'posted_at', 'expires_at', 'skills', 'experience_years', 'education_level', 'completeness', 'dedupe_key', 'source_ids', 'publisher', 'embedded', 'raw_data', 'source_collection_id', 'source_processing_id', 'first_seen_at', 'last_seen_at', 'created_at', 'updated_at');
  IF unfilled IS NOT NULL THEN
    RAISE EXCEPTION 'enhanced_jobs already exists with NOT NULL columns that jobpilot-etl does not fill: %; give each a DEFAULT or drop its NOT NULL, then start again', unfilled;
  END IF;
END $$;
CREATE UNIQUE INDEX IF NOT EXISTS idx_enhanced_jobs_jsearch_id ON enhanced_jobs(jsearch_job_id);
CREATE INDEX IF NOT EXISTS idx_enhanced_jobs_dedupe_key ON enhanced_jobs(dedupe_key);
CREATE INDEX IF NOT EXISTS idx_enhanced_jobs_apply_canonical ON enhanced_jobs(apply_url_canonical);
CREATE INDEX IF NOT EXISTS idx_enhanced_jobs_posted ON enhanced_jobs(posted_at);

CREATE TABLE job_sources (
    jsearch_job_id   TEXT NOT NULL,
    publisher        TEXT NOT NULL DEFAULT '',
    job_id           UUID NOT NULL REFERENCES enhanced_jobs(id),
    duplicate_reason VARCHAR(20) NOT NULL,               -- canonical, job_id, exact, url, near_duplicate
    similarity       REAL,
    apply_url        TEXT,
    collection_id    UUID REFERENCES raw_job_collections(collection_id),
    processing_id    UUID,
    job_index        INT,
    first_seen_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (jsearch_job_id, publisher)
);
CREATE INDEX idx_job_sources_job ON job_sources(job_id);

CREATE TABLE job_embeddings (
    job_id     UUID NOT NULL REFERENCES enhanced_jobs(id),
    model      TEXT NOT NULL,
    dimensions INT NOT NULL,
    vector     REAL[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (job_id, model)
);

CREATE TABLE failed_operations (
    id            UUID PRIMARY KEY,
    stage         VARCHAR(20) NOT NULL,                  -- collector, processor, embedder, deduper, loader
    operation     TEXT NOT NULL,
    payload       JSONB,
    error         TEXT NOT NULL,
    error_kind    VARCHAR(30),
    attempts      INT NOT NULL DEFAULT 0,
    next_retry_at TIMESTAMPTZ,
    status        VARCHAR(20) NOT NULL DEFAULT 'pending', -- pending, retrying, resolved, abandoned
    created_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_failed_operations_status ON failed_operations(status);

CREATE TABLE api_usage (
    id                     BIGSERIAL PRIMARY KEY,
    recorded_at            TIMESTAMPTZ NOT NULL,
    endpoint               VARCHAR(20) NOT NULL,
    collection_id          UUID,
    http_status            INT NOT NULL DEFAULT 0,
    outcome                VARCHAR(20) NOT NULL,
    calls_used             INT NOT NULL DEFAULT 1,
    requests_limit         BIGINT,
    requests_remaining     BIGINT,
    requests_reset_seconds BIGINT,
    response_ms            BIGINT
);
CREATE INDEX idx_api_usage_recorded ON api_usage(recorded_at);
