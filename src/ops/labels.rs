//! Pane labels (issue 8): an order's labels or one pane's, laid out for a printer's label
//! stock and sent to it, or drawn as SVG or PDF for the browser; and the labels of a released
//! order sent, in the background, to the printers that print on release.
//!
//! The database is only read, on the read pool's blocking threads, where the labels are also
//! laid out and rendered (pure CPU); the job is sent to the printer afterwards, so no
//! connection or transaction is held while a printer is slow.

use super::Core;
use super::notifications::{self, Details, NotificationDraft};
use crate::domain::Id;
use crate::domain::json::js_display;
use crate::domain::pane::Pane;
use crate::domain::printer::Printer;
use crate::domain::scan::next_station;
use crate::error::{AppError, AppResult};
use crate::labels::send::{SendError, send};
use crate::labels::{self, Dpi, Label, LabelFacts, LabelSize, lay_out};
use crate::store;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The label stock the browser gets when it names none: the web app's usual 60 × 40 mm.
pub const DEFAULT_WIDTH_MM: f64 = 60.0;
pub const DEFAULT_HEIGHT_MM: f64 = 40.0;

/// The payload of a printer's test label.
pub const TEST_PANE_NUMBER: &str = "TEST";

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// A long pane number, for checking that a stock holds a label.
fn sample_facts() -> LabelFacts {
    LabelFacts {
        pane_number: "PNE-000000".into(),
        order_number: "ORD-2026-00000".into(),
        glass: "Tempered".into(),
        size: "1000 x 1000 x 10 mm".into(),
        next_station: "Station".into(),
    }
}

/// Refuses (400) a label stock that cannot carry a 20 mm QR code at `dpi`.
pub fn check_stock(width_mm: f64, height_mm: f64, dpi: u32) -> AppResult<()> {
    let dpi = Dpi::new(dpi).ok_or_else(|| bad("dpi must be 203 or 300"))?;
    let size = LabelSize::new(width_mm, height_mm)?;
    lay_out(&sample_facts(), size, Some(dpi), None)?;
    Ok(())
}

/// What labels are drawn on: a size, a printer's resolution (`None`: vector output) and a
/// sticker template's elements.
#[derive(Clone, Debug)]
struct Stock {
    size: LabelSize,
    dpi: Option<Dpi>,
    elements: Option<Value>,
}

/// A stored printer's resolution (the table only holds supported ones).
fn printer_dpi(printer: &Printer) -> AppResult<Dpi> {
    Dpi::new(printer.dpi).ok_or_else(|| AppError::internal(format!("stored dpi {}", printer.dpi)))
}

impl Stock {
    fn of_printer(conn: &Connection, printer: &Printer) -> AppResult<Stock> {
        let dpi = printer_dpi(printer)?;
        let elements = match printer.sticker_template {
            Some(id) => store::sticker_templates::get(conn, id)?.map(|t| t.elements),
            None => None,
        };
        Ok(Stock {
            size: LabelSize::new(printer.label_width_mm, printer.label_height_mm)?,
            dpi: Some(dpi),
            elements,
        })
    }

    fn label(&self, facts: &LabelFacts) -> AppResult<Label> {
        Ok(lay_out(facts, self.size, self.dpi, self.elements.as_ref())?)
    }
}

/// How the browser asks for labels (`GET …/label.svg`, `GET …/labels.pdf`): as a printer
/// would print them, with a sticker template, at a size, or by default 60 × 40 mm.
#[derive(Clone, Debug, Default)]
pub struct PreviewOptions {
    pub printer: Option<Id>,
    pub template: Option<Id>,
    pub width_mm: Option<f64>,
    pub height_mm: Option<f64>,
}

impl PreviewOptions {
    /// The size is the first of: width and height, the template's, the printer's, 60 × 40 mm.
    fn stock(&self, conn: &Connection) -> AppResult<Stock> {
        let mut stock = Stock {
            size: LabelSize::new(DEFAULT_WIDTH_MM, DEFAULT_HEIGHT_MM)?,
            dpi: None,
            elements: None,
        };
        if let Some(id) = self.printer {
            stock = Stock::of_printer(conn, &printer_named_in_request(conn, id)?)?;
        }
        if let Some(id) = self.template {
            let template = store::sticker_templates::get(conn, id)?
                .ok_or_else(|| bad("Sticker template not found"))?;
            stock.size = LabelSize::new(template.width, template.height)?;
            stock.elements = Some(template.elements);
        }
        match (self.width_mm, self.height_mm) {
            (Some(width), Some(height)) => stock.size = LabelSize::new(width, height)?,
            (None, None) => {}
            _ => return Err(bad("width and height go together")),
        }
        Ok(stock)
    }
}

