-- Networked label printers (issue 8): where the box sends ZPL or TSPL pane labels (raw TCP,
-- port 9100), the label stock loaded in them, and which station's releases they print.
CREATE TABLE printers (
    id                  BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('zpl', 'tspl')),
    host                TEXT NOT NULL,
    port                INTEGER NOT NULL DEFAULT 9100 CHECK (port BETWEEN 1 AND 65535),
    dpi                 INTEGER NOT NULL DEFAULT 203 CHECK (dpi IN (203, 300)),
    label_width_mm      REAL NOT NULL,
    label_height_mm     REAL NOT NULL,
    -- The station whose releases it prints (with print_on_release); NULL: every release.
    station_id          BLOB REFERENCES stations (id) ON DELETE SET NULL,
    print_on_release    INTEGER NOT NULL DEFAULT 0 CHECK (print_on_release IN (0, 1)),
    -- The layout; NULL: the built-in default layout.
    sticker_template_id BLOB REFERENCES sticker_templates (id) ON DELETE SET NULL,
    -- A font stored on the printer for the text (Thai needs one); '' for the resident font.
    font                TEXT NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX printers_created ON printers (created_at, id);
CREATE INDEX printers_station ON printers (station_id);

-- A printer whose station is deleted stops printing on release rather than start printing
-- every release (what a printer serving no station does).
CREATE TRIGGER printers_station_deleted BEFORE DELETE ON stations
BEGIN
    UPDATE printers SET station_id = NULL, print_on_release = 0 WHERE station_id = OLD.id;
END;
