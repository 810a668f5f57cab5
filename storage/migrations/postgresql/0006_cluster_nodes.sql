-- Cluster mode: the nodes the coordinator knows, for `status`, the API and the dashboard. The
-- coordinator writes its own row and each worker's on join, on every heartbeat and when it goes.
-- Times are epoch milliseconds (UTC).
CREATE TABLE cluster_nodes (
    node           VARCHAR(200) PRIMARY KEY,
    role           VARCHAR(20) NOT NULL,   -- coordinator or worker
    address        VARCHAR(200) NOT NULL,  -- host it runs on
    state          VARCHAR(20) NOT NULL,   -- up, left (stopped), lost (its connection broke or went silent)
    pools          TEXT NOT NULL,          -- JSON: [{stage, workers, busy, queued, completed, failed}]
    joined_at      BIGINT NOT NULL,
    last_heartbeat BIGINT NOT NULL,
    reason         TEXT                    -- why it left or was lost
);
