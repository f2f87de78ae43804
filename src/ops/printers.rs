//! Label printers (additive, issue 8): configured like the other setup resources. A printer's
//! name is unique; its station and sticker template must exist; its label stock must hold a
//! 20 mm QR code at its resolution, so that a saved printer can always print. No events: only
//! the setup screen shows printers, and it reloads after its own changes.

use super::Core;
use super::labels::check_stock;
use crate::domain::printer::{DEFAULT_DPI, DEFAULT_PORT, Printer};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};

const WHAT: &str = "Printer";

/// A printer's fields as a request sends them: every one optional (a create requires some).
/// `station` and `sticker_template` are `Some(None)` when sent as `null` (cleared).
#[derive(Debug, Default)]
pub struct PrinterFields {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub dpi: Option<u32>,
    pub label_width_mm: Option<f64>,
    pub label_height_mm: Option<f64>,
    pub station: Option<Option<Id>>,
    pub print_on_release: Option<bool>,
    pub sticker_template: Option<Option<Id>>,
    pub font: Option<String>,
}

impl PrinterFields {
    fn apply(self, printer: &mut Printer) {
        let PrinterFields {
            name,
            kind,
            host,
            port,
            dpi,
            label_width_mm,
            label_height_mm,
            station,
            print_on_release,
            sticker_template,
            font,
        } = self;
        set(&mut printer.name, name);
        set(&mut printer.kind, kind);
        set(&mut printer.host, host);
        set(&mut printer.port, port);
        set(&mut printer.dpi, dpi);
        set(&mut printer.label_width_mm, label_width_mm);
        set(&mut printer.label_height_mm, label_height_mm);
        set(&mut printer.station, station);
        set(&mut printer.print_on_release, print_on_release);
        set(&mut printer.sticker_template, sticker_template);
        set(&mut printer.font, font);
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

fn missing() -> AppError {
    AppError::not_found(WHAT)
}

/// The checks a saved printer passes: a free name, references that exist, a stock that fits.
fn check(tx: &WriteTx<'_>, printer: &Printer) -> AppResult<()> {
    match store::printers::id_by_name(tx, &printer.name)? {
        Some(holder) if holder != printer.id => {
            return Err(AppError::Conflict("Printer name already exists".to_owned()));
        }
        _ => {}
    }
    if let Some(station) = printer.station
        && store::stations::get(tx, station)?.is_none()
    {
        return Err(AppError::BadRequest("Station not found".to_owned()));
    }
    if let Some(template) = printer.sticker_template
        && store::sticker_templates::get(tx, template)?.is_none()
    {
        return Err(AppError::BadRequest(
            "Sticker template not found".to_owned(),
        ));
    }
    check_stock(printer.label_width_mm, printer.label_height_mm, printer.dpi)
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<Printer>, u64)> {
    core.db
        .read(move |conn| Ok(store::printers::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<Printer> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| store::printers::get(conn, id)?.ok_or_else(missing))
        .await
}

/// `fields` must hold name, kind, host and the label size (the handler checks their presence).
pub async fn create(core: &Core, fields: PrinterFields) -> AppResult<Printer> {
    core.transact(move |tx, _events| {
        let now = Timestamp::now();
        let mut printer = Printer {
            id: Id::new(),
            name: String::new(),
            kind: String::new(),
            host: String::new(),
            port: DEFAULT_PORT,
            dpi: DEFAULT_DPI,
            label_width_mm: 0.0,
            label_height_mm: 0.0,
            station: None,
            print_on_release: false,
            sticker_template: None,
            font: String::new(),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        fields.apply(&mut printer);
        check(tx, &printer)?;
        store::printers::insert(tx, &printer)?;
        Ok(printer)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, fields: PrinterFields) -> AppResult<Printer> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, _events| {
        let mut printer = store::printers::get(tx, id)?.ok_or_else(missing)?;
        fields.apply(&mut printer);
        check(tx, &printer)?;
        printer.updated_at = Timestamp::now();
        store::printers::update(tx, &printer)?;
        Ok(printer)
    })
    .await
}

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, _events| {
        if store::printers::delete(tx, id)? {
            Ok(())
        } else {
            Err(missing())
        }
    })
    .await
}
