//! `stdplus generate`: a data dir holding a factory's worth of history (by default 1,000,000
//! panes and 10,000,000 pane logs, with the orders, requests, customers, workers and stations
//! they refer to), for measuring the box at size (`cargo bench --bench footprint`).
//!
//! This is setup, not the box's write path: one connection, the box's own migrations first (so
//! the schema is exactly the box's), then the rows through the store's row mapping in a few
//! large transactions with journaling and fsync off, into a side file renamed into place at
//! the end. A crash leaves only the side file, which the next run replaces.

use super::factory::{
    self, DAY_MS, LOGS_PER_STOP, Outcome, Place, VISIT_COMPLETE, VISIT_HAND_ON, VISIT_SCAN_IN,
};
use super::masters::{self, Floor, Ids};
use crate::app::DATABASE_FILE;
use crate::auth::password;
use crate::data_dir::DataDirLock;
use crate::domain::Timestamp;
use crate::domain::material_log::MaterialLog;
use crate::domain::numbers::Counter;
use crate::domain::order::Order;
use crate::domain::pane::{Dimensions, Pane, PaneSpec, qr_code};
use crate::domain::pane_log::PaneLog;
use crate::domain::request::{Details, Request};
use crate::domain::station::Station;
use crate::error::{AppError, AppResult};
use crate::store;
use clap::Args;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Changes whenever the generated data changes shape: part of the bench's cache key.
pub const FORMAT: u32 = 1;

#[derive(Args, Debug, Clone)]
pub struct GenerateArgs {
    /// The data dir to fill; created if missing, refused if it already holds a database.
    #[arg(long, env = "STDPLUS_DATA_DIR")]
    pub data_dir: PathBuf,

    /// How many panes.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub panes: u64,

    /// How many pane logs (about: each finished station visit writes three).
    #[arg(long, default_value_t = 10_000_000)]
    pub logs: u64,

    /// Panes per order.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    pub panes_per_order: u64,

    /// Panes cut per day: with `--panes`, how far back the history goes.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub panes_per_day: u64,

    /// Password of the worker `admin` (every generated worker gets it).
    #[arg(
        long,
        env = "STDPLUS_ADMIN_PASSWORD",
        hide_env_values = true,
        default_value = "admin-secret"
    )]
    pub admin_password: String,

    /// Seed of the dice (sizes, statuses): the same seed and sizes give the same factory.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// What was written, and how long it took.
#[derive(Debug, Default)]
pub struct Summary {
    pub panes: u64,
    pub logs: u64,
    pub orders: u64,
    pub customers: u64,
    pub workers: u64,
    pub stations: u64,
    /// Panes at a station now (pending, in progress, awaiting scan-out).
    pub at_work: u64,
    pub database_bytes: u64,
    pub elapsed: Duration,
}

/// Panes written per transaction.
const PANES_PER_TRANSACTION: u64 = 100_000;

pub fn run(args: &GenerateArgs) -> AppResult<Summary> {
    let started = Instant::now();
    std::fs::create_dir_all(&args.data_dir).map_err(|e| {
        AppError::internal(format!("cannot create {}: {e}", args.data_dir.display()))
    })?;
    let _lock = DataDirLock::acquire(&args.data_dir)?;
    let target = args.data_dir.join(DATABASE_FILE);
    if target.exists() {
        return Err(AppError::Conflict(format!(
            "{} already holds a database; generate into an empty data dir",
            args.data_dir.display()
        )));
    }
    let side = args.data_dir.join(format!("{DATABASE_FILE}.generating"));
    let _ = std::fs::remove_file(&side);
    let mut conn = Connection::open(&side)?;
    store::migrate::apply(&mut conn)?;
    // Setup speed: no rollback journal, no fsync, a big page cache, and no foreign-key lookups
    // (an order is written after its panes, once their counts are known; the tests run
    // `PRAGMA foreign_key_check` on a generated database). The side file is renamed into place
    // only once complete, so a crash cannot leave a half-made database behind.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA cache_size = -262144;
         PRAGMA temp_store = MEMORY;
         PRAGMA locking_mode = EXCLUSIVE;",
    )?;
    let hash = bcrypt::hash(&args.admin_password, password::COST).map_err(AppError::internal)?;
    let mut writer = Writer {
        args,
        rng: SmallRng::seed_from_u64(args.seed),
        ids: Ids {
            process: [0x5d, 0x9e, 0x11, 0x00, 0x01],
            counter: 0,
        },
        now: Timestamp::now(),
        summary: Summary::default(),
    };
    let customers = (args.panes / 2000).clamp(5, 5000);
    let since = writer.start();
    let floor = masters::write(&conn, &mut writer.ids, since, &hash, customers)?;
    writer.summary.customers = customers;
    writer.summary.workers = masters::WORKERS + 1;
    writer.summary.stations = floor.stations.len() as u64;
    writer.history(&mut conn, &floor)?;
    // The box runs in WAL mode; switching here leaves the file as the box leaves it.
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.close().map_err(|(_, e)| AppError::from(e))?;
    std::fs::rename(&side, &target)
        .map_err(|e| AppError::internal(format!("cannot move the database into place: {e}")))?;
    writer.summary.database_bytes = file_size(&target);
    writer.summary.elapsed = started.elapsed();
    Ok(writer.summary)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

