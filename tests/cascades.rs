//! Delete cascades (core.md §13.2) across resources: each delete removes exactly the dependents
//! the spec lists, in one transaction, and announces its events after commit.

mod common;

use common::TestServer;
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id, inventory, material, me, quantity};
use serde_json::json;

async fn stored_pane_count(server: &TestServer) -> i64 {
    server
        .core()
        .db
        .read(|conn| Ok(conn.query_row("SELECT count(*) FROM panes", [], |row| row.get(0))?))
        .await
        .expect("count panes")
}

/// Commits of the database writer so far: a delete must add exactly one.
fn commits(server: &TestServer) -> u64 {
    server.core().db.writer_stats().1
}

#[tokio::test]
async fn deleting_a_customer_takes_its_requests_and_their_panes_only() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let leaving = id(server
        .api
        .post("/api/customers", &admin, json!({"name": "Leaving"}))
        .await
        .data());
    let staying = id(server
        .api
        .post("/api/customers", &admin, json!({"name": "Staying"}))
        .await
        .data());
    let request = |customer: &str| json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "panes": [{}, {}]});
    let gone = server
        .api
        .post("/api/requests", &admin, request(&leaving))
        .await;
    gone.expect(201);
    let kept = server
        .api
        .post("/api/requests", &admin, request(&staying))
        .await;
    kept.expect(201);
    assert_eq!(stored_pane_count(&server).await, 4);

    let before = commits(&server);
    server
        .api
        .delete(&format!("/api/customers/{leaving}"), &admin)
        .await
        .expect(200);
    assert_eq!(commits(&server), before + 1, "one transaction");
    server
        .api
        .get(&format!("/api/requests/{}", id(gone.data())), &admin)
        .await
        .expect(404);
    server
        .api
        .get(&format!("/api/requests/{}", id(kept.data())), &admin)
        .await
        .expect(200);
    assert_eq!(
        stored_pane_count(&server).await,
        2,
        "the leaving customer's panes went, the others stay"
    );
    server
        .api
        .get(&format!("/api/customers/{staying}"), &admin)
        .await
        .expect(200);
}

#[tokio::test]
async fn deleting_a_worker_takes_their_requests_withdrawals_and_notifications() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let admin_id = me(&server.api, &admin).await;
    let leaver_token = server
        .api
        .user_with(&admin, "leaver", &["notifications:view"])
        .await;
    let leaver = me(&server.api, &leaver_token).await;
    let customer = id(server
        .api
        .post("/api/customers", &admin, json!({"name": "C"}))
        .await
        .data());
    let glass = id(&material(&server.api, &admin, "Clear").await);
    let record = id(&inventory(&server.api, &admin, &glass, "Raw", 100.0, "WH-A").await);

    let assigned = server
        .api
        .post("/api/requests", &admin, json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "assignedTo": leaver, "panes": [{}]}))
        .await;
    assigned.expect(201);
    let other = server
        .api
        .post("/api/requests", &admin, json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "assignedTo": admin_id}))
        .await;
    other.expect(201);
    let withdrawal = |by: &str| json!({"withdrawnBy": by, "material": glass, "quantity": 30, "stockType": "Raw"});
    let theirs = server
        .api
        .post("/api/withdrawals", &admin, withdrawal(&leaver))
        .await;
    theirs.expect(201);
    let mine = server
        .api
        .post("/api/withdrawals", &admin, withdrawal(&admin_id))
        .await;
    mine.expect(201);
    assert_eq!(quantity(&server.api, &admin, &record).await, 40.0);
    let note = server
        .api
        .post(
            "/api/notifications",
            &admin,
            json!({"recipient": leaver, "type": "info", "title": "Hello"}),
        )
        .await;
    note.expect(201);

    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("inventory", &admin).await;
    sockets.ack("inventory", "join_inventory", vec![]).await;
    sockets.connect("dashboard", &admin).await;
    sockets.ack("dashboard", "join_dashboard", vec![]).await;

    let before = commits(&server);
    let deleted = server
        .api
        .delete(&format!("/api/workers/{leaver}"), &admin)
        .await;
    deleted.expect(200);
    assert_eq!(commits(&server), before + 1, "one transaction");

    server
        .api
        .get(&format!("/api/requests/{}", id(assigned.data())), &admin)
        .await
        .expect(404);
    server
        .api
        .get(&format!("/api/requests/{}", id(other.data())), &admin)
        .await
        .expect(200);
    assert_eq!(
        stored_pane_count(&server).await,
        0,
        "the assigned request's panes went too"
    );
    server
        .api
        .get(&format!("/api/withdrawals/{}", id(theirs.data())), &admin)
        .await
        .expect(404);
    server
        .api
        .get(&format!("/api/withdrawals/{}", id(mine.data())), &admin)
        .await
        .expect(200);
    assert_eq!(
        quantity(&server.api, &admin, &record).await,
        70.0,
        "their withdrawal's stock came back"
    );
    server
        .api
        .get(&format!("/api/notifications/{}", id(note.data())), &admin)
        .await
        .expect(404);

    // After commit: the stock adjustment and the worker's own event.
    assert_eq!(
        sockets.expect_event("inventory", "inventory:updated").await[0],
        json!({"action": "adjusted"})
    );
    assert_eq!(
        sockets.expect_event("dashboard", "worker:updated").await[0],
        json!({"_id": leaver, "action": "deleted"})
    );
    assert_eq!(
        sockets
            .count_after("inventory", "inventory:updated", SETTLE)
            .await,
        0,
        "one adjustment"
    );
}

#[tokio::test]
async fn a_delete_that_fails_leaves_every_dependent_in_place() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let customer = id(server
        .api
        .post("/api/customers", &admin, json!({"name": "C"}))
        .await
        .data());
    let created = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "panes": [{}]}),
        )
        .await;
    created.expect(201);
    server
        .api
        .delete(&format!("/api/customers/{MISSING}"), &admin)
        .await
        .expect(404);
    server
        .api
        .delete(&format!("/api/workers/{MISSING}"), &admin)
        .await
        .expect(404);
    server
        .api
        .get(&format!("/api/requests/{}", id(created.data())), &admin)
        .await
        .expect(200);
    assert_eq!(stored_pane_count(&server).await, 1);
}
