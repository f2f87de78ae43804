-- Idempotency keys of the scan endpoints (POST /api/panes/:paneNumber/scan, /api/panes/batch-scan):
-- the first answer to a (worker, key) pair, replayed for 24 hours. Written in the same transaction
-- as the scan it answers.
CREATE TABLE idempotency_keys (
    worker_id  BLOB NOT NULL,
    key        TEXT NOT NULL,
    request    TEXT NOT NULL,
    status     INTEGER NOT NULL,
    response   TEXT NOT NULL CHECK (json_valid(response)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (worker_id, key)
) STRICT;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