/// A printer a request body or query names: 400 when it does not exist.
fn printer_named_in_request(conn: &Connection, id: Id) -> AppResult<Printer> {
    store::printers::get(conn, id)?.ok_or_else(|| bad("Printer not found"))
}

/// Whether a pane carries a sticker: a laminate set's parent has none (each sheet carries
/// one), and a sheet merged into another is retired (as the web app's print page decides).
fn has_sticker(pane: &Pane) -> bool {
    pane.laminate_role != "parent" && pane.current_status != "merged_into"
}

/// The station a pane goes to next: where it waits when pending, the one after its current
/// station while it is worked on, none once it is done.
fn next_station_of(pane: &Pane) -> Option<Id> {
    match pane.current_status.as_str() {
        "pending" => pane.current_station,
        "in_progress" | "awaiting_scan_out" => {
            pane.current_station.and_then(|at| next_station(pane, at))
        }
        _ => None,
    }
}

/// Reads what labels say, remembering the orders and stations it looked up.
struct Facts<'c> {
    conn: &'c Connection,
    order_numbers: HashMap<Id, String>,
    station_names: HashMap<Id, String>,
}

impl<'c> Facts<'c> {
    fn new(conn: &'c Connection) -> Self {
        Facts {
            conn,
            order_numbers: HashMap::new(),
            station_names: HashMap::new(),
        }
    }

    fn of(&mut self, pane: &Pane) -> AppResult<LabelFacts> {
        let order_number = match pane.order {
            Some(id) => self.order_number(id)?,
            None => String::new(),
        };
        let next_station = match next_station_of(pane) {
            Some(id) => self.station_name(id)?,
            None => String::new(),
        };
        let spec = &pane.spec;
        let glass = if spec.glass_type_label.trim().is_empty() {
            spec.glass_type.clone()
        } else {
            spec.glass_type_label.clone()
        };
        Ok(LabelFacts {
            pane_number: pane.pane_number.clone(),
            order_number,
            glass,
            size: size_text(
                spec.dimensions.width,
                spec.dimensions.height,
                spec.dimensions.thickness,
            ),
            next_station,
        })
    }

    fn order_number(&mut self, id: Id) -> AppResult<String> {
        if let Some(number) = self.order_numbers.get(&id) {
            return Ok(number.clone());
        }
        let number = store::orders::get(self.conn, id)?
            .and_then(|order| order.order_number)
            .unwrap_or_default();
        self.order_numbers.insert(id, number.clone());
        Ok(number)
    }

    fn station_name(&mut self, id: Id) -> AppResult<String> {
        if let Some(name) = self.station_names.get(&id) {
            return Ok(name.clone());
        }
        let name = store::stations::get(self.conn, id)?
            .map(|station| station.name)
            .unwrap_or_default();
        self.station_names.insert(id, name.clone());
        Ok(name)
    }
}

/// `1200 x 800 x 6 mm` (thickness left off when 0; nothing when there is no width or height).
fn size_text(width: f64, height: f64, thickness: f64) -> String {
    if width == 0.0 && height == 0.0 {
        return String::new();
    }
    let mut text = format!("{} x {}", js_display(width), js_display(height));
    if thickness != 0.0 {
        text.push_str(&format!(" x {}", js_display(thickness)));
    }
    text.push_str(" mm");
    text
}

/// The panes of an order that carry a sticker, oldest first; 400 when there are none.
fn stickered_panes_of_order(conn: &Connection, order: Id) -> AppResult<Vec<Pane>> {
    let found = store::orders::get(conn, order)?.ok_or_else(|| AppError::not_found("Order"))?;
    let panes: Vec<Pane> = store::panes::of_order(conn, order)?
        .into_iter()
        .filter(has_sticker)
        .collect();
    if panes.is_empty() {
        let number = found.order_number.unwrap_or_else(|| order.to_hex());
        return Err(bad(format!(
            "Order {number} has no panes to label yet: release it first"
        )));
    }
    Ok(panes)
}

