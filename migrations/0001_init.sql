-- Foundation: roles, workers, counters.
-- Ids are 12-byte ObjectIds stored as BLOBs; times are Unix milliseconds.

CREATE TABLE roles (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(permissions)),
    is_system   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX roles_created ON roles (created_at, id);

CREATE TABLE workers (
    id             BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name           TEXT NOT NULL,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    position       TEXT NOT NULL,
    -- A role id (24 hex), a legacy slug, or empty: resolved per request, never a foreign key.
    role           TEXT NOT NULL DEFAULT 'worker',
    notify_enabled INTEGER NOT NULL DEFAULT 1,
    notify_volume  REAL NOT NULL DEFAULT 0.6,
    sound_low      TEXT NOT NULL DEFAULT 'soft_pop',
    sound_medium   TEXT NOT NULL DEFAULT 'ding',
    sound_high     TEXT NOT NULL DEFAULT 'alert',
    sound_urgent   TEXT NOT NULL DEFAULT 'alert',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX workers_created ON workers (created_at, id);

-- One row per auto-number kind (core.md §12): REQ, ORD, CLM, PNE, WDW, INV.
CREATE TABLE counters (
    name TEXT PRIMARY KEY NOT NULL,
    seq  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
