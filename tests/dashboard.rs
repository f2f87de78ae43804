//! `GET /api/dashboard/stats` (core.md §11.6) against the real server.

mod common;

use chrono::Datelike;
use common::TestServer;
use common::stock::{id, inventory, material, me};
use reqwest::Method;
use serde_json::{Value, json};

const WEEKDAYS: [&str; 7] = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัส", "ศุกร์", "เสาร์"];

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[tokio::test]
async fn a_fresh_box_reports_zeros_and_empty_charts() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let answer = server.api.get("/api/dashboard/stats", &admin).await;
    answer.expect(200);
    assert_eq!(answer.message(), "Dashboard stats fetched successfully");
    let data = answer.data();
    assert_eq!(
        data["orders"],
        json!({"total": 0, "completed": 0, "inProgress": 0, "pending": 0})
    );
    assert_eq!(
        data["inventory"],
        json!({"totalStock": 0, "lowStockAlerts": 0})
    );
    assert_eq!(data["requests"]["totalThisWeek"], 0);
    assert_eq!(data["materialLogs"]["recentActivity"], json!([]));

    let week = data["requests"]["chart"].as_array().expect("chart");
    assert_eq!(week.len(), 7);
    let today = chrono::Local::now().weekday().num_days_from_sunday() as usize;
    assert_eq!(
        week[6],
        json!({"name": WEEKDAYS[today], "count": 0}),
        "today is the last bar"
    );
    assert_eq!(week[0]["name"], WEEKDAYS[(today + 1) % 7]);

    let day = server
        .api
        .get("/api/dashboard/stats?chartRange=1d", &admin)
        .await;
    let hours: Vec<&str> = day.data()["requests"]["chart"]
        .as_array()
        .expect("chart")
        .iter()
        .map(|b| b["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(hours.len(), 24);
    assert_eq!((hours[0], hours[23]), ("00:00", "23:00"));
    let month = server
        .api
        .get("/api/dashboard/stats?chartRange=30d", &admin)
        .await;
    let bars = month.data()["materialLogs"]["chart"]
        .as_array()
        .expect("chart")
        .clone();
    assert_eq!(bars.len(), 30);
    assert_eq!(
        bars[29]["name"]
            .as_str()
            .map(|n| n.split(' ').next() == Some(&chrono::Local::now().day().to_string())),
        Some(true)
    );
    assert_eq!(bars[29]["stock"], 0);
    let other = server
        .api
        .get("/api/dashboard/stats?chartRange=90d", &admin)
        .await;
    assert_eq!(
        other.data()["requests"]["chart"].as_array().map(Vec::len),
        Some(7),
        "anything else is a week"
    );
}

#[tokio::test]
async fn stats_count_requests_stock_and_movements() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let admin_id = me(&server.api, &admin).await;
    let customer = server
        .api
        .post("/api/customers", &admin, json!({"name": "C"}))
        .await;
    let customer = id(customer.data());
    let request = |extra: Value| {
        let mut body = json!({"details": {"type": "cut", "quantity": 1}, "customer": customer});
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
        body
    };
    for extra in [
        json!({}),
        json!({"assignedTo": admin_id}),
        json!({"status": "cancelled"}),
        json!({"deadline": in_days(2)}),
        json!({"deadline": in_days(5)}),
    ] {
        server
            .api
            .post("/api/requests", &admin, request(extra))
            .await
            .expect(201);
    }
    let glass = material(&server.api, &admin, "Clear 6mm").await; // reorderPoint 5
    inventory(&server.api, &admin, &id(&glass), "Raw", 3.0, "WH-A").await;
    inventory(&server.api, &admin, &id(&glass), "Reuse", 10.0, "WH-B").await;
    server
        .api
        .post("/api/withdrawals", &admin, json!({"withdrawnBy": admin_id, "material": id(&glass), "quantity": 2, "stockType": "Reuse"}))
        .await
        .expect(201);

    let answer = server.api.get("/api/dashboard/stats", &admin).await;
    answer.expect(200);
    let data = answer.data();
    assert_eq!(data["requests"]["totalThisWeek"], 5);
    assert_eq!(data["requests"]["totalLastWeek"], 0);
    assert_eq!(
        data["requests"]["pending"], 3,
        "unassigned and not cancelled"
    );
    assert_eq!(
        data["requests"]["approaching"], 1,
        "a deadline within three days"
    );
    assert_eq!(data["requests"]["chart"][6]["count"], 5);
    assert_eq!(
        data["inventory"],
        json!({"totalStock": 11, "lowStockAlerts": 1}),
        "3 ≤ 5 is low; 8 is not"
    );
    assert_eq!(
        data["materialLogs"]["chart"][6],
        json!({"name": data["requests"]["chart"][6]["name"], "stock": 13, "out": 2})
    );

    let recent = data["materialLogs"]["recentActivity"]
        .as_array()
        .expect("recent");
    assert_eq!(recent.len(), 3);
    assert_eq!(recent[0]["actionType"], "withdraw", "newest first");
    assert_eq!(
        recent[0]["material"]["name"], "Clear 6mm",
        "material populated"
    );
    assert_eq!(recent[0]["worker"]["username"], "admin", "worker populated");
    assert!(recent[0]["worker"]["role"].is_string());
    assert_eq!(recent[0]["order"], Value::Null);
    assert!(recent[0]["panes"].is_array());
    assert_eq!(recent[2]["actionType"], "import");
}

#[tokio::test]
async fn the_dashboard_needs_only_a_login() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let nobody = server.api.user_with(&admin, "nobody", &[]).await;
    server
        .api
        .get("/api/dashboard/stats", &nobody)
        .await
        .expect(200);
    let anonymous = server
        .api
        .send(Method::GET, "/api/dashboard/stats", None, None)
        .await;
    anonymous.expect(401);
    assert_eq!(anonymous.message(), "Not authenticated");
}
