-- The factory's documents: master data and stock (core.md §5–§11) and production (production.md
-- §2–§5). Conventions as in 0001: 12-byte BLOB ids, Unix-millisecond times, STRICT tables.
--
-- References are `<name>_id` columns. A real FOREIGN KEY exists only where deleting the parent
-- always takes the child with it (the cascades of core.md §13.2, run by the application inside
-- one transaction); references that upstream leaves dangling on purpose (a deleted station, the
-- worker who approved something, a deleted inventory record) are plain columns.
-- Arrays of references and nested value objects that are never queried on their own are JSON.

CREATE TABLE customers (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    discount   REAL NOT NULL DEFAULT 0,
    notes      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX customers_created ON customers (created_at, id);

CREATE TABLE materials (
    id            BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    code          TEXT,               -- absent from JSON when NULL
    name          TEXT NOT NULL,
    brand         TEXT,               -- absent from JSON when NULL
    unit          TEXT NOT NULL,
    reorder_point REAL NOT NULL DEFAULT 0,
    spec_details  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(spec_details)),
    is_active     INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX materials_created ON materials (created_at, id);

CREATE TABLE inventories (
    id               BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    inventory_number TEXT UNIQUE,
    material_id      BLOB NOT NULL REFERENCES materials (id),
    stock_type       TEXT NOT NULL CHECK (stock_type IN ('Raw', 'Reuse')),
    quantity         REAL NOT NULL DEFAULT 0,
    location         TEXT NOT NULL,
    storage_color    TEXT NOT NULL DEFAULT '',
    is_active        INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX inventories_created ON inventories (created_at, id);
-- FIFO stock: the records of one material and stock type, oldest first.
CREATE INDEX inventories_stock ON inventories (material_id, stock_type, created_at, id);

CREATE TABLE station_templates (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name       TEXT NOT NULL,
    ui_schema  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(ui_schema)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX station_templates_created ON station_templates (created_at, id);

CREATE TABLE stations (
    id                          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name                        TEXT NOT NULL,
    template_id                 BLOB NOT NULL REFERENCES station_templates (id),
    color_id                    TEXT NOT NULL DEFAULT 'sky' CHECK (color_id IN
        ('sky', 'blue', 'violet', 'pink', 'red', 'orange', 'yellow', 'green', 'teal', 'slate')),
    status                      TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'offline', 'maintenance')),
    is_laminate_station         INTEGER NOT NULL DEFAULT 0,
    show_withdraw_claim_actions INTEGER NOT NULL DEFAULT 1,
    notes                       TEXT NOT NULL DEFAULT '',
    created_at                  INTEGER NOT NULL,
    updated_at                  INTEGER NOT NULL,
    version                     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX stations_created ON stations (created_at, id);
CREATE INDEX stations_template ON stations (template_id);

CREATE TABLE job_types (
    id                      BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name                    TEXT NOT NULL,
    code                    TEXT NOT NULL UNIQUE,
    description             TEXT NOT NULL DEFAULT '',
    sheets_per_pane         INTEGER NOT NULL DEFAULT 1,
    default_raw_glass_types TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(default_raw_glass_types)),
    is_active               INTEGER NOT NULL DEFAULT 1,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    version                 INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX job_types_created ON job_types (created_at, id);

CREATE TABLE sticker_templates (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    name       TEXT NOT NULL UNIQUE,
    width      REAL NOT NULL,
    height     REAL NOT NULL,
    elements   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(elements)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sticker_templates_created ON sticker_templates (created_at, id);

-- Exactly one row (core.md §11.5); glass_prices keeps the client's key order.
CREATE TABLE pricing_settings (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    singleton       INTEGER NOT NULL UNIQUE DEFAULT 1 CHECK (singleton = 1),
    glass_prices    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(glass_prices)),
    hole_price_each REAL NOT NULL DEFAULT 50,
    notch_price     REAL NOT NULL DEFAULT 100,
    updated_by      BLOB,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE notifications (
    id             BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    recipient_id   BLOB NOT NULL REFERENCES workers (id),
    type           TEXT NOT NULL,
    title          TEXT NOT NULL,
    message        TEXT NOT NULL DEFAULT '',
    reference_id   BLOB,
    reference_type TEXT,
    priority       TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    read_status    INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX notifications_created ON notifications (created_at, id);
CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at);

CREATE TABLE requests (
    id                     BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    request_number         TEXT UNIQUE,
    details_type           TEXT NOT NULL,
    details_estimated_price REAL NOT NULL DEFAULT 0,
    details_quantity       REAL NOT NULL,
    customer_id            BLOB NOT NULL REFERENCES customers (id),
    reference_id           TEXT,
    deadline               INTEGER,
    delivery_location      TEXT NOT NULL DEFAULT '',
    assigned_to            BLOB REFERENCES workers (id),
    expected_delivery_date INTEGER,
    status                 TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
        ('draft', 'pending', 'in_progress', 'completed', 'cancelled')),
    cancel_reason          TEXT,
    cancelled_by           BLOB,
    deadline_change_reason TEXT,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    version                INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX requests_created ON requests (created_at, id);
CREATE INDEX requests_customer ON requests (customer_id);
CREATE INDEX requests_assigned ON requests (assigned_to);
CREATE INDEX requests_deadline ON requests (deadline);

CREATE TABLE orders (
    id                    BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    order_number          TEXT UNIQUE,
    request_id            BLOB REFERENCES requests (id),
    priority              REAL NOT NULL DEFAULT 0,
    customer_id           BLOB NOT NULL REFERENCES customers (id),
    material_id           BLOB NOT NULL REFERENCES materials (id),
    quantity              REAL NOT NULL,
    stations              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(stations)),
    current_station_index INTEGER NOT NULL DEFAULT 0,
    station_history       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(station_history)),
    station_data          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(station_data)),
    pane_count            REAL NOT NULL DEFAULT 0,
    panes_completed       REAL NOT NULL DEFAULT 0,
    progress_percent      REAL NOT NULL DEFAULT 0,
    station_breakdown     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(station_breakdown)),
    notes                 TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
        ('pending', 'in_progress', 'completed', 'cancelled')),
    claim_id              BLOB,
    withdrawal_id         BLOB,
    assigned_to           BLOB REFERENCES workers (id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX orders_created ON orders (created_at, id);
CREATE INDEX orders_request ON orders (request_id);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_material ON orders (material_id);
CREATE INDEX orders_assigned ON orders (assigned_to);
CREATE INDEX orders_status ON orders (status);

CREATE TABLE panes (
    id                  BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    pane_number         TEXT NOT NULL UNIQUE,
    qr_code             TEXT NOT NULL DEFAULT '',
    order_id            BLOB REFERENCES orders (id),
    request_id          BLOB REFERENCES requests (id),
    withdrawal_id       BLOB,
    remake_of           BLOB,
    material_id         BLOB,
    inventory_id        BLOB,
    current_station     BLOB,
    current_status      TEXT NOT NULL DEFAULT 'pending' CHECK (current_status IN
        ('pending', 'in_progress', 'awaiting_scan_out', 'completed', 'claimed', 'defected', 'merged_into', 'cancelled')),
    merged_into         BLOB,
    laminate_merged_at  INTEGER,
    routing             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(routing)),
    custom_routing      INTEGER NOT NULL DEFAULT 0,
    dimensions          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dimensions)),
    job_type            TEXT NOT NULL DEFAULT '',
    glass_type          TEXT NOT NULL DEFAULT '',
    glass_type_label    TEXT NOT NULL DEFAULT '',
    corner_spec         TEXT NOT NULL DEFAULT '',
    dimension_tolerance TEXT NOT NULL DEFAULT '',
    raw_glass           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(raw_glass)),
    holes               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(holes)),
    notches             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notches)),
    processes           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(processes)),
    edge_tasks          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(edge_tasks)),
    laminate_role       TEXT NOT NULL DEFAULT 'single' CHECK (laminate_role IN ('single', 'parent', 'sheet')),
    parent_pane         BLOB,
    child_panes         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(child_panes)),
    sheet_label         TEXT NOT NULL DEFAULT '',
    laminate_station    BLOB,
    started_at          INTEGER,
    completed_at        INTEGER,
    delivered_at        INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX panes_created ON panes (created_at, id);
