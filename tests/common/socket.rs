//! Real socket.io-client v4 sockets for the tests, driven through `tests/socket-client/bridge.mjs`
//! (Node). Each test gets its own bridge process; sockets are named by the test.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::{Mutex, Notify, oneshot};

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Value>>>>;

/// One received event.
#[derive(Clone, Debug)]
pub struct Received {
    pub name: String,
    pub args: Vec<Value>,
}

pub struct Sockets {
    url: String,
    stdin: Mutex<ChildStdin>,
    _child: Child,
    next_id: AtomicU64,
    pending: Pending,
    events: Arc<Mutex<HashMap<String, Vec<Received>>>>,
    arrived: Arc<Notify>,
}

impl Sockets {
    pub async fn start(base_url: &str) -> Sockets {
        Sockets::start_with_env(base_url, &[]).await
    }

    /// A bridge whose Node process gets `envs` (e.g. `NODE_EXTRA_CA_CERTS` to trust the box's CA).
    pub async fn start_with_env(base_url: &str, envs: &[(&str, &str)]) -> Sockets {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/socket-client/bridge.mjs"
        );
        let mut child = Command::new("node")
            .arg(script)
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the socket bridge (npm ci --prefix tests/socket-client)");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let pending: Pending = Arc::default();
        let events: Arc<Mutex<HashMap<String, Vec<Received>>>> = Arc::default();
        let arrived = Arc::new(Notify::new());
        let (pending_in, events_in, arrived_in) = (
            Arc::clone(&pending),
            Arc::clone(&events),
            Arc::clone(&arrived),
        );
        tokio::spawn(async move {
            let mut lines = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let Ok(message) = serde_json::from_str::<Value>(&line) else {
                    continue;
                };
                if let Some(event) = message.get("event") {
                    let sock = event["sock"].as_str().unwrap_or("").to_owned();
                    let received = Received {
                        name: event["name"].as_str().unwrap_or("").to_owned(),
                        args: event["args"].as_array().cloned().unwrap_or_default(),
                    };
                    events_in
                        .lock()
                        .await
                        .entry(sock)
                        .or_default()
                        .push(received);
                    arrived_in.notify_waiters();
                } else if let Some(id) = message.get("id").and_then(Value::as_u64)
                    && let Some(reply) = pending_in.lock().await.remove(&id)
                {
                    let _ = reply.send(message);
                }
            }
        });
        Sockets {
            url: base_url.to_owned(),
            stdin: Mutex::new(stdin),
            _child: child,
            next_id: AtomicU64::new(1),
            pending,
            events,
            arrived,
        }
    }

    async fn call(&self, command: Value) -> Value {
        self.call_with_patience(command, super::patience(20)).await
    }

    async fn call_with_patience(&self, mut command: Value, patience: Duration) -> Value {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        command["id"] = json!(id);
        let (reply, answered) = oneshot::channel();
        self.pending.lock().await.insert(id, reply);
        let mut line = command.to_string();
        line.push('\n');
        self.stdin
            .lock()
            .await
            .write_all(line.as_bytes())
            .await
            .expect("bridge stdin");
        tokio::time::timeout(patience, answered)
            .await
            .expect("the bridge answers")
            .expect("bridge reply")
    }

    /// Connects socket `sock` with `auth`; `Ok(())` or the `connect_error` message.
    pub async fn connect_with(&self, sock: &str, auth: Value, query: Value) -> Result<(), String> {
        let timeout_ms = super::patience(10).as_millis() as u64;
        let command = json!({"op": "connect", "sock": sock, "url": self.url, "auth": auth,
                             "query": query, "timeoutMs": timeout_ms});
        let reply = self.call(command).await;
        if reply["ok"] == true {
            Ok(())
        } else {
            Err(reply["error"].as_str().unwrap_or("").to_owned())
        }
    }

    /// Connects with a token and panics on failure.
    pub async fn connect(&self, sock: &str, token: &str) {
        self.connect_with(sock, json!({"token": token}), json!({}))
            .await
            .expect("socket connects");
    }

    /// Emits and waits for the ack's first argument (the client passes only the callback when
    /// `args` is empty).
    pub async fn ack(&self, sock: &str, event: &str, args: Vec<Value>) -> Value {
        let timeout_ms = super::patience(5).as_millis() as u64;
        let command = json!({"op": "emit", "sock": sock, "event": event, "args": args,
                             "ack": true, "timeoutMs": timeout_ms});
        let reply = self.call(command).await;
        assert_eq!(reply["ok"], true, "{event} was acknowledged: {reply}");
        reply["ack"][0].clone()
    }

    /// `count` sockets connect at once with `token`, each emitting `event` with `args` the
    /// moment it is connected; answers how many got a successful ack, and the first failures.
    pub async fn crowd(
        &self,
        token: &str,
        count: usize,
        event: &str,
        args: Vec<Value>,
    ) -> (u64, Value) {
        let timeout_ms = super::patience(10).as_millis() as u64;
        let command = json!({"op": "crowd", "url": self.url, "auth": {"token": token},
                             "count": count, "event": event, "args": args,
                             "timeoutMs": timeout_ms});
        let reply = self.call_with_patience(command, super::patience(60)).await;
        (
            reply["acked"].as_u64().unwrap_or(0),
            reply["failures"].clone(),
        )
    }

    /// Emits without an ack.
    pub async fn emit(&self, sock: &str, event: &str, args: Vec<Value>) {
        self.call(json!({"op": "emit", "sock": sock, "event": event, "args": args, "ack": false}))
            .await;
    }

    pub async fn is_connected(&self, sock: &str) -> bool {
        self.call(json!({"op": "connected", "sock": sock})).await["connected"] == true
    }

    pub async fn disconnect(&self, sock: &str) {
        self.call(json!({"op": "disconnect", "sock": sock})).await;
    }

    /// Waits for the next `name` event on `sock` (consuming it) and returns its args.
    pub async fn expect_event(&self, sock: &str, name: &str) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + super::patience(5);
        loop {
            let notified = self.arrived.notified();
            if let Some(args) = self.take(sock, name).await {
                return args;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "{sock} did not receive {name}; it has {:?}",
                    self.events.lock().await.get(sock)
                );
            }
        }
    }

    /// How many `name` events `sock` holds after waiting `settle` for stragglers (consumes them).
    pub async fn count_after(&self, sock: &str, name: &str, settle: Duration) -> usize {
        tokio::time::sleep(settle).await;
        let mut events = self.events.lock().await;
        let list = events.entry(sock.to_owned()).or_default();
        let count = list.iter().filter(|e| e.name == name).count();
        list.retain(|e| e.name != name);
        count
    }

    async fn take(&self, sock: &str, name: &str) -> Option<Vec<Value>> {
        let mut events = self.events.lock().await;
        let list = events.get_mut(sock)?;
        let index = list.iter().position(|e| e.name == name)?;
        Some(list.remove(index).args)
    }
}