/// One pane by id or by number (case-insensitive), when it carries a sticker.
fn stickered_pane(conn: &Connection, key: &str) -> AppResult<Pane> {
    let pane = match Id::parse(key) {
        Some(id) => store::panes::get(conn, id)?,
        None => store::panes::by_number(conn, &key.to_uppercase())?,
    }
    .ok_or_else(|| AppError::not_found("Pane"))?;
    if pane.laminate_role == "parent" {
        return Err(bad(format!(
            "{} is a laminate set: each of its sheets carries the sticker",
            pane.pane_number
        )));
    }
    if pane.current_status == "merged_into" {
        let survivor = match pane.merged_into {
            Some(id) => store::panes::get(conn, id)?.map(|p| p.pane_number),
            None => None,
        };
        return Err(bad(format!(
            "{} was merged into {}: its sticker is retired",
            pane.pane_number,
            survivor.as_deref().unwrap_or("another sheet")
        )));
    }
    Ok(pane)
}

fn labels_of(conn: &Connection, stock: &Stock, panes: &[Pane]) -> AppResult<Vec<Label>> {
    let mut facts = Facts::new(conn);
    panes
        .iter()
        .map(|pane| stock.label(&facts.of(pane)?))
        .collect()
}

/// A job ready for a printer.
struct Job {
    printer: Printer,
    bytes: Vec<u8>,
    panes: Vec<String>,
}

impl Job {
    fn new(conn: &Connection, printer: Printer, panes: &[Pane]) -> AppResult<Job> {
        let stock = Stock::of_printer(conn, &printer)?;
        let labels = labels_of(conn, &stock, panes)?;
        Ok(Job {
            bytes: render_for(&printer, &labels)?,
            panes: panes.iter().map(|p| p.pane_number.clone()).collect(),
            printer,
        })
    }
}

/// The job in the printer's language.
fn render_for(printer: &Printer, labels: &[Label]) -> AppResult<Vec<u8>> {
    let dpi = printer_dpi(printer)?;
    Ok(match printer.kind.as_str() {
        "tspl" => labels::tspl::render(labels, dpi, &printer.font),
        _ => labels::zpl::render(labels, dpi, &printer.font),
    }
    .into_bytes())
}

/// A printer embedded in an answer.
#[derive(Debug, Serialize)]
pub struct PrinterName {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
}

/// What a print request did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintReport {
    pub printer: PrinterName,
    /// Labels sent.
    pub labels: usize,
    /// Their pane numbers, in print order.
    pub panes: Vec<String>,
    pub bytes: usize,
}

/// Sends a job; a printer that is off or slow is a 502 or 504 naming it.
async fn deliver(job: Job) -> AppResult<PrintReport> {
    let printer = &job.printer;
    send(&printer.host, printer.port, &job.bytes)
        .await
        .map_err(|error| match error {
            SendError::Unreachable { address, reason } => AppError::BadGateway(format!(
                "Printer {} cannot be reached at {address}: {reason}",
                printer.name
            )),
            SendError::TimedOut { address, after } => AppError::GatewayTimeout(format!(
                "Printer {} at {address} did not answer within {} s",
                printer.name,
                after.as_secs()
            )),
        })?;
    Ok(PrintReport {
        printer: PrinterName {
            id: printer.id,
            name: printer.name.clone(),
        },
        labels: job.panes.len(),
        bytes: job.bytes.len(),
        panes: job.panes,
    })
}

/// `POST /api/orders/:id/labels/print`: every stickered pane of the order.
pub async fn print_order(core: &Core, order: Option<Id>, printer: Id) -> AppResult<PrintReport> {
    let order = order.ok_or_else(|| AppError::not_found("Order"))?;
    let job = core
        .db
        .read(move |conn| {
            let panes = stickered_panes_of_order(conn, order)?;
            let printer = printer_named_in_request(conn, printer)?;
            Job::new(conn, printer, &panes)
        })
        .await?;
    deliver(job).await
}

/// `POST /api/panes/:paneNumber/labels/print`: one pane's label again (a scanned sticker).
pub async fn print_pane(core: &Core, key: String, printer: Id) -> AppResult<PrintReport> {
    let job = core
        .db
        .read(move |conn| {
            let pane = stickered_pane(conn, &key)?;
            let printer = printer_named_in_request(conn, printer)?;
            Job::new(conn, printer, &[pane])
        })
        .await?;
    deliver(job).await
}

