-- What a station does on the floor (additive field `kind`): the kiosk's layout and its next
-- logical action follow it, instead of upstream's rules keyed on station names
-- (station-floor.md §5.1 #10). `qc` stations pass panes with qc_pass; the others are layouts.
ALTER TABLE stations ADD COLUMN kind TEXT NOT NULL DEFAULT 'standard'
    CHECK (kind IN ('standard', 'cut', 'laminate', 'qc', 'release', 'dispatch'));
