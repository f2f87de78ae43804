-- The station floor's reads (GET /api/stations/:id/queue, GET /api/board) stay index lookups
-- at a million panes. Only panes at work have a current station (every other status clears
-- it), so a station's index range holds its queue and nothing else.

-- When the pane reached its current station (Unix ms). store::panes::save keeps it: set when a
-- pane is written with a station other than the stored one, kept otherwise.
ALTER TABLE panes ADD COLUMN arrived_at INTEGER;

-- Panes placed before this column: the time of their latest log that brought them here (a
-- hand-off, or any log at another station), else their creation.
UPDATE panes SET arrived_at = coalesce(
    (SELECT max(l.created_at) FROM pane_logs l
      WHERE l.pane_id = panes.id
        AND (l.station_id IS NOT panes.current_station OR l.action IN ('scan_out', 'qc_pass'))),
    created_at)
WHERE current_station IS NOT NULL;

-- A station's panes by status with their arrival: counts and the oldest waiting pane come from
-- the index alone. It covers the old (current_station, current_status) index, which goes.
DROP INDEX panes_station;
CREATE INDEX panes_station_arrival ON panes (current_station, current_status, arrived_at);

-- What left a station in a time window (the floor's "done this shift"): the action and the
-- pane ride along, so the count reads the index alone. It covers (station_id, created_at).
DROP INDEX pane_logs_station;
CREATE INDEX pane_logs_station_done ON pane_logs (station_id, created_at, action, pane_id);
