//! The route guards (core.md §3.4, §3.5) against the real server: for every route the box
//! serves, who gets in, who gets a 403 and who gets a 401, with the guard subtleties (ALL ignores
//! the role slug, ANY accepts it, `+st` admits station users, legacy slug roles) and the guard
//! order of §1.5 (401 → 403 → 400).

#[path = "guards/catalog.rs"]
mod catalog;
mod common;
#[path = "guards/connect.rs"]
mod connect;
#[path = "guards/floor.rs"]
mod floor;
#[path = "guards/labels.rs"]
mod labels;
#[path = "guards/people.rs"]
mod people;
#[path = "guards/production.rs"]
mod production;
#[path = "guards/qr.rs"]
mod qr;
#[path = "guards/requests.rs"]
mod requests;
#[path = "guards/stock.rs"]
mod stock;

use common::{Answer, Api, TestServer};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

const MISSING: &str = "000000000000000000000000";

/// Who calls a route.
#[derive(Clone, Copy, Debug)]
enum Caller {
    /// A worker whose role (a stored role with a name-derived slug) holds these permissions.
    Perms(&'static [&'static str]),
    /// A worker whose stored role has this exact slug and these permissions.
    Slug(&'static str, &'static [&'static str]),
    /// A worker whose `role` is this legacy string rather than a role id (§3.3).
    Legacy(&'static str),
    /// A paired device of this kind: `"station"` (a kiosk at the long-lived station) or
    /// `"board"`.
    Device(&'static str),
}

/// The guard of a route, with the callers that must pass and the callers that must fail.
#[derive(Clone, Copy, Debug)]
enum Access {
    Public,
    /// Any valid token.
    Auth,
    Guarded {
        allowed: &'static [Caller],
        denied: &'static [Caller],
    },
    /// Any valid token passes the guard, but only a device's gets the answer: a worker's
    /// token is `404 This token is not a device` (`/devices/me`).
    DeviceOnly,
}

/// What a path's `{id}` stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    None,
    /// A long-lived worker (reads and patches).
    Worker,
    /// A long-lived non-system role that nobody holds (reads and patches).
    Role,
    /// A worker created for the call (deletes).
    FreshWorker,
    /// A role created for the call (deletes).
    FreshRole,
    /// A long-lived document of this collection (`"stations"`, …), for reads and patches.
    Doc(&'static str),
    /// A document of this collection created for the call (deletes).
    FreshDoc(&'static str),
    /// A notification addressed to the caller (routes where only the recipient may act).
    OwnNotification,
    /// An order assigned to the caller (order PATCH: non-managers may patch only their own).
    OwnOrder,
    /// A pane routed through [`production::SCAN_STATION`], by number (scan routes).
    PaneNumber,
    /// A claim reported by the caller (claim GET and PATCH: others need `claims:manage`).
    OwnClaim,
    /// An order released with one pane, so that it has a label (created once).
    ReleasedOrder,
    /// No `{id}`: this query string is appended to the path (`?station=…`).
    Query(&'static str),
    /// The route's singleton document (pricing settings): no `{id}`, but compared around calls.
    Singleton,
}

struct Case {
    method: &'static str,
    /// The path under `/api` as the route table writes it (`/workers/{id}`).
    route: &'static str,
    target: Target,
    /// The body for the n-th call (bodies that create things must be unique).
    body: fn(usize) -> Option<Value>,
    access: Access,
    /// The status an allowed caller gets.
    ok: u16,
}

// ---------------------------------------------------------------------------------------------
// Callers for the three guarded families of these routes.

/// Anyone with a token: the AUTH routes must admit all of these.
const ANYONE: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("manager"),
    Caller::Legacy("worker"),
    Caller::Perms(&["*"]),
];

/// Both kinds of paired device.
const DEVICES: &[Caller] = &[Caller::Device("station"), Caller::Device("board")];

/// A guarded route's callers: who must pass and who must be refused.
const fn guarded(allowed: &'static [Caller], denied: &'static [Caller]) -> Access {
    Access::Guarded { allowed, denied }
}

/// One route's case, in the order the case tables write them.
fn case(
    method: &'static str,
    route: &'static str,
    target: Target,
    body: fn(usize) -> Option<Value>,
    access: Access,
    ok: u16,
) -> Case {
    Case {
        method,
        route,
        target,
        body,
        access,
        ok,
    }
}

/// A bulk delete of one id that names nothing (the guard, not the data, is under test).
fn bulk(_: usize) -> Option<Value> {
    Some(json!({"ids": [MISSING]}))
}

fn no_body(_: usize) -> Option<Value> {
    None
}

fn empty_object(_: usize) -> Option<Value> {
    Some(json!({}))
}

/// A case body that is not JSON: [`Session::call`] sends these bytes with this Content-Type.
fn raw_body(content_type: &str, bytes: &[u8]) -> Value {
    json!({"$raw": {"contentType": content_type, "hex": hex::encode(bytes)}})
}

/// The Content-Type and bytes of a [`raw_body`].
fn raw_parts(body: &Value) -> Option<(String, Vec<u8>)> {
    let raw = body.get("$raw")?;
    let content_type = raw["contentType"].as_str()?.to_owned();
    let bytes = hex::decode(raw["hex"].as_str()?).ok()?;
    Some((content_type, bytes))
}

fn cases() -> Vec<Case> {
    let mut cases = people::cases();
    cases.extend(stock::cases());
    cases.extend(catalog::cases());
    cases.extend(requests::cases());
    cases.extend(production::cases());
    cases.extend(qr::cases());
    cases.extend(connect::cases());
    cases.extend(floor::cases());
    cases.extend(labels::cases());
    cases
}

// ---------------------------------------------------------------------------------------------
// The session: one server, its admin, and the callers made so far.

fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).expect("an HTTP method")
}

fn forbidden() -> Value {
    json!({"success": false, "message": "Not authorized for this action"})
}

fn not_authenticated() -> Value {
    json!({"success": false, "message": "Not authenticated"})
}

/// Panics on any 5xx; the server must never answer these requests with a server error.
#[track_caller]
fn no_server_error(answer: Answer, what: &str) -> Answer {
    assert!(
        !answer.status.is_server_error(),
        "{what}: server error {}: {}",
        answer.status,
        answer.body
    );
    answer
}

/// A label printer on 127.0.0.1 that reads and forgets every job; returns its port.
async fn printer_sink() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut job = Vec::new();
                let _ = tokio::io::AsyncReadExt::read_to_end(&mut socket, &mut job).await;
            });
        }
    });
    port
}

