//! Pricing settings (core.md §11.5): the default table seeded on first access by GET or PUT
//! (fix #16), wholesale replacement of `glassPrices` in the client's key order, both forms of
//! `grindingRate`, the populated `updatedBy`, validation, and `pricing:updated`.

mod common;

use common::keys;
use common::stock::SETTLE;

use common::socket::Sockets;
use common::{Answer, Api, TestServer};
use serde_json::{Value, json};

/// Thickness, price per sq ft, rough and polished grinding rates.
type Row = (&'static str, u32, u32, u32);

/// §11.5's default table, written out in full and in key order.
fn default_glass_prices() -> Value {
    fn variants(rows: &[Row]) -> Value {
        let mut map = serde_json::Map::new();
        for (thickness, price, rough, polished) in rows {
            map.insert(
                (*thickness).to_owned(),
                json!({"pricePerSqFt": price, "grindingRate": {"rough": rough, "polished": polished}}),
            );
        }
        Value::Object(map)
    }
    let mut table = serde_json::Map::new();
    let rows: [(&str, &[Row]); 8] = [
        (
            "Clear",
            &[
                ("3mm", 35, 50, 70),
                ("5mm", 50, 50, 70),
                ("6mm", 55, 50, 70),
                ("8mm", 65, 50, 75),
                ("10mm", 75, 50, 75),
                ("12mm", 85, 75, 100),
                ("15mm", 110, 75, 100),
                ("19mm", 140, 75, 100),
            ],
        ),
        (
            "Tinted",
            &[
                ("5mm", 55, 50, 70),
                ("6mm", 60, 50, 70),
                ("8mm", 66, 50, 75),
                ("10mm", 76, 75, 100),
                ("12mm", 86, 75, 100),
                ("15mm", 110, 75, 100),
            ],
        ),
        (
            "Tempered",
            &[
                ("5mm", 85, 75, 100),
                ("6mm", 95, 75, 100),
                ("8mm", 104, 75, 100),
                ("10mm", 114, 75, 100),
                ("12mm", 125, 75, 100),
                ("15mm", 150, 75, 100),
                ("19mm", 180, 75, 100),
            ],
        ),
        (
            "Laminated",
            &[
                ("6mm", 90, 75, 100),
                ("8mm", 100, 75, 100),
                ("10mm", 112, 75, 100),
                ("12mm", 125, 75, 100),
                ("15mm", 150, 75, 100),
            ],
        ),
        (
            "Low-E",
            &[
                ("6mm", 110, 75, 100),
                ("8mm", 120, 75, 100),
                ("10mm", 135, 75, 100),
                ("12mm", 152, 75, 100),
            ],
        ),
        (
            "Frosted",
            &[
                ("5mm", 60, 50, 70),
                ("6mm", 68, 50, 70),
                ("8mm", 76, 75, 100),
                ("10mm", 86, 75, 100),
            ],
        ),
        (
            "Reflective",
            &[
                ("6mm", 85, 75, 100),
                ("8mm", 95, 75, 100),
                ("10mm", 108, 75, 100),
            ],
        ),
        ("Patterned", &[("5mm", 55, 50, 70), ("6mm", 65, 50, 70)]),
    ];
    for (glass, thicknesses) in rows {
        table.insert(glass.to_owned(), variants(thicknesses));
    }
    Value::Object(table)
}

/// JSON text, so that key order counts in comparisons.
fn text(value: &Value) -> String {
    serde_json::to_string(value).expect("json")
}

async fn get(api: &Api, token: &str) -> Answer {
    let answer = api.get("/api/pricing-settings", token).await;
    answer.expect(200);
    answer
}

async fn put(api: &Api, token: &str, body: Value) -> Answer {
    api.send(
        reqwest::Method::PUT,
        "/api/pricing-settings",
        Some(token),
        Some(body),
    )
    .await
}

async fn me(api: &Api, token: &str) -> Value {
    api.get("/api/auth/me", token).await.data().clone()
}

#[tokio::test]
async fn the_first_get_seeds_the_default_table() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let reader = api.user_with(&admin, "reader", &["orders:view"]).await;

    let first = get(api, &reader).await;
    assert_eq!(first.message(), "Success");
    assert!(first.body.get("pagination").is_none());
    let settings = first.data();
    assert_eq!(
        keys(settings),
        [
            "_id",
            "singleton",
            "glassPrices",
            "holePriceEach",
            "notchPrice",
            "updatedBy",
            "createdAt",
            "updatedAt",
            "__v"
        ]
    );
    assert_eq!(settings["singleton"], true);
    assert_eq!(
        text(&settings["glassPrices"]),
        text(&default_glass_prices())
    );
    assert_eq!(text(&settings["holePriceEach"]), "50");
    assert_eq!(text(&settings["notchPrice"]), "100");
    assert_eq!(settings["updatedBy"], Value::Null);
    assert_eq!(settings["__v"], 0);

    // There is one document: later reads return it unchanged.
    let again = get(api, &admin).await;
    assert_eq!(again.data(), settings);
}

