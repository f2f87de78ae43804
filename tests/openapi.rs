//! `GET /api/openapi.json` (issue 9): the box describes its own API, generated from the route
//! table. It must cover every path and method of the contract's OpenAPI document and be valid
//! enough for tools (schemathesis reads it in `scripts/fuzz`).

mod common;

use common::TestServer;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Operations of the contract the box deliberately does not serve, each with its reason.
/// The test also checks that each is really absent, so this list cannot go stale.
const NOT_SERVED: &[(&str, &str, &str)] = &[(
    "delete",
    "/api/roles",
    "upstream has no bulk role delete (core.md §1.10, §16 #23): it stays 404",
)];

fn contract() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/contract/openapi.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("read the contract at {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the contract is JSON")
}

/// A path by segment shape: every `{name}` becomes `{}` (`{paneNumber}` and `{id}` are the
/// same route), and literal segments compare case-insensitively as the router does.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}".to_owned()
            } else {
                segment.to_ascii_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// (method, path shape) of every operation in a document.
fn operations(document: &Value) -> BTreeSet<(String, String)> {
    let paths = document["paths"].as_object().expect("paths is an object");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(move |method| ((*method).to_owned(), shape(path)))
        })
        .collect()
}

async fn served_document(server: &TestServer) -> Value {
    let answer = server
        .api
        .send(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    answer.expect(200);
    let content_type = answer.headers["content-type"].to_str().unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    answer.body
}

#[tokio::test]
async fn the_served_document_covers_every_operation_of_the_contract() {
    let server = TestServer::start().await;
    let served = operations(&served_document(&server).await);
    let contract = operations(&contract());
    assert!(contract.len() > 100, "the contract has {}", contract.len());

    let not_served: BTreeSet<(String, String)> = NOT_SERVED
        .iter()
        .map(|(method, path, _)| ((*method).to_owned(), shape(path)))
        .collect();
    let missing: Vec<_> = contract
        .difference(&served)
        .filter(|op| !not_served.contains(*op))
        .collect();
    assert!(missing.is_empty(), "operations not described: {missing:?}");

    // The exceptions are real: not in the document, and not routed either.
    let admin = server.admin_token().await;
    for (method, path, why) in NOT_SERVED {
        let op = ((*method).to_owned(), shape(path));
        assert!(
            !served.contains(&op),
            "{method} {path} is served now: {why}"
        );
        let answer = server
            .api
            .send(
                method.to_ascii_uppercase().parse().expect("method"),
                path,
                Some(&admin),
                Some(serde_json::json!({"ids": ["000000000000000000000000"]})),
            )
            .await;
        assert_eq!(answer.status.as_u16(), 404, "{method} {path}: {why}");
    }
    server.stop().await;
}

/// The document lists exactly the route table, so it cannot drift from what the box serves.
#[tokio::test]
async fn the_served_document_is_the_route_table() {
    let server = TestServer::start().await;
    let served = operations(&served_document(&server).await);
    let table: BTreeSet<(String, String)> = stdplus::http::routes::table()
        .iter()
        .map(|r| {
            (
                r.method_name.to_ascii_lowercase(),
                shape(&format!("/api{}", r.path)),
            )
        })
        .collect();
    assert_eq!(served, table);
    server.stop().await;
}

#[tokio::test]
async fn the_served_document_is_valid_enough_for_tools() {
    let server = TestServer::start().await;
    let doc = served_document(&server).await;
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3.0."), "{version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");

    let paths = doc["paths"].as_object().expect("paths");
    let mut operation_ids = BTreeSet::new();
    for (path, item) in paths {
        assert!(path.starts_with("/api/"), "{path}");
        let names: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let item = item.as_object().expect("path item");
        assert!(!item.is_empty(), "{path} has no operation");
        for (method, op) in item {
            assert!(METHODS.contains(&method.as_str()), "{path}: {method}");
            let what = format!("{method} {path}");
            let id = op["operationId"].as_str().expect("operationId");
            assert!(
                operation_ids.insert(id.to_owned()),
                "{what}: duplicate {id}"
            );

            // Every brace of the path is a required path parameter, and nothing else is.
            let params: BTreeSet<&str> = op["parameters"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .inspect(|p| {
                            assert_eq!(p["in"], "path", "{what}");
                            assert_eq!(p["required"], true, "{what}");
                        })
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(params, names, "{what}: path parameters");

            let responses = op["responses"].as_object().expect("responses");
            assert!(responses.contains_key("2XX"), "{what}");
            for code in ["4XX", "5XX"] {
                assert_eq!(
                    responses[code]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/Error",
                    "{what}: {code}"
                );
            }

            let public = op["x-guard"]["kind"] == "public";
            assert_eq!(op.get("security").is_none(), public, "{what}: security");
            if !public {
                assert_eq!(op["security"][0]["bearer"], serde_json::json!([]), "{what}");
                assert!(responses.contains_key("401"), "{what}");
            }
            if ["post", "put", "patch"].contains(&method.as_str()) {
                let schema = &op["requestBody"]["content"]["application/json"]["schema"];
                assert!(schema.is_object(), "{what}: request body");
            }
        }
    }
    // Spot checks of guards from the table.
    let guard = |path: &str, method: &str| paths[path][method]["x-guard"].clone();
    assert_eq!(guard("/api/health", "get")["kind"], "public");
    assert_eq!(guard("/api/openapi.json", "get")["kind"], "public");
    assert_eq!(guard("/api/auth/me", "get")["kind"], "auth");
    assert_eq!(
        guard("/api/workers", "post"),
        serde_json::json!({"kind": "all", "permissions": ["users:manage"]})
    );
    assert_eq!(guard("/api/panes/{id}/scan", "post")["kind"], "scan");

    // Every $ref points at a component that exists.
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = reference.split('"').next().unwrap_or_default();
        let pointer = target.trim_start_matches('#');
        assert!(doc.pointer(pointer).is_some(), "dangling $ref {target}");
    }
    server.stop().await;
}
