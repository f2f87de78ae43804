//! Reference checks (core.md §13.1, production.md §1.4): an id a client sends for a reference
//! must name an existing document, else 400 `<Label> not found`, checked in the order each use
//! case lists, before anything is written. A malformed id is answered the same way (upstream:
//! 500).

use crate::domain::Id;
use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OptionalExtension};

/// A reference field: the table it points into and the label of its 400.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ref {
    Customer,
    Material,
    Request,
    Order,
    Withdrawal,
    Claim,
    Pane,
    PaneRemakeOf,
    PaneRemadePane,
    ParentLog,
    Station,
    StationTemplate,
    WorkerAssignedTo,
    WorkerWithdrawnBy,
    WorkerApprovedBy,
    WorkerReportedBy,
    WorkerOperator,
    Recipient,
}

impl Ref {
    fn table(self) -> &'static str {
        match self {
            Ref::Customer => "customers",
            Ref::Material => "materials",
            Ref::Request => "requests",
            Ref::Order => "orders",
            Ref::Withdrawal => "withdrawals",
            Ref::Claim => "claims",
            Ref::Pane | Ref::PaneRemakeOf | Ref::PaneRemadePane => "panes",
            Ref::ParentLog => "material_logs",
            Ref::Station => "stations",
            Ref::StationTemplate => "station_templates",
            Ref::WorkerAssignedTo
            | Ref::WorkerWithdrawnBy
            | Ref::WorkerApprovedBy
            | Ref::WorkerReportedBy
            | Ref::WorkerOperator
            | Ref::Recipient => "workers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ref::Customer => "Customer",
            Ref::Material => "Material",
            Ref::Request => "Request",
            Ref::Order => "Order",
            Ref::Withdrawal => "Withdrawal",
            Ref::Claim => "Claim",
            Ref::Pane => "Pane",
            Ref::PaneRemakeOf => "Pane (remakeOf)",
            Ref::PaneRemadePane => "Pane (remadePane)",
            Ref::ParentLog => "Parent log",
            Ref::Station => "Station",
            Ref::StationTemplate => "Station template",
            Ref::WorkerAssignedTo => "Worker (assignedTo)",
            Ref::WorkerWithdrawnBy => "Worker (withdrawnBy)",
            Ref::WorkerApprovedBy => "Worker (approvedBy)",
            Ref::WorkerReportedBy => "Worker (reportedBy)",
            Ref::WorkerOperator => "Worker (operator)",
            Ref::Recipient => "Recipient (Worker)",
        }
    }

    fn missing(self) -> AppError {
        AppError::BadRequest(format!("{} not found", self.label()))
    }
}

/// The id `text` names, which must exist.
pub fn require(conn: &Connection, reference: Ref, text: &str) -> AppResult<Id> {
    let id = Id::parse(text).ok_or_else(|| reference.missing())?;
    if exists(conn, reference, id)? {
        Ok(id)
    } else {
        Err(reference.missing())
    }
}

/// As [`require`] for an optional field: absent or empty is no reference (upstream skips
/// falsy values).
pub fn require_optional(
    conn: &Connection,
    reference: Ref,
    text: Option<&str>,
) -> AppResult<Option<Id>> {
    match text {
        Some(text) if !text.is_empty() => require(conn, reference, text).map(Some),
        _ => Ok(None),
    }
}

/// Each id of a list of references, in order.
pub fn require_all(conn: &Connection, reference: Ref, texts: &[String]) -> AppResult<Vec<Id>> {
    texts
        .iter()
        .map(|text| require(conn, reference, text))
        .collect()
}

pub fn exists(conn: &Connection, reference: Ref, id: Id) -> AppResult<bool> {
    let sql = format!("SELECT 1 FROM {} WHERE id = ?1", reference.table());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}