CREATE INDEX panes_order ON panes (order_id);
CREATE INDEX panes_request ON panes (request_id);
CREATE INDEX panes_station ON panes (current_station, current_status);
CREATE INDEX panes_parent ON panes (parent_pane);

CREATE TABLE withdrawals (
    id                   BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    withdrawal_number    TEXT UNIQUE,
    order_id             BLOB REFERENCES orders (id),
    withdrawn_by         BLOB NOT NULL REFERENCES workers (id),
    material_id          BLOB NOT NULL REFERENCES materials (id),
    quantity             REAL NOT NULL,
    stock_type           TEXT NOT NULL CHECK (stock_type IN ('Raw', 'Reuse')),
    status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    approved_by          BLOB,
    panes                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(panes)),
    withdrawn_dimensions TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(withdrawn_dimensions)),
    notes                TEXT NOT NULL DEFAULT '',
    inventory_id         BLOB,
    withdrawn_date       INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    version              INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX withdrawals_created ON withdrawals (created_at, id);
CREATE INDEX withdrawals_order ON withdrawals (order_id);
CREATE INDEX withdrawals_material ON withdrawals (material_id);
CREATE INDEX withdrawals_worker ON withdrawals (withdrawn_by);

CREATE TABLE material_logs (
    id               BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    material_id      BLOB NOT NULL REFERENCES materials (id),
    panes            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(panes)),
    action_type      TEXT NOT NULL CHECK (action_type IN ('withdraw', 'claim', 'import', 'cut', 'remake')),
    reference_id     BLOB,
    reference_type   TEXT CHECK (reference_type IN ('claim', 'withdrawal', 'qc_remake')),
    quantity_changed REAL NOT NULL,
    total_price      REAL NOT NULL DEFAULT 0,
    stock_type       TEXT CHECK (stock_type IN ('Raw', 'Reuse')),
    order_id         BLOB REFERENCES orders (id),
    -- One level of cascade only (core.md §7.5): grandchildren keep a dangling parent.
    parent_log       BLOB,
    worker_id        BLOB,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX material_logs_created ON material_logs (created_at, id);
