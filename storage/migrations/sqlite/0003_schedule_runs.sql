-- The scheduler's durable timeline: one row per due run of a schedule. A cron fire time or an
-- after_* event becomes a row (state due) before anything runs, so a restart neither loses a due
-- run (due/running rows are taken up again) nor repeats one (the key admits one row per fire time).
-- Times are epoch milliseconds (UTC).
CREATE TABLE schedule_runs (
    schedule     VARCHAR(100) NOT NULL,
    fire_time    BIGINT NOT NULL,            -- when it is due: the cron fire time, or the event + delay
    state        VARCHAR(20) NOT NULL,       -- due, running, done, failed, skipped
    reason       TEXT,                       -- why skipped or failed
    trigger_text TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT,
    pages        INTEGER NOT NULL DEFAULT 0, -- pages requested
    api_calls    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (schedule, fire_time)
);
CREATE INDEX schedule_runs_state ON schedule_runs (state, fire_time);