/// `POST /api/printers/:id/test`: a label saying which printer, stock and language it is,
/// with the code `STDPLUS:TEST`.
pub async fn print_test(core: &Core, printer: Option<Id>) -> AppResult<PrintReport> {
    let id = printer.ok_or_else(|| AppError::not_found("Printer"))?;
    let job = core
        .db
        .read(move |conn| {
            let printer =
                store::printers::get(conn, id)?.ok_or_else(|| AppError::not_found("Printer"))?;
            let stock = Stock::of_printer(conn, &printer)?;
            let facts = LabelFacts {
                pane_number: TEST_PANE_NUMBER.to_owned(),
                order_number: printer.name.clone(),
                glass: format!(
                    "{} x {} mm, {} dpi",
                    js_display(printer.label_width_mm),
                    js_display(printer.label_height_mm),
                    printer.dpi
                ),
                size: printer.kind.to_uppercase(),
                next_station: String::new(),
            };
            let labels = [stock.label(&facts)?];
            Ok(Job {
                bytes: render_for(&printer, &labels)?,
                panes: vec![TEST_PANE_NUMBER.to_owned()],
                printer,
            })
        })
        .await?;
    deliver(job).await
}

/// `GET /api/panes/:paneNumber/label.svg`.
pub async fn pane_svg(core: &Core, key: String, options: PreviewOptions) -> AppResult<String> {
    core.db
        .read(move |conn| {
            let pane = stickered_pane(conn, &key)?;
            let stock = options.stock(conn)?;
            let label = stock.label(&Facts::new(conn).of(&pane)?)?;
            Ok(labels::svg::render(&label))
        })
        .await
}

/// `GET /api/orders/:id/labels.pdf`: one page a label.
pub async fn order_pdf(
    core: &Core,
    order: Option<Id>,
    options: PreviewOptions,
) -> AppResult<Vec<u8>> {
    let order = order.ok_or_else(|| AppError::not_found("Order"))?;
    core.db
        .read(move |conn| {
            let panes = stickered_panes_of_order(conn, order)?;
            let stock = options.stock(conn)?;
            Ok(labels::pdf::render(&labels_of(conn, &stock, &panes)?))
        })
        .await
}

/// After a release: the order's labels go, in the background, to every printer that prints on
/// release and serves `first_station` (or no station). A failure never touches the release:
/// it is logged, and `releaser` (a worker; `None` for a paired screen) gets a notification.
pub fn print_after_release(core: Arc<Core>, order: Id, first_station: Id, releaser: Option<Id>) {
    tokio::spawn(async move {
        let printers = core
            .db
            .read(|conn| Ok(store::printers::printing_on_release(conn)?))
            .await;
        let printers = match printers {
            Ok(printers) => printers,
            Err(error) => {
                tracing::warn!(%error, "cannot read the printers for release printing");
                return;
            }
        };
        for printer in printers
            .into_iter()
            .filter(|p| p.prints_release_at(first_station))
        {
            match print_order(&core, Some(order), printer.id).await {
                Ok(report) => tracing::info!(
                    printer = %printer.name,
                    order = %order.to_hex(),
                    labels = report.labels,
                    "release labels printed"
                ),
                Err(error) => {
                    tracing::warn!(
                        printer = %printer.name,
                        order = %order.to_hex(),
                        error = %error.public_message(),
                        "release labels not printed"
                    );
                    if let Some(worker) = releaser {
                        notify_failure(&core, worker, order, &printer, &error).await;
                    }
                }
            }
        }
    });
}

async fn notify_failure(core: &Core, worker: Id, order: Id, printer: &Printer, error: &AppError) {
    let draft = NotificationDraft {
        recipient: worker.to_hex(),
        kind: "label_print_failed".to_owned(),
        title: format!("พิมพ์สติกเกอร์ไม่สำเร็จ ({})", printer.name),
        details: Details {
            message: Some(error.public_message()),
            reference_id: Some(order),
            reference_type: Some("Order".to_owned()),
            priority: Some("high".to_owned()),
            read_status: None,
        },
    };
    if let Err(error) = notifications::create(core, draft).await {
        tracing::warn!(%error, "cannot store the label-printing notification");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_the_web_app_in_ascii() {
        assert_eq!(size_text(1200.0, 800.0, 6.0), "1200 x 800 x 6 mm");
        assert_eq!(size_text(1200.5, 800.0, 0.0), "1200.5 x 800 mm");
        assert_eq!(size_text(0.0, 0.0, 6.0), "");
    }

    #[test]
    fn stocks_too_small_or_at_odd_resolutions_are_refused() {
        assert!(check_stock(60.0, 40.0, 203).is_ok());
        assert!(check_stock(50.0, 30.0, 300).is_ok());
        for (width, height, dpi) in [(60.0, 40.0, 600), (10.0, 40.0, 203), (40.0, 22.0, 203)] {
            let error = check_stock(width, height, dpi).expect_err("refused");
            assert_eq!(error.status().as_u16(), 400, "{error}");
        }
    }
}
