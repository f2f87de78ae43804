//! Delete cascades (core.md §13.2) as one mechanism. Each kind of document lists what hangs off
//! it: the dependent kind, the column that points back, and whether the dependent's own cascade
//! runs too (upstream's ORDER, PANE and REQUEST blocks do; plain `deleteMany` steps do not).
//! Everything runs inside the caller's transaction, so a cascade is all or nothing, and the
//! foreign keys of the schema catch any step this table forgets.

use super::Events;
use super::stock::restore_withdrawals;
use crate::domain::Id;
use crate::domain::Timestamp;
use crate::domain::events::{Event, Topic};
use crate::error::AppResult;
use crate::store::WriteTx;
use crate::store::sql::placeholders;
use rusqlite::params_from_iter;

/// Kinds of document that take part in cascades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Worker,
    Customer,
    Material,
    Inventory,
    MaterialLog,
    Request,
    Withdrawal,
    Notification,
    StationTemplate,
    Station,
    JobType,
    StickerTemplate,
    Order,
    Pane,
    Claim,
    PaneLog,
    ProductionLog,
    Device,
}

/// A kind of document that references another through `column` and goes when it goes.
pub struct Dependent {
    pub kind: Kind,
    pub column: &'static str,
    /// Whether the dependent's own dependents go too.
    pub cascades: bool,
}

const fn plain(kind: Kind, column: &'static str) -> Dependent {
    Dependent {
        kind,
        column,
        cascades: false,
    }
}

const fn deep(kind: Kind, column: &'static str) -> Dependent {
    Dependent {
        kind,
        column,
        cascades: true,
    }
}

const WORKER_DEPENDENTS: &[Dependent] = &[
    deep(Kind::Order, "assigned_to"),
    deep(Kind::Request, "assigned_to"),
    deep(Kind::Withdrawal, "withdrawn_by"),
    plain(Kind::Claim, "reported_by"),
    plain(Kind::Notification, "recipient_id"),
];
const CUSTOMER_DEPENDENTS: &[Dependent] = &[
    deep(Kind::Order, "customer_id"),
    deep(Kind::Request, "customer_id"),
];
const MATERIAL_DEPENDENTS: &[Dependent] = &[
    plain(Kind::Inventory, "material_id"),
    deep(Kind::Order, "material_id"),
    plain(Kind::Claim, "material_id"),
    deep(Kind::Withdrawal, "material_id"),
    plain(Kind::MaterialLog, "material_id"),
];
const REQUEST_BLOCK: &[Dependent] = &[
    deep(Kind::Order, "request_id"),
    deep(Kind::Pane, "request_id"),
];
/// One level only: grandchildren keep a dangling parent (§7.5).
const MATERIAL_LOG_DEPENDENTS: &[Dependent] = &[plain(Kind::MaterialLog, "parent_log")];
/// Deep so that the stations' devices go too (the schema's foreign key insists).
const STATION_TEMPLATE_DEPENDENTS: &[Dependent] = &[deep(Kind::Station, "template_id")];
/// A station's paired kiosks are revoked with it.
const STATION_DEPENDENTS: &[Dependent] = &[plain(Kind::Device, "station_id")];
const ORDER_BLOCK: &[Dependent] = &[
    plain(Kind::Claim, "order_id"),
    deep(Kind::Withdrawal, "order_id"),
    plain(Kind::MaterialLog, "order_id"),
    plain(Kind::PaneLog, "order_id"),
    plain(Kind::ProductionLog, "order_id"),
    deep(Kind::Pane, "order_id"),
];
/// Upstream's PANE block also matched material logs on a field that does not exist (a no-op).
const PANE_BLOCK: &[Dependent] = &[
    plain(Kind::PaneLog, "pane_id"),
    plain(Kind::ProductionLog, "pane_id"),
    plain(Kind::Claim, "pane_id"),
];

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Worker => "workers",
            Kind::Customer => "customers",
            Kind::Material => "materials",
            Kind::Inventory => "inventories",
            Kind::MaterialLog => "material_logs",
            Kind::Request => "requests",
            Kind::Withdrawal => "withdrawals",
            Kind::Notification => "notifications",
            Kind::StationTemplate => "station_templates",
            Kind::Station => "stations",
            Kind::JobType => "job_types",
            Kind::StickerTemplate => "sticker_templates",
            Kind::Order => "orders",
            Kind::Pane => "panes",
            Kind::Claim => "claims",
            Kind::PaneLog => "pane_logs",
            Kind::ProductionLog => "production_logs",
            Kind::Device => "devices",
        }
    }

    /// What goes with a document of this kind, in the order §13.2 lists it.
    fn dependents(self) -> &'static [Dependent] {
        match self {
            Kind::Worker => WORKER_DEPENDENTS,
            Kind::Customer => CUSTOMER_DEPENDENTS,
            Kind::Material => MATERIAL_DEPENDENTS,
            Kind::Request => REQUEST_BLOCK,
            Kind::MaterialLog => MATERIAL_LOG_DEPENDENTS,
            Kind::StationTemplate => STATION_TEMPLATE_DEPENDENTS,
            Kind::Station => STATION_DEPENDENTS,
            Kind::Order => ORDER_BLOCK,
            Kind::Pane => PANE_BLOCK,
            Kind::Inventory
            | Kind::Withdrawal
            | Kind::Notification
            | Kind::JobType
            | Kind::StickerTemplate
            | Kind::Claim
            | Kind::PaneLog
            | Kind::ProductionLog
            | Kind::Device => &[],
        }
    }

    /// Work before documents of this kind are deleted: a withdrawal gives its stock back; a
    /// device's open sockets are told and disconnected once the deletion is committed.
    fn before_delete(self, tx: &WriteTx<'_>, ids: &[Id], events: &mut Events) -> AppResult<()> {
        if self == Kind::Withdrawal && restore_withdrawals(tx, ids, Timestamp::now().millis())? > 0
        {
            events.push(Event::resource_action(Topic::Inventory, "adjusted"));
        }
        if self == Kind::Device {
            events.extend(ids.iter().copied().map(Event::device_revoked));
        }
        Ok(())
    }
}

