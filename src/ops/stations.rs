//! Stations (core.md §11.2): responses and `created`/`updated` events carry the template
//! populated; a `deleted` event carries the station as stored.

use super::cascade::Kind;
use super::deletion::Deletion;
use super::refs::{self, Ref};
use super::{Core, deletion};
use crate::domain::events::{Event, Topic};
use crate::domain::station::{
    DEFAULT_COLOR, DEFAULT_KIND, DEFAULT_STATUS, Station, StationTemplate,
};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;
use rusqlite::Connection;
use std::collections::HashMap;

const WHAT: &str = "Station";

#[derive(Debug, Default)]
pub struct StationDraft {
    pub name: String,
    pub template_id: String,
    pub color_id: Option<String>,
    pub status: Option<String>,
    pub is_laminate_station: Option<bool>,
    pub show_withdraw_claim_actions: Option<bool>,
    pub notes: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Default)]
pub struct StationPatch {
    pub name: Option<String>,
    pub template_id: Option<String>,
    pub color_id: Option<String>,
    pub status: Option<String>,
    pub is_laminate_station: Option<bool>,
    pub show_withdraw_claim_actions: Option<bool>,
    pub notes: Option<String>,
    pub kind: Option<String>,
}

/// A station with its template populated (`None`: the template is gone).
pub type StationView = (Station, Option<StationTemplate>);

fn populate(conn: &Connection, station: Station) -> AppResult<StationView> {
    let template = store::station_templates::get(conn, station.template_id)?;
    Ok((station, template))
}

fn created_or_updated(action: &str, (station, template): &StationView) -> Event {
    Event::resource(
        Topic::Station,
        action,
        station.with_template(template.as_ref()),
    )
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<StationView>, u64)> {
    core.db
        .read(move |conn| {
            let (stations, total) = store::stations::page(conn, &page)?;
            // A page shows few templates many times: read each once.
            let mut templates: HashMap<Id, Option<StationTemplate>> = HashMap::new();
            let mut views = Vec::with_capacity(stations.len());
            for station in stations {
                let template = match templates.get(&station.template_id) {
                    Some(template) => template.clone(),
                    None => {
                        let template = store::station_templates::get(conn, station.template_id)?;
                        templates.insert(station.template_id, template.clone());
                        template
                    }
                };
                views.push((station, template));
            }
            Ok((views, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<StationView> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.db
        .read(move |conn| {
            let station =
                store::stations::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
            populate(conn, station)
        })
        .await
}

pub async fn create(core: &Core, draft: StationDraft) -> AppResult<StationView> {
    core.transact(move |tx, events| {
        let template_id = refs::require(tx, Ref::StationTemplate, &draft.template_id)?;
        let now = Timestamp::now();
        let station = Station {
            id: Id::new(),
            name: draft.name,
            template_id,
            color_id: draft.color_id.unwrap_or_else(|| DEFAULT_COLOR.to_owned()),
            status: draft.status.unwrap_or_else(|| DEFAULT_STATUS.to_owned()),
            is_laminate_station: draft.is_laminate_station.unwrap_or(false),
            show_withdraw_claim_actions: draft.show_withdraw_claim_actions.unwrap_or(true),
            notes: draft.notes.unwrap_or_default(),
            kind: draft.kind.unwrap_or_else(|| DEFAULT_KIND.to_owned()),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::stations::insert(tx, &station)?;
        let view = populate(tx, station)?;
        events.push(created_or_updated("created", &view));
        Ok(view)
    })
    .await
}

/// The template reference is checked before the station's own existence (§11.2).
pub async fn update(core: &Core, id: Option<Id>, patch: StationPatch) -> AppResult<StationView> {
    core.transact(move |tx, events| {
        let template_id = patch
            .template_id
            .as_deref()
            .map(|text| refs::require(tx, Ref::StationTemplate, text))
            .transpose()?;
        let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
        let mut station = store::stations::get(tx, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
        if let Some(template_id) = template_id {
            station.template_id = template_id;
        }
        if let Some(name) = patch.name {
            station.name = name;
        }
        if let Some(color_id) = patch.color_id {
            station.color_id = color_id;
        }
        if let Some(status) = patch.status {
            station.status = status;
        }
        if let Some(laminate) = patch.is_laminate_station {
            station.is_laminate_station = laminate;
        }
        if let Some(show) = patch.show_withdraw_claim_actions {
            station.show_withdraw_claim_actions = show;
        }
        if let Some(kind) = patch.kind {
            station.kind = kind;
        }
        if let Some(notes) = patch.notes {
            station.notes = notes;
        }
        station.updated_at = Timestamp::now();
        store::stations::update(tx, &station)?;
        let view = populate(tx, station)?;
        events.push(created_or_updated("updated", &view));
        Ok(view)
    })
    .await
}

/// How stations are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::Station,
    topic: Some(Topic::Station),
    what: WHAT,
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::stations::get(tx, id)?.as_ref().map(Station::bare))
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
