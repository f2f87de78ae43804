//! The integration-test harness: the real server on a free loopback port with a fresh data dir,
//! driven over real HTTP (and, in the socket tests, a real Socket.IO client).

#![allow(dead_code)]

pub mod devices;
pub mod floor;
pub mod production;
pub mod recount;
pub mod socket;
pub mod stock;

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use stdplus::config::ServeArgs;

pub const ADMIN_PASSWORD: &str = "admin-secret";

/// The words of `STDPLUS_TEST_RUNNER` (an emulator such as `qemu-aarch64 -L /usr/aarch64-linux-gnu`)
/// that runs the binary under test, when set.
fn runner() -> Option<Vec<String>> {
    let words: Vec<String> = std::env::var("STDPLUS_TEST_RUNNER")
        .ok()?
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    (!words.is_empty()).then_some(words)
}

/// How many times slower than native the binary under test runs, to stretch timeouts:
/// `STDPLUS_TEST_SLOWDOWN`, else 20 under a runner (qemu-user is 5–20x slower), else 1.
pub fn slowdown() -> u32 {
    std::env::var("STDPLUS_TEST_SLOWDOWN")
        .ok()
        .and_then(|value| value.parse().ok())
        .filter(|factor| *factor >= 1)
        .unwrap_or(if runner().is_some() { 20 } else { 1 })
}

/// A timeout of `seconds` on a native binary, stretched by [`slowdown`].
pub fn patience(seconds: u64) -> Duration {
    Duration::from_secs(seconds * u64::from(slowdown()))
}

/// The `stdplus` binary under test: the one cargo built for this test run, or
/// `STDPLUS_TEST_BINARY` (e.g. the Raspberry Pi build), run through `STDPLUS_TEST_RUNNER` when set.
pub fn stdplus_command() -> Command {
    let binary = std::env::var_os("STDPLUS_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stdplus")));
    match runner() {
        Some(words) => {
            let mut command = Command::new(on_path(&words[0]));
            command.args(&words[1..]).arg(binary);
            command
        }
        None => Command::new(binary),
    }
}

/// `program` found on this process's PATH: `Process` clears the child's environment, and with
/// it the PATH that a bare program name would be looked up in.
fn on_path(program: &str) -> PathBuf {
    if program.contains('/') {
        return PathBuf::from(program);
    }
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(program))
                .find(|candidate| candidate.is_file())
        })
        .unwrap_or_else(|| PathBuf::from(program))
}

/// The keys of a JSON object in order (to check that documents keep upstream's key order).
pub fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

/// An answer: status and JSON body (Null when the body is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }

    #[track_caller]
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected answer: {}",
            self.body
        );
        self
    }
}

/// An HTTP client bound to one server.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    client: Client,
}

impl Api {
    pub fn new(base: String) -> Self {
        Api {
            base,
            client: Client::builder()
                .timeout(patience(30))
                .build()
                .expect("http client"),
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    /// A POST with an `Idempotency-Key` header.
    pub async fn post_keyed(&self, path: &str, token: &str, key: &str, body: Value) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    /// Sends raw bytes with the given content type.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &'static str,
    ) -> Answer {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    /// Sends binary bytes (an uploaded picture) with the given content type.
    pub async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Answer {
        self.send(Method::DELETE, path, Some(token), None).await
    }

    pub async fn delete_with(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(Method::DELETE, path, Some(token), Some(body))
            .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Answer {
        self.send(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({"username": username, "password": password})),
        )
        .await
    }

    /// Logs in and returns the token; panics when the login fails.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let answer = self.login(username, password).await;
        answer.expect(200);
        answer.data()["token"].as_str().expect("token").to_owned()
    }

    /// Creates a role with `permissions` and a worker holding it; returns the worker's token.
    pub async fn user_with(&self, admin: &str, username: &str, permissions: &[&str]) -> String {
        let role = self
            .post(
                "/api/roles",
                admin,
                json!({"name": format!("role {username}"), "permissions": permissions}),
            )
            .await;
        role.expect(201);
        let role_id = role.data()["_id"].as_str().expect("role id").to_owned();
        self.post(
            "/api/workers",
            admin,
            json!({"name": username, "username": username, "password": "secret1", "position": "operator", "role": role_id}),
        )
        .await
        .expect(201);
        self.token(username, "secret1").await
    }
}

/// The server running inside the test process.
pub struct TestServer {
    pub api: Api,
    pub dir: tempfile::TempDir,
    server: Option<stdplus::app::Server>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut args = ServeArgs::for_data_dir(dir.path().join("data"));
        args.admin_password = Some(ADMIN_PASSWORD.to_owned());
        Self::start_with(dir, args).await
    }

