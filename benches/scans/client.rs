//! A bench client: one keep-alive HTTP connection to the box with a bearer token, as one
//! scanning device (a kiosk or a phone) holds.

use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

/// An answer: status (`None` when no answer came: a connection error) and body (Null when it
/// is not JSON; the error's text when no answer came).
pub struct Answer {
    pub status: Option<StatusCode>,
    pub body: Value,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        self.status.is_some_and(|status| status.is_success())
    }

    /// The `data` of a 2xx answer; panics with the answer otherwise (setup must not fail).
    #[track_caller]
    pub fn data(self, what: &str) -> Value {
        assert!(self.is_success(), "{what}: {:?} {}", self.status, self.body);
        self.body["data"].clone()
    }
}

impl Client {
    pub fn new(base: &str, token: &str) -> Client {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .build()
            .expect("http client");
        Client {
            http,
            base: base.to_owned(),
            token: token.to_owned(),
        }
    }

    /// Logs in as `username` and returns a client holding the token.
    pub async fn login(base: &str, username: &str, password: &str) -> Client {
        let anonymous = Client::new(base, "");
        let answer = anonymous
            .send(
                reqwest::Method::POST,
                "/api/auth/login",
                Some(&serde_json::json!({"username": username, "password": password})),
            )
            .await;
        let data = answer.data("login");
        let token = data["token"].as_str().expect("a token");
        Client::new(base, token)
    }

    /// The same identity on a connection of its own.
    pub fn another(&self) -> Client {
        Client::new(&self.base, &self.token)
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !self.token.is_empty() {
            request = request.bearer_auth(&self.token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status();
                let bytes = response.bytes().await.unwrap_or_default();
                Answer {
                    status: Some(status),
                    body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                }
            }
            Err(error) => Answer {
                status: None,
                body: Value::String(format!("request failed: {error}")),
            },
        }
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(reqwest::Method::GET, path, None).await
    }
}