#[tokio::test]
async fn a_put_before_any_get_also_starts_from_the_defaults() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let editor = api.user_with(&admin, "editor", &["settings:manage"]).await;
    let editor_doc = me(api, &editor).await;

    let answer = put(api, &editor, json!({"holePriceEach": 60.5})).await;
    answer.expect(200);
    assert_eq!(answer.message(), "Pricing settings updated");
    let settings = answer.data();
    assert_eq!(
        text(&settings["glassPrices"]),
        text(&default_glass_prices())
    );
    assert_eq!(settings["holePriceEach"], 60.5);
    assert_eq!(settings["notchPrice"], 100);
    // updatedBy: exactly `_id`, `name` and the raw role string.
    assert_eq!(
        settings["updatedBy"],
        json!({"_id": editor_doc["_id"], "name": "editor", "role": editor_doc["role"]["_id"]})
    );
    assert!(settings["updatedBy"]["role"].is_string());
    assert_eq!(get(api, &admin).await.data(), settings);
}

#[tokio::test]
async fn a_put_replaces_glass_prices_wholesale_and_keeps_both_grinding_forms() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let seeded = get(api, &admin).await.data().clone();

    // Keys out of alphabetical order, a legacy number rate, an object rate, an extra key.
    let sent = json!({
        "Tinted": {
            "8mm": {"pricePerSqFt": 66.25, "grindingRate": 12, "note": "dropped"},
            "10mm": {"pricePerSqFt": 0, "grindingRate": {"polished": 100, "rough": 75, "bevel": 120.5}}
        },
        "Clear": {"3mm": {"pricePerSqFt": 36, "grindingRate": 0}},
        "Empty": {}
    });
    let answer = put(api, &admin, json!({"glassPrices": sent, "notchPrice": 0})).await;
    answer.expect(200);
    let expected = json!({
        "Tinted": {
            "8mm": {"pricePerSqFt": 66.25, "grindingRate": 12},
            "10mm": {"pricePerSqFt": 0, "grindingRate": {"polished": 100, "rough": 75, "bevel": 120.5}}
        },
        "Clear": {"3mm": {"pricePerSqFt": 36, "grindingRate": 0}},
        "Empty": {}
    });
    assert_eq!(text(&answer.data()["glassPrices"]), text(&expected));
    assert_eq!(answer.data()["notchPrice"], 0);
    assert_eq!(answer.data()["holePriceEach"], 50, "not sent, kept");
    assert_eq!(answer.data()["_id"], seeded["_id"]);
    assert_eq!(answer.data()["createdAt"], seeded["createdAt"]);

    // Both forms persist across a GET.
    let read = get(api, &admin).await;
    assert_eq!(text(&read.data()["glassPrices"]), text(&expected));
    assert_eq!(
        read.data()["glassPrices"]["Tinted"]["8mm"]["grindingRate"],
        12
    );
    assert_eq!(
        read.data()["glassPrices"]["Tinted"]["10mm"]["grindingRate"]["bevel"],
        120.5
    );

    // An empty body changes nothing but who updated it last.
    let editor = api.user_with(&admin, "editor", &["settings:manage"]).await;
    let empty = put(api, &editor, json!({})).await;
    empty.expect(200);
    assert_eq!(text(&empty.data()["glassPrices"]), text(&expected));
    assert_eq!(empty.data()["updatedBy"]["name"], "editor");

    // A populated ref whose worker is gone comes back null.
    let editor_id = me(api, &editor).await["_id"].clone();
    api.delete(
        &format!("/api/workers/{}", editor_id.as_str().expect("id")),
        &admin,
    )
    .await
    .expect(200);
    assert_eq!(get(api, &admin).await.data()["updatedBy"], Value::Null);

    // A new table replaces the old one entirely.
    let replaced = put(
        api,
        &admin,
        json!({"glassPrices": {"Frosted": {"5mm": {"pricePerSqFt": 61, "grindingRate": {"rough": 50}}}}}),
    )
    .await;
    assert_eq!(
        keys(&replaced.data()["glassPrices"]),
        ["Frosted".to_owned()]
    );
    let cleared = put(api, &admin, json!({"glassPrices": {}})).await;
    assert_eq!(cleared.data()["glassPrices"], json!({}));
    assert_eq!(get(api, &admin).await.data()["glassPrices"], json!({}));
}