    pub async fn start_with(dir: tempfile::TempDir, args: ServeArgs) -> TestServer {
        let server = stdplus::app::start(args).await.expect("server starts");
        let api = Api::new(format!("http://{}", server.address));
        TestServer {
            api,
            dir,
            server: Some(server),
        }
    }

    pub async fn admin_token(&self) -> String {
        self.api.token("admin", ADMIN_PASSWORD).await
    }

    /// The running server's use cases and database, for tests that look beneath HTTP (e.g. how
    /// many write transactions a request used).
    pub fn core(&self) -> &stdplus::ops::Core {
        &self.server.as_ref().expect("the server is running").core
    }

    pub fn base_url(&self) -> String {
        self.api.base.clone()
    }

    /// `https://127.0.0.1:<port>` (HTTPS is on in tests unless the test turns it off).
    pub fn https_url(&self) -> Option<String> {
        let server = self.server.as_ref()?;
        server
            .https_address
            .map(|address| format!("https://{address}"))
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
        self.dir
    }
}

/// The `stdplus` binary in a child process, for tests that kill or restart it.
pub struct Process {
    pub child: Child,
    pub api: Api,
    /// `https://…` when the server logged that it serves HTTPS.
    pub https_base: Option<String>,
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Process {
    pub fn spawn(data_dir: &Path, envs: &[(&str, &str)]) -> Process {
        let mut command = stdplus_command();
        command
            .env_clear()
            .env("STDPLUS_LISTEN", "127.0.0.1:0")
            .env("STDPLUS_HTTPS_LISTEN", "127.0.0.1:0")
            .env("STDPLUS_DATA_DIR", data_dir)
            .env("STDPLUS_MDNS", "off")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in envs {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn stdplus");
        let stderr = child.stderr.take().expect("stderr");
        let (address_tx, address_rx) = std::sync::mpsc::channel::<(String, Option<String>)>();
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            // HTTPS is logged before the "is serving" line that ends the start.
            let mut https = None;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(address) = line.split("https_address=").nth(1) {
                    https = address.split_whitespace().next().map(str::to_owned);
                } else if line.contains("is serving")
                    && let Some(address) = line.split("address=").nth(1)
                {
                    let address = address.split_whitespace().next().unwrap_or("").to_owned();
                    let _ = address_tx.send((address, https.take()));
                }
                if let Ok(mut log) = sink.lock() {
                    log.push(line);
                }
            }
        });
        let (address, https) = address_rx
            .recv_timeout(patience(30))
            .expect("the server reports its address");
        Process {
            child,
            api: Api::new(format!("http://{address}")),
            https_base: https.map(|address| format!("https://{address}")),
            log,
        }
    }

    pub fn log_text(&self) -> String {
        self.log
            .lock()
            .map(|lines| lines.join("\n"))
            .unwrap_or_default()
    }

    /// SIGTERM (what systemd sends), then waits for the process to exit; panics with its log if
    /// it does not stop in time.
    pub fn terminate(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM {}", self.child.id());
        let deadline = Instant::now() + patience(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for stdplus") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "stdplus did not stop after SIGTERM:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