/// An allowed call's answer: the success envelope, or a label (SVG, PDF) for the routes that
/// answer with one.
#[track_caller]
fn assert_success(answer: &Answer, what: &str) {
    let content_type = answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("image/svg+xml") || content_type == "application/pdf" {
        return;
    }
    // The API's own description is an OpenAPI document, not an envelope.
    if let Some(version) = answer.body["openapi"].as_str() {
        assert!(version.starts_with("3.0."), "{what}: {version}");
        return;
    }
    assert_eq!(answer.body["success"], true, "{what}");
}

struct Session {
    server: TestServer,
    admin: String,
    tokens: HashMap<String, String>,
    counter: usize,
    worker: String,
    role: String,
    /// Long-lived documents by collection.
    docs: HashMap<&'static str, String>,
    /// The port of a label printer that takes every job (the session's printers point at it).
    printer_port: u16,
}

/// The collections whose totals must not change when a call is refused.
const COUNTED: &[&str] = &[
    "workers",
    "roles",
    "customers",
    "materials",
    "inventories",
    "material-logs",
    "withdrawals",
    "requests",
    "orders",
    "claims",
    "production-logs",
    "notifications",
    "station-templates",
    "stations",
    "devices",
    "cameras",
    "job-types",
    "sticker-templates",
    "printers",
];

impl Session {
    async fn start() -> Session {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        let mut session = Session {
            server,
            admin,
            tokens: HashMap::new(),
            counter: 0,
            worker: String::new(),
            role: String::new(),
            docs: HashMap::new(),
            printer_port: printer_sink().await,
        };
        session.worker = session.new_worker("target").await;
        session.role = session.new_role("Target role").await;
        session
    }

    fn api(&self) -> &Api {
        &self.server.api
    }

