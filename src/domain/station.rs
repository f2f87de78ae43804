//! Station templates and stations (core.md §11.1, §11.2).

use super::{Id, Timestamp};
use serde::Serialize;
use serde_json::Value;

/// `colorId` values, in the schema's order (the order the 400 lists them).
pub const COLORS: &[&str] = &[
    "sky", "blue", "violet", "pink", "red", "orange", "yellow", "green", "teal", "slate",
];
pub const DEFAULT_COLOR: &str = "sky";

/// `status` values.
pub const STATUSES: &[&str] = &["online", "offline", "maintenance"];
pub const DEFAULT_STATUS: &str = "offline";

/// What a station does on the floor (additive): the kiosk's layout and next action follow it.
pub const KINDS: &[&str] = &["standard", "cut", "laminate", "qc", "release", "dispatch"];
pub const DEFAULT_KIND: &str = "standard";

/// A station template. `ui_schema` is the frontend's screen layout: any JSON, `null` included,
/// stored and echoed as sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StationTemplate {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    pub ui_schema: Value,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// A stored station.
#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    pub id: Id,
    pub name: String,
    pub template_id: Id,
    pub color_id: String,
    pub status: String,
    pub is_laminate_station: bool,
    pub show_withdraw_claim_actions: bool,
    pub notes: String,
    pub kind: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

/// A station embedded as `{_id, name}` (routings, current stations, order stations).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StationName {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
}

/// A station as floor screens show it (the queue, the board, a kiosk's `/devices/me`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StationBrief {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    pub color: String,
    pub is_laminate_station: bool,
    pub kind: String,
}

impl StationBrief {
    pub fn of(station: &Station) -> Self {
        StationBrief {
            id: station.id,
            name: station.name.clone(),
            color: station.color_id.clone(),
            is_laminate_station: station.is_laminate_station,
            kind: station.kind.clone(),
        }
    }
}

/// A station's JSON: `T` is the template id as stored, or the populated template (§1.7).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StationDoc<'a, T: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    name: &'a str,
    template_id: T,
    color_id: &'a str,
    status: &'a str,
    is_laminate_station: bool,
    show_withdraw_claim_actions: bool,
    notes: &'a str,
    kind: &'a str,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

impl Station {
    /// As stored, `templateId` an id: the payload of a `deleted` event.
    pub fn bare(&self) -> StationDoc<'_, Id> {
        self.doc(self.template_id)
    }

    /// With `templateId` populated: the full template, or `null` when it is gone.
    pub fn with_template<'a>(
        &'a self,
        template: Option<&'a StationTemplate>,
    ) -> StationDoc<'a, Option<&'a StationTemplate>> {
        self.doc(template)
    }

    fn doc<T: Serialize>(&self, template_id: T) -> StationDoc<'_, T> {
        StationDoc {
            id: self.id,
            name: &self.name,
            template_id,
            color_id: &self.color_id,
            status: &self.status,
            is_laminate_station: self.is_laminate_station,
            show_withdraw_claim_actions: self.show_withdraw_claim_actions,
            notes: &self.notes,
            kind: &self.kind,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn station(template: Id) -> Station {
        let now = Timestamp::from_millis(0);
        Station {
            id: Id::new(),
            name: "cutting".into(),
            template_id: template,
            color_id: DEFAULT_COLOR.into(),
            status: DEFAULT_STATUS.into(),
            is_laminate_station: false,
            show_withdraw_claim_actions: true,
            notes: String::new(),
            kind: DEFAULT_KIND.into(),
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }

    #[test]
    fn template_id_is_an_id_when_bare_and_the_template_or_null_when_populated() {
        let template = StationTemplate {
            id: Id::new(),
            name: "Cutting".into(),
            ui_schema: Value::Null,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
            version: 0,
        };
        let station = station(template.id);
        let bare = serde_json::to_value(station.bare()).unwrap_or_default();
        assert_eq!(bare["templateId"], json!(template.id.to_hex()));
        let keys: Vec<&str> = bare
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "_id",
                "name",
                "templateId",
                "colorId",
                "status",
                "isLaminateStation",
                "showWithdrawClaimActions",
                "notes",
                "kind",
                "createdAt",
                "updatedAt",
                "__v"
            ]
        );
        let populated =
            serde_json::to_value(station.with_template(Some(&template))).unwrap_or_default();
        assert_eq!(populated["templateId"]["uiSchema"], Value::Null);
        assert_eq!(populated["templateId"]["name"], "Cutting");
        let gone = serde_json::to_value(station.with_template(None)).unwrap_or_default();
        assert_eq!(gone["templateId"], Value::Null);
    }
}
