//! Helpers for the production tests (orders, panes, scans): the documents they need.

use super::Api;
use super::stock::id;
use serde_json::{Value, json};

pub async fn customer(api: &Api, token: &str, name: &str) -> String {
    let answer = api
        .post("/api/customers", token, json!({"name": name}))
        .await;
    answer.expect(201);
    id(answer.data())
}

/// A station (with its own template); `laminate` marks a lamination station.
pub async fn station(api: &Api, token: &str, name: &str, laminate: bool) -> String {
    let template = api
        .post(
            "/api/station-templates",
            token,
            json!({"name": format!("{name} screen")}),
        )
        .await;
    template.expect(201);
    let answer = api
        .post(
            "/api/stations",
            token,
            json!({"name": name, "templateId": id(template.data()), "isLaminateStation": laminate}),
        )
        .await;
    answer.expect(201);
    id(answer.data())
}

pub async fn material_id(api: &Api, token: &str, name: &str) -> String {
    id(&super::stock::material(api, token, name).await)
}

/// Creates an order from `body` (merged over a customer, material and quantity 1).
pub async fn order(api: &Api, token: &str, customer: &str, material: &str, extra: Value) -> Value {
    let mut body = json!({"customer": customer, "material": material, "quantity": 1});
    if let (Some(target), Value::Object(extra)) = (body.as_object_mut(), extra) {
        target.extend(extra);
    }
    let answer = api.post("/api/orders", token, body).await;
    answer.expect(201);
    answer.data().clone()
}

/// Runs `sql` (a count) against the server's database.
pub async fn count(server: &super::TestServer, sql: &'static str) -> i64 {
    server
        .core()
        .db
        .read(move |conn| Ok(conn.query_row(sql, [], |row| row.get(0))?))
        .await
        .expect("count")
}

/// A cutting station with `panes` panes `PNE-0000`… of one order waiting at it, created by eight
/// clients at once; the station's id. For the tests that scan a burst through the real binary.
pub async fn station_with_panes(api: &Api, admin: &str, panes: usize) -> String {
    let customer = customer(api, admin, "C").await;
    let material = material_id(api, admin, "Clear").await;
    let cutting = station(api, admin, "Cutting", false).await;
    let order = id(&order(api, admin, &customer, &material, json!({})).await);
    let mut creating = Vec::new();
    for worker in 0..8 {
        let (api, admin, order, cutting) = (
            api.clone(),
            admin.to_owned(),
            order.clone(),
            cutting.clone(),
        );
        creating.push(tokio::spawn(async move {
            for pane in (worker..panes).step_by(8) {
                api.post(
                    "/api/panes",
                    &admin,
                    json!({"paneNumber": format!("PNE-{pane:04}"), "order": order,
                           "routing": [cutting], "currentStation": cutting}),
                )
                .await
                .expect(201);
            }
        }));
    }
    for task in creating {
        task.await.expect("panes created");
    }
    cutting
}

/// The integrity verdict of the database file at `db`, and the id of every pane log in it.
pub fn pane_log_ids(db: &std::path::Path) -> (String, std::collections::HashSet<String>) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity_check");
    let mut statement = conn
        .prepare("SELECT lower(hex(id)) FROM pane_logs")
        .expect("prepare");
    let ids = statement
        .query_map([], |row| row.get::<_, String>(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    (verdict, ids)
}

/// An order of `panes` panes walking `routing` (at most 1,000, the order quantity limit),
/// made the production way: a request whose panes start pending at `routing[0]`, then an order
/// on that request with `paneCount` set. The order's id and its pane numbers.
pub async fn order_with_panes(
    api: &Api,
    token: &str,
    customer: &str,
    material: &str,
    routing: &[String],
    panes: usize,
) -> (String, Vec<String>) {
    let items: Vec<Value> = (0..panes).map(|_| json!({"routing": routing})).collect();
    let request = api
        .post(
            "/api/requests",
            token,
            json!({"details": {"type": "cut", "quantity": panes}, "customer": customer,
                   "panes": items}),
        )
        .await;
    request.expect(201);
    let numbers = request.data()["panes"]
        .as_array()
        .expect("the request's panes")
        .iter()
        .map(|pane| pane["paneNumber"].as_str().expect("pane number").to_owned())
        .collect();
    let order = order(
        api,
        token,
        customer,
        material,
        json!({"request": id(request.data()), "quantity": panes, "paneCount": panes}),
    )
    .await;
    (id(&order), numbers)
}