    fn next(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    async fn call(
        &self,
        method_name: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let url = format!("/api{path}");
        let answer = match body.as_ref().and_then(raw_parts) {
            Some((content_type, bytes)) => {
                self.api()
                    .send_bytes(method(method_name), &url, token, &content_type, bytes)
                    .await
            }
            None => {
                self.api()
                    .send(method(method_name), &url, token, body)
                    .await
            }
        };
        no_server_error(answer, &format!("{method_name} {path}"))
    }

    async fn new_worker(&mut self, prefix: &str) -> String {
        let n = self.next();
        let created = self
            .api()
            .post(
                "/api/workers",
                &self.admin,
                json!({"name": format!("{prefix} {n}"), "username": format!("{prefix}{n}"), "password": "secret1", "position": "operator"}),
            )
            .await;
        created.expect(201);
        created.data()["_id"]
            .as_str()
            .expect("worker id")
            .to_owned()
    }

    async fn new_role(&mut self, prefix: &str) -> String {
        let n = self.next();
        let created = self
            .api()
            .post(
                "/api/roles",
                &self.admin,
                json!({"name": format!("{prefix} {n}"), "permissions": ["orders:view"]}),
            )
            .await;
        created.expect(201);
        created.data()["_id"].as_str().expect("role id").to_owned()
    }

    /// A token for `caller`, creating its role and worker on first use.
    async fn token(&mut self, caller: Caller) -> String {
        let key = format!("{caller:?}");
        if let Some(token) = self.tokens.get(&key) {
            return token.clone();
        }
        let n = self.next();
        if let Caller::Device(kind) = caller {
            let mut body = json!({"name": format!("Screen {n}"), "kind": kind});
            if kind == "station" {
                body["station"] = json!(self.doc_id("stations").await);
            }
            let paired = self.api().post("/api/devices", &self.admin, body).await;
            paired.expect(201);
            let token = paired.data()["token"].as_str().expect("a token").to_owned();
            self.tokens.insert(key, token.clone());
            return token;
        }
        let role = match caller {
            Caller::Perms(permissions) => {
                let created = self
                    .api()
                    .post(
                        "/api/roles",
                        &self.admin,
                        json!({"name": format!("Caller role {n}"), "permissions": permissions}),
                    )
                    .await;
                created.expect(201);
                created.data()["_id"].as_str().expect("role id").to_owned()
            }
            Caller::Slug(slug, permissions) => {
                let created = self
                    .api()
                    .post(
                        "/api/roles",
                        &self.admin,
                        json!({"name": format!("Slug role {n}"), "slug": slug, "permissions": permissions}),
                    )
                    .await;
                created.expect(201);
                assert_eq!(created.data()["slug"], slug, "the slug is kept as given");
                created.data()["_id"].as_str().expect("role id").to_owned()
            }
            Caller::Legacy(slug) => slug.to_owned(),
            Caller::Device(_) => unreachable!("devices are paired above"),
        };
        let username = format!("caller{n}");
        self.api()
            .post(
                "/api/workers",
                &self.admin,
                json!({"name": format!("Caller {n}"), "username": username, "password": "secret1", "position": "operator", "role": role}),
            )
            .await
            .expect(201);
        let token = self.api().token(&username, "secret1").await;
        self.tokens.insert(key, token.clone());
        token
    }

    /// Counts of every collection in [`COUNTED`], to prove that refused calls wrote nothing.
    async fn totals(&self) -> Vec<u64> {
        let mut totals = Vec::new();
        for collection in COUNTED {
            let list = self
                .api()
                .get(&format!("/api/{collection}?limit=1000"), &self.admin)
                .await;
            list.expect(200);
            totals.push(
                list.body["pagination"]["total"]
                    .as_u64()
                    .expect("a list total"),
            );
        }
        totals
    }

    /// The stored document a path points at (by the admin): `/<collection>/<id>`, or the
    /// singleton at the route itself.
    async fn document(&self, route: &str, id: &str) -> Value {
        let collection = route.split('/').nth(1).unwrap_or("");
        let path = if id.starts_with('?') {
            format!("/api{route}{id}")
        } else if route.contains("{id}") {
            format!("/api/{collection}/{id}")
        } else {
            format!("/api{route}")
        };
        let answer = self.api().get(&path, &self.admin).await;
        answer.expect(200);
        answer.data().clone()
    }

    /// Creates a document of `collection` (as the admin) and returns its id.
    async fn new_doc(&mut self, collection: &'static str, recipient: Option<&str>) -> String {
        let n = self.next();
        let body = match collection {
            "station-templates" => json!({"name": format!("Template {n}"), "uiSchema": {"n": n}}),
            "stations" => {
                let template = self.doc_id("station-templates").await;
                json!({"name": format!("Station {n}"), "templateId": template})
            }
            "devices" => {
                let body = json!({"name": format!("Victim screen {n}"), "kind": "board"});
                let paired = self.api().post("/api/devices", &self.admin, body).await;
                paired.expect(201);
                return paired.data()["device"]["_id"]
                    .as_str()
                    .expect("an id")
                    .to_owned();
            }
            "cameras" => {
                let station = self.doc_id("stations").await;
                // A disabled camera: the guard harness configures, it does not capture.
                json!({"name": format!("Camera {n}"), "device": "/dev/video-auto",
                       "station": station, "enabled": false})
            }
            "job-types" => json!({"name": format!("Job {n}"), "code": format!("JOB-{n}")}),
            "sticker-templates" => {
                json!({"name": format!("Sticker {n}"), "width": 50, "height": 30})
            }
            "printers" => json!({"name": format!("Printer {n}"), "kind": "zpl",
                "host": "127.0.0.1", "port": self.printer_port, "labelWidthMm": 60,
                "labelHeightMm": 40}),
            "notifications" => {
                let recipient = recipient.unwrap_or(&self.worker);
                json!({"recipient": recipient, "type": "info", "title": format!("Note {n}")})
            }
            "customers" => json!({"name": format!("Guard customer {n}")}),
            "requests" => {
                let customer = self.doc_id("customers").await;
                json!({"details": {"type": "cut", "quantity": 1}, "customer": customer})
            }
            "materials" => {
                json!({"name": format!("Guard material {n}"), "unit": "sheet", "reorderPoint": 0})
            }
            "inventories" => {
                let material = self.doc_id("materials").await;
                json!({"material": material, "stockType": "Raw", "quantity": 1_000_000, "location": format!("Guard home {n}")})
            }
            "material-logs" => {
                let material = self.stock_material().await;
                json!({"material": material, "actionType": "import", "quantityChanged": 1})
            }
            "withdrawals" => {
                let material = self.stock_material().await;
                json!({"withdrawnBy": self.worker, "material": material, "quantity": 1, "stockType": "Raw"})
            }
            "panes" => json!({"jobType": format!("Guard pane {n}")}),
            "production-logs" => {
                let pane = self.doc_id("panes").await;
                let order = self.doc_id("orders").await;
                json!({"pane": pane, "order": order, "station": production::SCAN_STATION, "action": "start"})
            }
            "claims" => {
                let order = self.doc_id("orders").await;
                let material = self.stock_material().await;
                let reporter = recipient.unwrap_or(&self.worker).to_owned();
                let created = self
                    .api()
                    .post(
                        &format!("/api/orders/{order}/claims"),
                        &self.admin,
                        json!({"source": "customer", "material": material, "description": format!("Claim {n}"), "reportedBy": reporter}),
                    )
                    .await;
                created.expect(201);
                return created.data()["_id"].as_str().expect("an id").to_owned();
            }
            "orders" => {
                let customer = self.doc_id("customers").await;
                let material = self.stock_material().await;
                let mut body = json!({"customer": customer, "material": material, "quantity": 1});
                if let Some(recipient) = recipient {
                    body["assignedTo"] = json!(recipient);
                }
                body
            }
            other => panic!("no recipe for {other}"),
        };
        let created = self
            .api()
            .post(&format!("/api/{collection}"), &self.admin, body)
            .await;
        created.expect(201);
        created.data()["_id"].as_str().expect("an id").to_owned()
    }

    /// The long-lived document of `collection`, created on first use.
    async fn doc_id(&mut self, collection: &'static str) -> String {
        if let Some(id) = self.docs.get(collection) {
            return id.clone();
        }
        let id = Box::pin(self.new_doc(collection, None)).await;
        self.docs.insert(collection, id.clone());
        id
    }

    /// An order released to the session's station with one pane, created once.
    async fn released_order(&mut self) -> String {
        if let Some(id) = self.docs.get("released-order") {
            return id.clone();
        }
        let order = self.new_doc("orders", None).await;
        let station = self.doc_id("stations").await;
        self.api()
            .post(
                &format!("/api/orders/{order}/release"),
                &self.admin,
                json!({"stations": [station], "quantity": 1}),
            )
            .await
            .expect(200);
        self.docs.insert("released-order", order.clone());
        order
    }

    /// The number of a pane with an order and a material (`"{claim-pane}"`), created once.
    async fn claim_pane(&mut self) -> String {
        if let Some(number) = self.docs.get("claim-pane") {
            return number.clone();
        }
        let order = self.doc_id("orders").await;
        let material = self.stock_material().await;
        let created = self
            .api()
            .post(
                "/api/panes",
                &self.admin,
                json!({"order": order, "material": material}),
            )
            .await;
        created.expect(201);
        let number = created.data()["paneNumber"]
            .as_str()
            .expect("a number")
            .to_owned();
        self.docs.insert("claim-pane", number.clone());
        number
    }

    /// The material that case bodies name as `"{material}"`, with plenty of Raw stock.
    async fn stock_material(&mut self) -> String {
        let material = self.doc_id("materials").await;
        self.doc_id("inventories").await;
        material
    }

    /// A body with its placeholders (`"{worker}"`, `"{station-templates}"`) replaced by ids.
    async fn resolve(&mut self, body: Option<Value>) -> Option<Value> {
        let mut body = body?;
        if let Some(fields) = body.as_object_mut() {
            for value in fields.values_mut() {
                let placeholder = value
                    .as_str()
                    .and_then(|t| t.strip_prefix('{')?.strip_suffix('}'));
                let id = match placeholder {
                    Some("worker") => self.worker.clone(),
                    Some("station-templates") => self.doc_id("station-templates").await,
                    Some("material") => self.stock_material().await,
                    Some("customers") => self.doc_id("customers").await,
                    Some("stations") => self.doc_id("stations").await,
                    Some("orders") => self.doc_id("orders").await,
                    Some("panes") => self.doc_id("panes").await,
                    Some("claim-pane") => self.claim_pane().await,
                    Some("printers") => self.doc_id("printers").await,
                    Some("route") => {
                        *value = json!([self.doc_id("stations").await]);
                        continue;
                    }
                    _ => continue,
                };
                *value = json!(id);
            }
        }
        Some(body)
    }

    async fn target_id(&mut self, target: Target) -> Option<String> {
        match target {
            Target::None => None,
            Target::Worker => Some(self.worker.clone()),
            Target::Role => Some(self.role.clone()),
            Target::FreshWorker => Some(self.new_worker("victim").await),
            Target::FreshRole => Some(self.new_role("Victim role").await),
            Target::Doc(collection) => Some(self.doc_id(collection).await),
            Target::FreshDoc(collection) => Some(self.new_doc(collection, None).await),
            // Without a caller: someone else's notification.
            Target::OwnNotification => Some(self.new_doc("notifications", None).await),
            // Without a caller: an order assigned to nobody.
            Target::OwnOrder => Some(self.new_doc("orders", None).await),
            Target::OwnClaim => Some(self.new_doc("claims", None).await),
            Target::Singleton => Some(String::new()),
            Target::ReleasedOrder => Some(self.released_order().await),
            Target::Query(query) => Some(query.to_owned()),
            Target::PaneNumber => {
                let created = self
                    .api()
                    .post(
                        "/api/panes",
                        &self.admin,
                        json!({"routing": [production::SCAN_STATION]}),
                    )
                    .await;
                created.expect(201);
                created.data()["paneNumber"].as_str().map(str::to_owned)
            }
        }
    }

    /// As [`Session::target_id`], for a call by the holder of `token`.
    async fn target_for(&mut self, target: Target, token: &str) -> Option<String> {
        if let Target::OwnNotification = target {
            let me = self.api().get("/api/auth/me", token).await;
            me.expect(200);
            let id = me.data()["_id"].as_str().expect("my id").to_owned();
            return Some(self.new_doc("notifications", Some(&id)).await);
        }
        if let Target::OwnOrder | Target::OwnClaim = target {
            let me = self.api().get("/api/auth/me", token).await;
            me.expect(200);
            let id = me.data()["_id"].as_str().expect("my id").to_owned();
            let collection = if target == Target::OwnOrder {
                "orders"
            } else {
                "claims"
            };
            return Some(self.new_doc(collection, Some(&id)).await);
        }
        self.target_id(target).await
    }
}

fn fill(route: &str, id: Option<&str>) -> String {
    match id {
        Some(query) if query.starts_with('?') => format!("{route}{query}"),
        Some(id) => route.replace("{id}", id),
        None => route.to_owned(),
    }
}

/// Runs every case whose route starts with one of `prefixes`.
async fn run_cases(prefixes: &[&str]) {
    let mut s = Session::start().await;
    s.stock_material().await;
    let mut checked = 0;
    for case in cases()
        .into_iter()
        .filter(|c| prefixes.iter().any(|p| c.route.starts_with(p)))
    {
        let what = format!("{} {}", case.method, case.route);
        let allowed: &[Caller] = match case.access {
            Access::Public => &[],
            Access::Auth => ANYONE,
            Access::DeviceOnly => DEVICES,
            Access::Guarded { allowed, .. } => allowed,
        };

        // Public routes: no token, and a garbage token is not even looked at.
        if let Access::Public = case.access {
            for token in [None, Some("garbage.token.here")] {
                let n = s.next();
                let path = fill(case.route, s.target_id(case.target).await.as_deref());
                let body = s.resolve((case.body)(n)).await;
                let answer = s.call(case.method, &path, token, body).await;
                assert_eq!(
                    answer.status.as_u16(),
                    case.ok,
                    "{what} (public, token {token:?}): {}",
                    answer.body
                );
                checked += 1;
            }
            continue;
        }

        // Without a token: 401, whatever the body, and nothing is written.
        {
            let n = s.next();
            let id = s.target_id(case.target).await;
            let path = fill(case.route, id.as_deref());
            // Resolving may create what the body names: before the totals are taken.
            let body = s.resolve((case.body)(n)).await;
            let before = s.totals().await;
            let doc = match &id {
                Some(id) => s.document(case.route, id).await,
                None => Value::Null,
            };
            let answer = s.call(case.method, &path, None, body).await;
            assert_eq!(answer.status.as_u16(), 401, "{what} without a token");
            assert_eq!(answer.body, not_authenticated(), "{what} without a token");
            assert_eq!(s.totals().await, before, "{what} without a token wrote");
            if let Some(id) = &id {
                assert_eq!(
                    s.document(case.route, id).await,
                    doc,
                    "{what}: 401 changed it"
                );
            }
            checked += 1;
        }

        for caller in allowed {
            let token = s.token(*caller).await;
            let n = s.next();
            let path = fill(
                case.route,
                s.target_for(case.target, &token).await.as_deref(),
            );
            let body = s.resolve((case.body)(n)).await;
            let answer = s.call(case.method, &path, Some(&token), body).await;
            assert_eq!(
                answer.status.as_u16(),
                case.ok,
                "{what} by allowed {caller:?}: {}",
                answer.body
            );
            assert_success(&answer, &format!("{what} by {caller:?}"));
            checked += 1;
        }

        if let Access::Guarded { denied, .. } = case.access {
            // One victim for all denied callers: none of them may touch it.
            let id = s.target_id(case.target).await;
            let path = fill(case.route, id.as_deref());
            for caller in denied {
                let token = s.token(*caller).await;
                let n = s.next();
                let before = s.totals().await;
                let doc = match &id {
                    Some(id) => s.document(case.route, id).await,
                    None => Value::Null,
                };
                let body = s.resolve((case.body)(n)).await;
                let answer = s.call(case.method, &path, Some(&token), body).await;
                assert_eq!(
                    answer.status.as_u16(),
                    403,
                    "{what} by denied {caller:?}: {}",
                    answer.body
                );
                let expected = if case.route.contains("scan") {
                    json!({"success": false, "message": "Not authorized to scan at this station"})
                } else {
                    forbidden()
                };
                assert_eq!(answer.body, expected, "{what} by denied {caller:?}");
                assert_eq!(s.totals().await, before, "{what}: 403 wrote ({caller:?})");
                if let Some(id) = &id {
                    assert_eq!(
                        s.document(case.route, id).await,
                        doc,
                        "{what}: 403 changed the target ({caller:?})"
                    );
                }
                checked += 1;
            }
        }
        if let Access::DeviceOnly = case.access {
            for caller in ANYONE {
                let token = s.token(*caller).await;
                let answer = s.call(case.method, case.route, Some(&token), None).await;
                assert_eq!(answer.status.as_u16(), 404, "{what} by worker {caller:?}");
                assert_eq!(
                    answer.body,
                    json!({"success": false, "message": "This token is not a device"}),
                    "{what} by worker {caller:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no case matched {prefixes:?}");
    s.server.stop().await;
}

#[tokio::test]
async fn health_and_auth_routes_follow_the_guard_table() {
    run_cases(&["/health", "/openapi.json", "/auth/"]).await;
}

#[tokio::test]
async fn worker_routes_follow_the_guard_table() {
    run_cases(&["/workers"]).await;
}

#[tokio::test]
async fn role_routes_follow_the_guard_table() {
    run_cases(&["/roles"]).await;
}

#[tokio::test]
async fn notification_routes_follow_the_guard_table() {
    run_cases(&["/notifications"]).await;
}

#[tokio::test]
async fn station_and_template_routes_follow_the_guard_table() {
    run_cases(&["/station-templates", "/stations"]).await;
}

#[tokio::test]
async fn device_routes_follow_the_guard_table() {
    run_cases(&["/devices"]).await;
}

#[tokio::test]
async fn camera_routes_follow_the_guard_table() {
    run_cases(&["/cameras"]).await;
}

#[tokio::test]
async fn request_and_dashboard_routes_follow_the_guard_table() {
    run_cases(&["/requests", "/dashboard"]).await;
}

#[tokio::test]
async fn job_type_sticker_and_pricing_routes_follow_the_guard_table() {
    run_cases(&["/job-types", "/sticker-templates", "/pricing-settings"]).await;
}

#[tokio::test]
async fn claim_routes_follow_the_guard_table() {
    run_cases(&["/claims", "/orders/{id}/claims"]).await;
}

#[tokio::test]
async fn production_and_pane_log_routes_follow_the_guard_table() {
    run_cases(&["/production-logs", "/pane-logs"]).await;
}

#[tokio::test]
async fn scan_routes_follow_the_guard_table() {
    run_cases(&["/panes/{id}/scan", "/panes/batch-scan"]).await;
}

#[tokio::test]
async fn pane_routes_follow_the_guard_table() {
    run_cases(&["/panes"]).await;
}

#[tokio::test]
async fn order_routes_follow_the_guard_table() {
    run_cases(&["/orders"]).await;
}

#[tokio::test]
async fn qr_routes_follow_the_guard_table() {
    run_cases(&["/qr/"]).await;
}

#[tokio::test]
async fn printer_routes_follow_the_guard_table() {
    run_cases(&["/printers"]).await;
}

#[tokio::test]
async fn connect_routes_follow_the_guard_table() {
    run_cases(&["/connect"]).await;
}

#[tokio::test]
async fn floor_routes_follow_the_guard_table() {
    run_cases(&["/stations/{id}/queue", "/board"]).await;
}

/// Every route of the box's table has a case here, and every case names a route of the table:
/// a new route cannot slip in without its guard being tested.
#[test]
fn the_guard_cases_cover_exactly_the_route_table() {
    let table: BTreeSet<(String, String)> = stdplus::http::routes::table()
        .iter()
        .map(|r| (r.method_name.to_owned(), r.path.to_owned()))
        .collect();
    let covered: BTreeSet<(String, String)> = cases()
        .iter()
        .map(|c| (c.method.to_owned(), c.route.to_owned()))
        .collect();
    let untested: Vec<_> = table.difference(&covered).collect();
    let unrouted: Vec<_> = covered.difference(&table).collect();
    assert!(
        untested.is_empty(),
        "routes without a guard case: {untested:?}"
    );
    assert!(
        unrouted.is_empty(),
        "cases for routes that do not exist: {unrouted:?}"
    );
}

/// Every route in the table answers (never the `Not found: …` of unknown routes), and the
/// routes upstream does not have stay 404.
#[tokio::test]
async fn every_route_of_the_table_is_reachable() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let routes = stdplus::http::routes::table();
    assert!(!routes.is_empty());
    for route in &routes {
        let path = format!("/api{}", route.path.replace("{id}", MISSING));
        let body = (route.method_name != "GET").then(|| json!({}));
        let answer = no_server_error(
            server
                .api
                .send(method(route.method_name), &path, Some(&admin), body)
                .await,
            &path,
        );
        assert!(
            !answer.message().starts_with("Not found:"),
            "{} {path} is not routed: {}",
            route.method_name,
            answer.body
        );
    }
    // The docs' bulk role delete is not a route (§1.10, §16 #23).
    let bulk = server
        .api
        .delete_with("/api/roles", &admin, json!({"ids": [MISSING]}))
        .await;
    bulk.expect(404);
    assert_eq!(bulk.message(), "Not found: DELETE /api/roles");
    server.stop().await;
}

/// §3.4: ALL ignores the slug, ANY accepts it, G admits only `admin` among slugs, `+st` admits
/// any `station:enter:` permission, and legacy slugs resolve to fixed permissions (§3.3).
#[tokio::test]
async fn guard_kinds_treat_slugs_and_station_permissions_as_specified() {
    let mut s = Session::start().await;

    // A role whose slug is `roles:manage` and which holds nothing passes ANY(admin, roles:manage)…
    let slug_roles = s.token(Caller::Slug("roles:manage", &[])).await;
    let made = s
        .call(
            "POST",
            "/roles",
            Some(&slug_roles),
            Some(json!({"name": "By slug"})),
        )
        .await;
    made.expect(201);
    // …but ALL(users:manage) ignores slugs, even one equal to the permission.
    let slug_users = s.token(Caller::Slug("users:manage", &[])).await;
    let refused = s
        .call(
            "POST",
            "/workers",
            Some(&slug_users),
            Some(json!({"name": "X", "username": "x-by-slug", "password": "secret1", "position": "p"})),
        )
        .await;
    refused.expect(403);
    assert_eq!(refused.body, forbidden());
    // The station-aware guard does not look at slugs either (only `admin`).
    let slug_view = s.token(Caller::Slug("users:view", &[])).await;
    s.call("GET", "/workers", Some(&slug_view), None)
        .await
        .expect(403);

    // A role holding only `station:enter:<anything>` passes `G[…] +st` and nothing else.
    let station = s.token(Caller::Perms(&["station:enter:whatever-id"])).await;
    s.call("GET", "/workers", Some(&station), None)
        .await
        .expect(200);
    let worker_path = format!("/workers/{}", s.worker);
    s.call("GET", &worker_path, Some(&station), None)
        .await
        .expect(200);
    s.call(
        "PATCH",
        &worker_path,
        Some(&station),
        Some(json!({"position": "x"})),
    )
    .await
    .expect(403);
    s.call(
        "POST",
        "/roles",
        Some(&station),
        Some(json!({"name": "nope"})),
    )
    .await
    .expect(403);

    // Legacy slug roles: "worker" → ["production:view"], "manager" → [], "admin" → ["*"].
    for (legacy, permissions) in [
        ("worker", json!(["production:view"])),
        ("manager", json!([])),
        ("admin", json!(["*"])),
    ] {
        let token = s.token(Caller::Legacy(legacy)).await;
        let me = s.call("GET", "/auth/me", Some(&token), None).await;
        me.expect(200);
        assert_eq!(me.data()["role"]["slug"], legacy, "{}", me.body);
        assert_eq!(me.data()["role"]["_id"], legacy, "{}", me.body);
        assert_eq!(me.data()["role"]["permissions"], permissions, "{}", me.body);
        assert_eq!(me.data()["role"]["isSystem"], true, "{}", me.body);
    }
    let legacy_worker = s.token(Caller::Legacy("worker")).await;
    s.call("GET", "/workers", Some(&legacy_worker), None)
        .await
        .expect(200);
    let legacy_manager = s.token(Caller::Legacy("manager")).await;
    let answer = s.call("GET", "/workers", Some(&legacy_manager), None).await;
    answer.expect(403);
    assert_eq!(answer.body, forbidden());
    // The legacy manager is not the seeded manager role: it cannot even list workers.
    s.call(
        "POST",
        "/roles",
        Some(&legacy_manager),
        Some(json!({"name": "nope"})),
    )
    .await
    .expect(403);
    let legacy_admin = s.token(Caller::Legacy("admin")).await;
    s.call(
        "POST",
        "/workers",
        Some(&legacy_admin),
        Some(json!({"name": "By legacy admin", "username": "by-legacy-admin", "password": "secret1", "position": "p"})),
    )
    .await
    .expect(201);

    // A worker created without `role` gets the legacy "worker" pseudo-role.
    let created = s
        .call(
            "POST",
            "/workers",
            Some(&s.admin),
            Some(json!({"name": "No role", "username": "norole", "password": "secret1", "position": "p"})),
        )
        .await;
    created.expect(201);
    assert_eq!(created.data()["role"]["slug"], "worker");
    assert_eq!(
        created.data()["role"]["permissions"],
        json!(["production:view"])
    );

    // The seeded system roles grant what §3.6 says: the seeded manager lists workers
    // (inventory:view) but cannot manage them or roles; the seeded worker role likewise.
    let roles = s.api().get("/api/roles?limit=100", &s.admin).await;
    roles.expect(200);
    let seeded = |slug: &str| {
        roles
            .data()
            .as_array()
            .expect("roles")
            .iter()
            .find(|r| r["slug"] == slug)
            .and_then(|r| r["_id"].as_str())
            .expect("seeded role")
            .to_owned()
    };
    for (slug, username) in [("manager", "seeded-manager"), ("worker", "seeded-worker")] {
        let role_id = seeded(slug);
        s.call(
            "POST",
            "/workers",
            Some(&s.admin),
            Some(json!({"name": username, "username": username, "password": "secret1", "position": "p", "role": role_id})),
        )
        .await
        .expect(201);
        let token = s.api().token(username, "secret1").await;
        s.call("GET", "/workers", Some(&token), None)
            .await
            .expect(200);
        s.call(
            "POST",
            "/workers",
            Some(&token),
            Some(json!({"name": "n", "username": format!("{username}-made"), "password": "secret1", "position": "p"})),
        )
        .await
        .expect(403);
        s.call(
            "POST",
            "/roles",
            Some(&token),
            Some(json!({"name": format!("{slug} made")})),
        )
        .await
        .expect(403);
        s.call("GET", "/roles", Some(&token), None)
            .await
            .expect(200);
    }

    // Permission changes take effect on the next request (the role is re-read every time).
    let promoted = s.token(Caller::Perms(&["dashboard:view"])).await;
    s.call("GET", "/workers", Some(&promoted), None)
        .await
        .expect(403);
    let me = s.call("GET", "/auth/me", Some(&promoted), None).await;
    let role_id = me.data()["role"]["_id"]
        .as_str()
        .expect("role id")
        .to_owned();
    s.call(
        "PATCH",
        &format!("/roles/{role_id}"),
        Some(&s.admin),
        Some(json!({"permissions": ["dashboard:view", "users:view"]})),
    )
    .await
    .expect(200);
    s.call("GET", "/workers", Some(&promoted), None)
        .await
        .expect(200);
    s.server.stop().await;
}

/// §1.5: auth (401) → permission guard (403) → body validation (400).
#[tokio::test]
async fn guards_run_before_body_validation() {
    let mut s = Session::start().await;
    let denied_users = s.token(Caller::Perms(&["users:view"])).await;
    let denied_roles = s.token(Caller::Perms(&["users:manage"])).await;
    let worker_path = format!("/workers/{}", s.worker);
    let role_path = format!("/roles/{}", s.role);
    let bad_bodies: Vec<(&str, String, Option<Value>, &str)> = vec![
        ("POST", "/workers".to_owned(), Some(json!({})), "users"),
        (
            "POST",
            "/workers".to_owned(),
            Some(json!({"name": 5, "password": "x", "notificationPreferences": {"volume": 7}})),
            "users",
        ),
        ("POST", "/workers".to_owned(), None, "users"),
        (
            "PATCH",
            worker_path.clone(),
            Some(json!({"password": "1", "name": null})),
            "users",
        ),
        (
            "PATCH",
            format!("/workers/{MISSING}"),
            Some(json!({"name": 5})),
            "users",
        ),
        (
            "DELETE",
            "/workers".to_owned(),
            Some(json!({"ids": "nope"})),
            "users",
        ),
        ("DELETE", "/workers".to_owned(), None, "users"),
        (
            "POST",
            "/roles".to_owned(),
            Some(json!({"name": ""})),
            "roles",
        ),
        ("POST", "/roles".to_owned(), Some(json!([1, 2])), "roles"),
        (
            "PATCH",
            role_path.clone(),
            Some(json!({"permissions": "all"})),
            "roles",
        ),
    ];
    for (m, path, body, family) in &bad_bodies {
        let token = if *family == "users" {
            &denied_users
        } else {
            &denied_roles
        };
        let before = s.totals().await;
        let worker_before = s.document("/workers", &s.worker).await;
        let role_before = s.document("/roles", &s.role).await;

        let denied = s.call(m, path, Some(token), body.clone()).await;
        assert_eq!(
            denied.status.as_u16(),
            403,
            "{m} {path} {body:?} by a denied caller: {}",
            denied.body
        );
        assert_eq!(denied.body, forbidden(), "{m} {path}");

        let anonymous = s.call(m, path, None, body.clone()).await;
        assert_eq!(
            anonymous.status.as_u16(),
            401,
            "{m} {path} {body:?} without a token: {}",
            anonymous.body
        );
        assert_eq!(anonymous.body, not_authenticated(), "{m} {path}");

        let bad_token = s.call(m, path, Some("not.a.token"), body.clone()).await;
        bad_token.expect(401);
        assert_eq!(bad_token.message(), "Invalid or expired token");

        // With the right to call, the same body is a validation failure.
        let admin = s.admin.clone();
        let validated = s.call(m, path, Some(&admin), body.clone()).await;
        assert_eq!(
            validated.status.as_u16(),
            400,
            "{m} {path} {body:?} by the admin: {}",
            validated.body
        );
        assert_eq!(validated.message(), "Validation failed", "{m} {path}");

        assert_eq!(s.totals().await, before, "{m} {path} wrote");
        assert_eq!(s.document("/workers", &s.worker).await, worker_before);
        assert_eq!(s.document("/roles", &s.role).await, role_before);
    }

    // A denied caller on an id that does not exist learns nothing: 403, not 404.
    let answer = s
        .call(
            "DELETE",
            &format!("/workers/{MISSING}"),
            Some(&denied_users),
            None,
        )
        .await;
    answer.expect(403);
    let answer = s
        .call("DELETE", "/workers/abc", Some(&denied_users), None)
        .await;
    answer.expect(403);
    let answer = s
        .call(
            "DELETE",
            &format!("/roles/{MISSING}"),
            Some(&denied_roles),
            None,
        )
        .await;
    answer.expect(403);
    let answer = s
        .call("GET", &format!("/workers/{MISSING}"), None, None)
        .await;
    answer.expect(401);
    s.server.stop().await;
}

#[tokio::test]
async fn customer_routes_follow_the_guard_table() {
    run_cases(&["/customers"]).await;
}

#[tokio::test]
async fn material_routes_follow_the_guard_table() {
    run_cases(&["/materials"]).await;
}

#[tokio::test]
async fn inventory_routes_follow_the_guard_table() {
    run_cases(&["/inventories"]).await;
}

#[tokio::test]
async fn material_log_routes_follow_the_guard_table() {
    run_cases(&["/material-logs"]).await;
}

#[tokio::test]
async fn withdrawal_routes_follow_the_guard_table() {
    run_cases(&["/withdrawals"]).await;
}
