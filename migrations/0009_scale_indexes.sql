-- The pane list filtered by status (GET /api/panes?status=…, newest first) stays an index range
-- at a million panes. Without it the list walked panes_created from the newest pane and looked
-- each one up until it had a page: fine for the statuses of recent panes, a walk of most of the
-- table for a rare one (defected, claimed, cancelled): ~1 s at 1M panes.
CREATE INDEX panes_status_created ON panes (current_status, created_at, id);
