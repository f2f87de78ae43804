-- USB-camera QR stations (README "Camera stations"): a camera reads codes at a station and the
-- box acts on them as if a phone had scanned. `device` is a V4L2 path (`/dev/video0`, or the
-- stable `/dev/v4l/by-id/...`) or `folder:/path` for a folder of PNG/JPEG frames. No foreign
-- keys: a camera whose station or worker was deleted stays configured and reports the error in
-- its live state until an admin fixes or removes it.
CREATE TABLE cameras (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name       TEXT NOT NULL,
    device     TEXT NOT NULL,
    station_id BLOB NOT NULL CHECK (length(station_id) = 12),
    -- The worker the camera's scans are recorded as (pane logs, idempotency keys).
    actor_id   BLOB NOT NULL CHECK (length(actor_id) = 12),
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cameras_created ON cameras (created_at, id);