struct Writer<'a> {
    args: &'a GenerateArgs,
    rng: SmallRng,
    ids: Ids,
    now: Timestamp,
    summary: Summary,
}

impl Writer<'_> {
    /// When the history starts: `--panes` at `--panes-per-day`, ending now.
    fn start(&self) -> Timestamp {
        let span = self.args.panes as i64 * DAY_MS / self.args.panes_per_day as i64;
        Timestamp::from_millis(self.now.millis() - span)
    }

    /// Orders oldest first, each with its request, its panes and their logs.
    fn history(&mut self, conn: &mut Connection, floor: &Floor) -> AppResult<()> {
        let args = self.args;
        let orders = args.panes.div_ceil(args.panes_per_order);
        let pane_ms = DAY_MS / args.panes_per_day as i64;
        let start = self.start();
        let mut tx = conn.transaction()?;
        let mut since_commit = 0;
        for index in 0..orders {
            let before = index * args.panes_per_order;
            let count = args.panes_per_order.min(args.panes - before);
            let stops = factory::stops_for(self.summary.logs, before, count, args.panes, args.logs);
            let created = Timestamp::from_millis(start.millis() + before as i64 * pane_ms);
            let context = OrderContext {
                index,
                last: index + 1 == orders && orders > 1,
                created,
                pane_ms,
                first_pane: before,
                count,
                routing: factory::routing(stops, index)
                    .iter()
                    .map(|&i| &floor.stations[i])
                    .collect(),
            };
            self.order(&tx, floor, &context)?;
            since_commit += count;
            if since_commit >= PANES_PER_TRANSACTION {
                tx.commit()?;
                tx = conn.transaction()?;
                since_commit = 0;
            }
        }
        for (counter, seq) in [
            (Counter::Pane, args.panes),
            (Counter::Order, orders),
            (Counter::Request, orders),
        ] {
            tx.execute(
                "INSERT INTO counters (name, seq) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
                rusqlite::params![counter.name(), seq as i64],
            )?;
        }
        tx.commit()?;
        self.summary.orders = orders;
        Ok(())
    }

    fn order(&mut self, tx: &Connection, floor: &Floor, c: &OrderContext<'_>) -> AppResult<()> {
        let requested = Timestamp::from_millis(c.created.millis() - 3600 * 1000);
        let request_id = self.ids.at(requested);
        let order_id = self.ids.at(c.created);
        let customer = floor.customers[self.rng.random_range(0..floor.customers.len())];
        let material = floor.materials[(c.index as usize) % floor.materials.len()];
        let assignee = floor.workers[self.rng.random_range(0..floor.workers.len())];
        let (width, height) = (
            self.rng.random_range(30..240) as f64 * 10.0,
            self.rng.random_range(30..240) as f64 * 10.0,
        );
        let mut tally = Tally::default();
        for n in 0..c.count {
            let created =
                Timestamp::from_millis(c.created.millis() + n as i64 * c.pane_ms + 60_000);
            let roll = self.rng.random_range(0..1000);
            let place = if c.last {
                Place::Unreleased
            } else {
                factory::place_of(created, self.now, c.routing.len(), roll)
            };
            let mut pane = Pane::new(
                Counter::Pane.format((c.first_pane + n + 1) as i64),
                PaneSpec {
                    dimensions: Dimensions::new(width, height, 6.0),
                    job_type: "tempered".to_owned(),
                    glass_type: "tempered".to_owned(),
                    glass_type_label: "Tempered 6 mm".to_owned(),
                    processes: vec!["edging".to_owned(), "tempering".to_owned()],
                    ..PaneSpec::default()
                },
                created,
            );
            pane.id = self.ids.at(created);
            pane.qr_code = qr_code(&pane.pane_number);
            pane.order = Some(order_id);
            pane.request = Some(request_id);
            pane.material = Some(material);
            pane.routing = c.routing.iter().map(|s| s.id).collect();
            let arrived = self.visits(tx, floor, &mut pane, &c.routing, place)?;
            store::panes::save(tx, &pane)?;
            if let Some(arrived) = arrived {
                tx.prepare_cached("UPDATE panes SET arrived_at = ?1 WHERE id = ?2")?
                    .execute(rusqlite::params![arrived, pane.id])?;
            }
            tally.count(&pane);
        }
        self.summary.panes += c.count;
        self.summary.at_work += tally.breakdown.values().sum::<f64>() as u64;

        let status = if c.last {
            "pending"
        } else if tally.at_work() {
            "in_progress"
        } else {
            "completed"
        };
        let deadline = Timestamp::from_millis(c.created.millis() + 7 * DAY_MS);
        let request = Request {
            id: request_id,
            request_number: Some(Counter::Request.format(c.index as i64 + 1)),
            details: Details {
                kind: "Tempered glass".to_owned(),
                estimated_price: c.count as f64 * 1200.0,
                quantity: c.count as f64,
            },
            customer,
            reference_id: None,
            deadline: Some(deadline),
            delivery_location: "Factory pick-up".to_owned(),
            assigned_to: Some(assignee),
            expected_delivery_date: Some(deadline),
            status: status.to_owned(),
            cancel_reason: None,
            cancelled_by: None,
            deadline_change_reason: None,
            created_at: requested,
            updated_at: c.created,
            version: 0,
        };
        store::requests::save(tx, &request)?;
        let order = Order {
            id: order_id,
            order_number: Some(Counter::Order.format(c.index as i64 + 1)),
            request: Some(request_id),
            // Every 97th order is a rush job (critical on the board).
            priority: if c.index.is_multiple_of(97) { 3.0 } else { 0.0 },
            customer,
            material,
            quantity: c.count as f64,
            stations: c.routing.iter().map(|s| s.id).collect(),
            current_station_index: 0,
            station_history: Vec::new(),
            station_data: serde_json::Map::new(),
            pane_count: c.count as f64,
            panes_completed: tally.completed as f64,
            progress_percent: (tally.completed as f64 / c.count as f64 * 100.0).round(),
            station_breakdown: tally.breakdown,
            notes: String::new(),
            status: status.to_owned(),
            claim: None,
            withdrawal: None,
            assigned_to: Some(assignee),
            created_at: c.created,
            updated_at: c.created,
            version: 0,
        };
        store::orders::save(tx, &order)?;
        let withdrawal = MaterialLog {
            id: self.ids.at(c.created),
            material,
            panes: Vec::new(),
            action_type: "withdraw".to_owned(),
            reference_id: None,
            reference_type: None,
            quantity_changed: -(c.count as f64),
            total_price: 0.0,
            stock_type: Some("Raw".to_owned()),
            order: Some(order_id),
            parent_log: None,
            worker: Some(assignee),
            created_at: c.created,
            updated_at: c.created,
            version: 0,
        };
        store::material_logs::insert(tx, &withdrawal)?;
        Ok(())
    }

    /// Writes the logs of the pane's visits up to `place` and sets its status, station and
    /// times to match. Returns when it reached its current station, if it is at one.
    fn visits(
        &mut self,
        tx: &Connection,
        floor: &Floor,
        pane: &mut Pane,
        routing: &[&Station],
        place: Place,
    ) -> AppResult<Option<Timestamp>> {
        let stops = routing.len();
        let (visited, here) = match place {
            Place::Unreleased | Place::Done(Outcome::Cancelled) => (0, None),
            Place::Done(_) => (stops, None),
            Place::AtWork { stop, phase } => (stop, Some((stop, phase))),
        };
        let created = pane.created_at;
        let time = |stop, fraction| factory::visit_time(created, stops, stop, fraction);
        let mut last = created;
        for (stop, station) in routing.iter().enumerate().take(visited) {
            self.log(
                tx,
                floor,
                pane,
                station,
                "scan_in",
                time(stop, VISIT_SCAN_IN),
            )?;
            self.log(
                tx,
                floor,
                pane,
                station,
                "complete",
                time(stop, VISIT_COMPLETE),
            )?;
            let defected = place == Place::Done(Outcome::Defected) && stop + 1 == stops;
            let leave = match (defected, station.kind.as_str()) {
                (true, _) => "qc_fail",
                (false, "qc") => "qc_pass",
                (false, _) => "scan_out",
            };
            last = time(stop, VISIT_HAND_ON);
            self.log(tx, floor, pane, station, leave, last)?;
        }
        // A pane arrives where it is with the hand-off of its previous stop (or when made).
        let arrived = last;
        if let Some((stop, phase)) = here {
            let station = routing[stop];
            if phase >= 1 {
                last = time(stop, VISIT_SCAN_IN);
                self.log(tx, floor, pane, station, "scan_in", last)?;
            }
            if phase >= 2 {
                last = time(stop, VISIT_COMPLETE);
                self.log(tx, floor, pane, station, "complete", last)?;
            }
            pane.current_station = Some(station.id);
        }
        pane.current_status = match place {
            Place::Unreleased | Place::AtWork { phase: 0, .. } => "pending",
            Place::AtWork { phase: 1, .. } => "in_progress",
            Place::AtWork { .. } => "awaiting_scan_out",
            Place::Done(Outcome::Completed) => "completed",
            Place::Done(Outcome::Defected) => "defected",
            Place::Done(Outcome::Cancelled) => "cancelled",
        }
        .to_owned();
        if place == Place::Done(Outcome::Completed) {
            pane.completed_at = Some(last);
        }
        pane.updated_at = last;
        Ok(here.map(|_| arrived))
    }

    /// One pane log by a random worker, as the scan path writes it.
    fn log(
        &mut self,
        tx: &Connection,
        floor: &Floor,
        pane: &mut Pane,
        station: &Station,
        action: &str,
        at: Timestamp,
    ) -> AppResult<()> {
        let worker = floor.workers[self.rng.random_range(0..floor.workers.len())];
        let hands_on = matches!(action, "scan_out" | "qc_pass");
        let mut entry = PaneLog::new(pane, worker, station.id, action, hands_on, at);
        entry.id = self.ids.at(at);
        if action == "qc_fail" {
            entry.reason = Some("scratch".to_owned());
        }
        if action == "scan_in" && pane.started_at.is_none() {
            pane.started_at = Some(at);
        }
        self.summary.logs += 1;
        Ok(store::pane_logs::insert(tx, &entry)?)
    }
}

