//! The factory the bench scans in, set up over the API as an admin would: a customer, a
//! material, a line of stations that every pane is routed through, and for each bench client
//! an order with its own panes waiting at the first station.

use super::client::Client;
use serde_json::{Value, json};

/// The actions that walk a pane through one station: in, done, out to the next station (or
/// finished after the last). Each is a real state change, never a refused rescan.
pub const WALK: [&str; 3] = ["scan_in", "complete", "scan_out"];

pub struct Factory {
    pub stations: Vec<String>,
    customer: String,
    material: String,
}

/// The panes of one bench client, in the order it walks them.
pub struct ClientPanes {
    pub panes: Vec<String>,
}

fn id(data: &Value) -> String {
    data["_id"].as_str().expect("an _id").to_owned()
}

impl Factory {
    /// Scans each pane makes on its way through the line.
    pub fn scans_per_pane(&self) -> usize {
        self.stations.len() * WALK.len()
    }

    pub async fn build(admin: &Client, stations: usize) -> Factory {
        let customer = id(&admin
            .post("/api/customers", &json!({"name": "Bench Glass Co."}))
            .await
            .data("customer"));
        let material = id(&admin
            .post(
                "/api/materials",
                &json!({"name": "Clear 6mm", "unit": "sheet", "reorderPoint": 5}),
            )
            .await
            .data("material"));
        let mut ids = Vec::new();
        for index in 0..stations {
            let name = format!("Bench station {}", index + 1);
            let template = admin
                .post(
                    "/api/station-templates",
                    &json!({"name": format!("{name} screen")}),
                )
                .await
                .data("station template");
            let station = admin
                .post(
                    "/api/stations",
                    &json!({"name": name, "templateId": id(&template)}),
                )
                .await
                .data("station");
            ids.push(id(&station));
        }
        Factory {
            stations: ids,
            customer,
            material,
        }
    }

    /// For each of `clients` clients an order with `panes_each` panes at the first station;
    /// `tag` keeps pane numbers unique across rounds. Created by up to 8 connections at once.
    pub async fn panes_for(
        &self,
        admin: &Client,
        tag: &str,
        clients: usize,
        panes_each: usize,
    ) -> Vec<ClientPanes> {
        let mut plans = Vec::new();
        for client in 0..clients {
            let order = admin
                .post(
                    "/api/orders",
                    &json!({"customer": self.customer, "material": self.material,
                            "quantity": panes_each}),
                )
                .await
                .data("order");
            let order = id(&order);
            let panes = (0..panes_each)
                .map(|pane| format!("{tag}-C{client:03}-P{pane:04}"))
                .map(|number| (number, order.clone()))
                .collect::<Vec<_>>();
            plans.push(panes);
        }
        let all: Vec<(String, String)> = plans.iter().flatten().cloned().collect();
        let creators = 8.min(all.len()).max(1);
        let mut tasks = Vec::new();
        for creator in 0..creators {
            let (admin, routing) = (admin.another(), self.stations.clone());
            let mine: Vec<(String, String)> = all
                .iter()
                .skip(creator)
                .step_by(creators)
                .cloned()
                .collect();
            tasks.push(tokio::spawn(async move {
                for (number, order) in mine {
                    admin
                        .post(
                            "/api/panes",
                            &json!({"paneNumber": number, "order": order,
                                    "routing": routing, "currentStation": routing[0]}),
                        )
                        .await
                        .data("pane");
                }
            }));
        }
        for task in tasks {
            task.await.expect("panes created");
        }
        plans
            .into_iter()
            .map(|panes| ClientPanes {
                panes: panes.into_iter().map(|(number, _)| number).collect(),
            })
            .collect()
    }
}