/// SQLite's default bound on host parameters is 32 766; stay well below it.
const CHUNK: usize = 500;

/// Deletes the documents `ids` of `kind` and everything that depends on them. Returns how many
/// of `ids` existed.
pub fn delete(tx: &WriteTx<'_>, kind: Kind, ids: &[Id], events: &mut Events) -> AppResult<usize> {
    delete_as(tx, kind, ids, true, events)
}

fn delete_as(
    tx: &WriteTx<'_>,
    kind: Kind,
    ids: &[Id],
    cascades: bool,
    events: &mut Events,
) -> AppResult<usize> {
    let mut deleted = 0;
    for chunk in ids.chunks(CHUNK) {
        if cascades {
            for dependent in kind.dependents() {
                let children = referencing(tx, dependent, chunk)?;
                if !children.is_empty() {
                    delete_as(tx, dependent.kind, &children, dependent.cascades, events)?;
                }
            }
        }
        kind.before_delete(tx, chunk, events)?;
        let sql = format!(
            "DELETE FROM {} WHERE id IN ({})",
            kind.table(),
            placeholders(chunk.len())
        );
        deleted += tx.execute(&sql, params_from_iter(chunk))?;
    }
    Ok(deleted)
}

fn referencing(tx: &WriteTx<'_>, dependent: &Dependent, parents: &[Id]) -> AppResult<Vec<Id>> {
    let sql = format!(
        "SELECT id FROM {} WHERE {} IN ({})",
        dependent.kind.table(),
        dependent.column,
        placeholders(parents.len())
    );
    let mut statement = tx.prepare(&sql)?;
    let ids = statement
        .query_map(params_from_iter(parents), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}
