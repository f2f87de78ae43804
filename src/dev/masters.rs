//! The generated factory's master data (roles, workers, stations, customers, materials) and
//! the ids every generated document gets.

use super::factory::STATIONS;
use crate::domain::customer::Customer;
use crate::domain::material::{Material, SpecDetails};
use crate::domain::permissions::system_roles;
use crate::domain::station::{Station, StationTemplate};
use crate::domain::worker::{NotificationPreferences, Role, Worker};
use crate::domain::{Id, Timestamp};
use crate::error::AppResult;
use crate::store;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Workers besides `admin`.
pub const WORKERS: u64 = 40;
const MATERIALS: [(&str, &str); 6] = [
    ("CL05", "Clear 5 mm"),
    ("CL06", "Clear 6 mm"),
    ("CL08", "Clear 8 mm"),
    ("CL10", "Clear 10 mm"),
    ("GR06", "Grey tint 6 mm"),
    ("LE06", "Low-E 6 mm"),
];
/// ObjectId-style ids stamped with the document's own time (not the generator's), so ids and
/// times sort together as on a box that made them over the years.
pub struct Ids {
    pub process: [u8; 5],
    pub counter: u32,
}

impl Ids {
    pub fn at(&mut self, time: Timestamp) -> Id {
        self.counter = self.counter.wrapping_add(1) & 0x00ff_ffff;
        let seconds = u32::try_from(time.millis().max(0) / 1000).unwrap_or(u32::MAX);
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(&self.process);
        bytes[9..].copy_from_slice(&self.counter.to_be_bytes()[1..]);
        Id::from_bytes(bytes)
    }
}

/// The master data the history refers to.
pub struct Floor {
    pub stations: Vec<Station>,
    pub customers: Vec<Id>,
    pub materials: Vec<Id>,
    pub workers: Vec<Id>,
}

/// Roles, workers (`admin` first), a station template and the stations, customers and
/// materials, all as old as the history.
pub fn write(
    conn: &Connection,
    ids: &mut Ids,
    at: Timestamp,
    hash: &str,
    customer_count: u64,
) -> AppResult<Floor> {
    let tx = conn.unchecked_transaction()?;
    let mut role_ids = BTreeMap::new();
    for system in system_roles() {
        let role = Role {
            id: ids.at(at),
            name: system.name.to_owned(),
            slug: system.slug.to_owned(),
            description: String::new(),
            permissions: system.permissions,
            is_system: true,
            created_at: at,
            updated_at: at,
            version: 0,
        };
        store::roles::insert(&tx, &role)?;
        role_ids.insert(system.slug, role.id.to_hex());
    }
    let mut workers = Vec::new();
    for n in 0..=WORKERS {
        let (username, name, role) = match n {
            0 => ("admin".to_owned(), "Admin".to_owned(), "admin"),
            n => (format!("worker{n:02}"), format!("Worker {n:02}"), "worker"),
        };
        let worker = Worker {
            id: ids.at(at),
            name,
            username,
            position: role.to_owned(),
            role: role_ids.get(role).cloned().unwrap_or_default(),
            notification_preferences: NotificationPreferences::default(),
            created_at: at,
            updated_at: at,
            version: 0,
        };
        store::workers::insert(&tx, &worker, hash)?;
        if n > 0 {
            workers.push(worker.id);
        }
    }
    let template = StationTemplate {
        id: ids.at(at),
        name: "Production".to_owned(),
        ui_schema: serde_json::json!({}),
        created_at: at,
        updated_at: at,
        version: 0,
    };
    store::station_templates::insert(&tx, &template)?;
    let mut stations = Vec::new();
    for spec in &STATIONS {
        let station = Station {
            id: ids.at(at),
            name: spec.name.to_owned(),
            template_id: template.id,
            color_id: spec.color.to_owned(),
            status: "online".to_owned(),
            is_laminate_station: false,
            show_withdraw_claim_actions: true,
            notes: String::new(),
            kind: spec.kind.to_owned(),
            created_at: at,
            updated_at: at,
            version: 0,
        };
        store::stations::insert(&tx, &station)?;
        stations.push(station);
    }
    let mut customer_ids = Vec::new();
    for n in 1..=customer_count {
        let customer = Customer {
            id: ids.at(at),
            name: format!("Customer {n:04}"),
            address: format!("{n} Industrial Road"),
            phone: format!("02-{:07}", 1_000_000 + n),
            discount: 0.0,
            notes: String::new(),
            created_at: at,
            updated_at: at,
            version: 0,
        };
        store::customers::insert(&tx, &customer)?;
        customer_ids.push(customer.id);
    }
    let mut material_ids = Vec::new();
    for (code, name) in MATERIALS {
        let material = Material {
            id: ids.at(at),
            code: Some(code.to_owned()),
            name: name.to_owned(),
            brand: None,
            unit: "sheet".to_owned(),
            reorder_point: 10.0,
            spec_details: SpecDetails::default(),
            is_active: true,
            created_at: at,
            updated_at: at,
            version: 0,
        };
        store::materials::insert(&tx, &material)?;
        material_ids.push(material.id);
    }
    tx.commit()?;
    Ok(Floor {
        stations,
        customers: customer_ids,
        materials: material_ids,
        workers,
    })
}
