-- Paired screens: station kiosks and production boards that hold a long-lived device token
-- instead of a worker's password. Only the SHA-256 (hex) of a token is stored; the token itself
-- is shown once, when the device is paired. A revoked device is deleted.
CREATE TABLE devices (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('station', 'board')),
    -- The station a kiosk scans at; deleting the station deletes its devices (ops::cascade).
    station_id   BLOB REFERENCES stations (id),
    token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    -- Who paired it. No foreign key: deleting that worker keeps the screen running.
    created_by   BLOB,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER,
    CHECK ((kind = 'station') = (station_id IS NOT NULL))
) STRICT;
CREATE INDEX devices_created ON devices (created_at, id);
CREATE INDEX devices_station ON devices (station_id);