#[tokio::test]
async fn bad_pricing_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let before = get(api, &admin).await.data().clone();
    let variant = |v: Value| json!({"glassPrices": {"Clear": {"5mm": v}}});
    let cases = [
        (
            variant(json!({"pricePerSqFt": -1, "grindingRate": 5})),
            "body.glassPrices.Clear.5mm.pricePerSqFt",
            "Too small: expected number to be >=0",
        ),
        (
            variant(json!({"grindingRate": 5})),
            "body.glassPrices.Clear.5mm.pricePerSqFt",
            "Invalid input: expected number, received undefined",
        ),
        (
            variant(json!({"pricePerSqFt": 5})),
            "body.glassPrices.Clear.5mm.grindingRate",
            "Invalid input",
        ),
        (
            variant(json!({"pricePerSqFt": 5, "grindingRate": "fast"})),
            "body.glassPrices.Clear.5mm.grindingRate",
            "Invalid input",
        ),
        (
            variant(json!({"pricePerSqFt": 5, "grindingRate": -2})),
            "body.glassPrices.Clear.5mm.grindingRate",
            "Invalid input",
        ),
        (
            variant(json!({"pricePerSqFt": 5, "grindingRate": {"rough": -1}})),
            "body.glassPrices.Clear.5mm.grindingRate",
            "Invalid input",
        ),
        (
            variant(json!({"pricePerSqFt": 5, "grindingRate": {"rough": "50"}})),
            "body.glassPrices.Clear.5mm.grindingRate",
            "Invalid input",
        ),
        (
            variant(json!(35)),
            "body.glassPrices.Clear.5mm",
            "Invalid input: expected object, received number",
        ),
        (
            json!({"glassPrices": {"Clear": []}}),
            "body.glassPrices.Clear",
            "Invalid input: expected record, received array",
        ),
        (
            json!({"glassPrices": null}),
            "body.glassPrices",
            "Invalid input: expected record, received null",
        ),
        (
            json!({"holePriceEach": "50"}),
            "body.holePriceEach",
            "Invalid input: expected number, received string",
        ),
        (
            json!({"notchPrice": -0.5}),
            "body.notchPrice",
            "Too small: expected number to be >=0",
        ),
    ];
    for (body, field, message) in cases {
        let answer = put(api, &admin, body.clone()).await;
        answer.expect(400);
        assert_eq!(answer.message(), "Validation failed");
        assert_eq!(
            answer.body["errors"],
            json!([{"field": field, "message": message}]),
            "{body}"
        );
    }
    assert_eq!(get(api, &admin).await.data(), &before);
}

/// `pricing:updated` carries the bare settings (no `{action, data}`) to the pricing room only.
#[tokio::test]
async fn pricing_updates_reach_the_pricing_room_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, room) in [("pricing", "join_pricing"), ("dash", "join_dashboard")] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, room, vec![]).await;
    }
    // Seeding on a GET announces nothing.
    get(api, &admin).await;
    assert_eq!(
        sockets
            .count_after("pricing", "pricing:updated", SETTLE)
            .await,
        0
    );

    let answer = put(api, &admin, json!({"holePriceEach": 55})).await;
    answer.expect(200);
    let received = sockets.expect_event("pricing", "pricing:updated").await;
    assert_eq!(received, vec![answer.data().clone()]);
    assert_eq!(received[0]["holePriceEach"], 55);
    assert!(received[0].get("action").is_none());
    assert_eq!(
        sockets.count_after("dash", "pricing:updated", SETTLE).await,
        0
    );
    // A refused PUT announces nothing.
    put(api, &admin, json!({"notchPrice": -1}))
        .await
        .expect(400);
    assert_eq!(
        sockets
            .count_after("pricing", "pricing:updated", SETTLE)
            .await,
        0
    );
}
