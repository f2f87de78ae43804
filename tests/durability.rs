//! An answered write survives SIGKILL: the box answers only after the commit is durable.

mod common;

use common::Process;
use serde_json::json;
use std::collections::HashSet;

const PASSWORD: &str = "durable-admin";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_answered_before_a_sigkill_are_there_after_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let process = Process::spawn(&data, &[("STDPLUS_ADMIN_PASSWORD", PASSWORD)]);
    let admin = process.api.token("admin", PASSWORD).await;

    // A role and a profile change, answered 2xx just before the kill.
    let role = process
        .api
        .post(
            "/api/roles",
            &admin,
            json!({"name": "Night shift", "permissions": ["production:view"]}),
        )
        .await;
    role.expect(201);
    let role_id = role.data()["_id"].as_str().expect("role id").to_owned();
    process
        .api
        .patch("/api/auth/me", &admin, json!({"name": "Khun Admin"}))
        .await
        .expect(200);

    // Concurrent role creations, some still in flight when the process is killed.
    let mut in_flight = Vec::new();
    for i in 0..40 {
        let api = process.api.clone();
        let admin = admin.clone();
        in_flight.push(tokio::spawn(async move {
            let answer = api
                .post("/api/roles", &admin, json!({"name": format!("burst {i}")}))
                .await;
            (answer.status.as_u16() == 201)
                .then(|| answer.data()["_id"].as_str().unwrap_or("").to_owned())
        }));
        if i == 25 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }
    let mut acknowledged = HashSet::new();
    for (i, task) in in_flight.into_iter().enumerate() {
        if i == 30 {
            // Kill while the rest may still be queued or committing.
            break;
        }
        if let Ok(Some(id)) = task.await {
            acknowledged.insert(id);
        }
    }
    process.kill();
    assert!(
        acknowledged.len() >= 20,
        "most writes were answered before the kill: {}",
        acknowledged.len()
    );

    let restarted = Process::spawn(&data, &[]);
    let admin = restarted.api.token("admin", PASSWORD).await;
    restarted
        .api
        .get(&format!("/api/roles/{role_id}"), &admin)
        .await
        .expect(200);
    let me = restarted.api.get("/api/auth/me", &admin).await;
    assert_eq!(me.data()["name"], "Khun Admin");
    let roles = restarted.api.get("/api/roles?limit=1000", &admin).await;
    let present: HashSet<String> = roles
        .data()
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(|r| r["_id"].as_str().map(str::to_owned))
        .collect();
    let lost: Vec<_> = acknowledged.difference(&present).collect();
    assert!(
        lost.is_empty(),
        "acknowledged writes lost after SIGKILL: {lost:?}"
    );
}