struct OrderContext<'a> {
    index: u64,
    /// The newest order: not released yet.
    last: bool,
    created: Timestamp,
    pane_ms: i64,
    first_pane: u64,
    count: u64,
    routing: Vec<&'a Station>,
}

/// An order's counters, from its panes.
#[derive(Default)]
struct Tally {
    completed: u64,
    unreleased: bool,
    breakdown: BTreeMap<String, f64>,
}

impl Tally {
    fn count(&mut self, pane: &Pane) {
        match (pane.current_status.as_str(), pane.current_station) {
            ("completed", _) => self.completed += 1,
            (_, Some(station)) => *self.breakdown.entry(station.to_hex()).or_default() += 1.0,
            ("pending", None) => self.unreleased = true,
            _ => {}
        }
    }

    fn at_work(&self) -> bool {
        self.unreleased || !self.breakdown.is_empty()
    }
}

/// The line `stdplus generate` prints.
pub fn describe(summary: &Summary) -> String {
    format!(
        "{} panes ({} at a station now), {} pane logs, {} orders, {} customers, {} workers, \
         {} stations; {:.1} MB in {:.1} s ({:.0} logs/s)",
        summary.panes,
        summary.at_work,
        summary.logs,
        summary.orders,
        summary.customers,
        summary.workers,
        summary.stations,
        summary.database_bytes as f64 / 1e6,
        summary.elapsed.as_secs_f64(),
        summary.logs as f64 / summary.elapsed.as_secs_f64().max(1e-9),
    )
}