CREATE INDEX material_logs_material ON material_logs (material_id, created_at);
CREATE INDEX material_logs_order ON material_logs (order_id);
CREATE INDEX material_logs_parent ON material_logs (parent_log);

CREATE TABLE claims (
    id             BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    claim_number   TEXT UNIQUE,
    order_id       BLOB NOT NULL REFERENCES orders (id),
    material_id    BLOB NOT NULL REFERENCES materials (id),
    source         TEXT NOT NULL CHECK (source IN ('customer', 'worker')),
    pane_id        BLOB,
    description    TEXT NOT NULL,
    defect_code    TEXT CHECK (defect_code IN ('broken', 'chipped', 'dimension_wrong', 'scratch', 'stain', 'other')),
    defect_station BLOB,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decision       TEXT CHECK (decision IN ('destroy', 'keep')),
    reported_by    BLOB NOT NULL REFERENCES workers (id),
    approved_by    BLOB,
    remade_pane    BLOB,
    photos         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(photos)),
    claim_date     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX claims_created ON claims (created_at, id);
CREATE INDEX claims_order ON claims (order_id);
CREATE INDEX claims_material ON claims (material_id);
CREATE INDEX claims_reporter ON claims (reported_by);

CREATE TABLE pane_logs (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    pane_id      BLOB NOT NULL REFERENCES panes (id),
    order_id     BLOB REFERENCES orders (id),
    material_id  BLOB,
    worker_id    BLOB,
    station_id   BLOB NOT NULL,
    action       TEXT NOT NULL CHECK (action IN
        ('scan_in', 'start', 'complete', 'scan_out', 'laminate_start', 'laminate_complete', 'qc_pass', 'qc_fail')),
    reason       TEXT,
    description  TEXT NOT NULL DEFAULT '',
    completed_at INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX pane_logs_created ON pane_logs (created_at, id);
CREATE INDEX pane_logs_pane ON pane_logs (pane_id);
CREATE INDEX pane_logs_order ON pane_logs (order_id);
CREATE INDEX pane_logs_material ON pane_logs (material_id, created_at);
CREATE INDEX pane_logs_station ON pane_logs (station_id, created_at);

CREATE TABLE production_logs (
    id            BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    pane_id       BLOB NOT NULL REFERENCES panes (id),
    order_id      BLOB NOT NULL REFERENCES orders (id),
    station_id    BLOB NOT NULL,
    action        TEXT NOT NULL CHECK (action IN
        ('scan_in', 'start', 'complete', 'fail', 'rework', 'qc_pass', 'qc_fail', 'batch_start', 'batch_complete')),
    operator      BLOB,
    defect_code   TEXT,
    rework_reason TEXT,
    qc_results    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(qc_results)),
    status        TEXT CHECK (status IN ('pass', 'fail', 'rework')),
    started_at    INTEGER,
    completed_at  INTEGER,
    duration_ms   REAL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX production_logs_created ON production_logs (created_at, id);
CREATE INDEX production_logs_pane ON production_logs (pane_id);
CREATE INDEX production_logs_order ON production_logs (order_id);