/// `LOGS_PER_STOP` is part of the log arithmetic of `factory::stops_for`.
const _: () = assert!(LOGS_PER_STOP == 3);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_database_is_consistent_and_opens_as_the_box_s_own() {
        let dir = tempfile::tempdir().expect("dir");
        let args = GenerateArgs {
            data_dir: dir.path().to_owned(),
            panes: 5_000,
            logs: 50_000,
            panes_per_order: 50,
            panes_per_day: 1000,
            admin_password: "secret".to_owned(),
            seed: 7,
        };
        let summary = run(&args).expect("generate");
        assert_eq!(summary.panes, 5_000);
        assert!(summary.at_work > 0);
        let conn = Connection::open(dir.path().join(DATABASE_FILE)).expect("open");
        let count = |sql: &str| -> u64 {
            conn.query_row(sql, [], |row| row.get::<_, i64>(0))
                .expect(sql) as u64
        };
        assert_eq!(count("SELECT count(*) FROM panes"), summary.panes);
        assert_eq!(count("SELECT count(*) FROM pane_logs"), summary.logs);
        assert_eq!(count("SELECT count(*) FROM orders"), summary.orders);
        assert_eq!(
            count("SELECT count(*) FROM panes WHERE current_station IS NOT NULL"),
            summary.at_work
        );
        // Every reference points at a row, and every order's counters match its panes.
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        assert_eq!(
            count(
                "SELECT count(*) FROM orders o WHERE o.panes_completed <>
                 (SELECT count(*) FROM panes p WHERE p.order_id = o.id AND p.current_status = 'completed')"
            ),
            0
        );
        assert_eq!(
            count("PRAGMA user_version"),
            u64::from(crate::store::SCHEMA_VERSION)
        );
        drop(conn);
        // A second run refuses to overwrite it.
        assert!(run(&args).is_err());
    }
}
