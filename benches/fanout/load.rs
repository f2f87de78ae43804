//! The load: socket.io-client sockets in one or more Node processes (benches/fanout/node/
//! client.mjs), each socket in one station's room or in the dashboard room.

use futures_util::future::join_all;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// Who listens: `per_station` sockets in each station's room and `dashboard` sockets in the
/// dashboard room (each socket in one room, so an event's audience is easy to count).
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub stations: usize,
    pub per_station: usize,
    pub dashboard: usize,
}

impl Plan {
    pub fn sockets(&self) -> usize {
        self.stations * self.per_station + self.dashboard
    }

    /// How many sockets receive one station's event (its room and the dashboard).
    pub fn audience(&self) -> usize {
        self.per_station + self.dashboard
    }
}

/// What the clients received for the events sent in one step.
#[derive(Debug, Default)]
pub struct Received {
    pub delivered: u64,
    pub duplicates: u64,
    pub unknown: u64,
    /// Receive time minus send time, sorted, in microseconds.
    pub latencies_us: Vec<i64>,
}

struct ClientProcess {
    _child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
}

impl ClientProcess {
    async fn call(&mut self, command: &Value, patience: Duration) -> Value {
        let mut line = command.to_string();
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .await
            .expect("load client stdin");
        let reply = tokio::time::timeout(patience, self.stdout.next_line())
            .await
            .unwrap_or_else(|_| panic!("the load client answers {}", command["op"]))
            .expect("load client stdout")
            .expect("the load client is alive");
        let reply: Value = serde_json::from_str(&reply).expect("a JSON reply");
        assert_eq!(
            reply["ok"], true,
            "load client refused {}: {reply}",
            command["op"]
        );
        reply
    }
}

pub struct Load {
    clients: Vec<ClientProcess>,
}

impl Load {
    /// Starts `processes` Node processes and connects `plan`'s sockets across them (socket `i`
    /// in process `i % processes`) to `base` with `token`; panics unless every socket joined.
    pub async fn connect(
        node_dir: &Path,
        processes: usize,
        base: &str,
        token: &str,
        plan: Plan,
        station_ids: &[String],
    ) -> Load {
        let specs: Vec<Value> = (0..plan.sockets())
            .map(|i| {
                if i < plan.stations * plan.per_station {
                    json!({ "station": station_ids[i / plan.per_station] })
                } else {
                    json!({ "station": null })
                }
            })
            .collect();
        let mut clients = Vec::new();
        for _ in 0..processes {
            let mut child = Command::new("node")
                .arg(node_dir.join("client.mjs"))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .kill_on_drop(true)
                .spawn()
                .expect("node runs the load client");
            clients.push(ClientProcess {
                stdin: child.stdin.take().expect("stdin"),
                stdout: BufReader::new(child.stdout.take().expect("stdout")).lines(),
                _child: child,
            });
        }
        let mut load = Load { clients };
        let commands: Vec<Value> = (0..processes)
            .map(|p| {
                let mine: Vec<Value> = specs.iter().skip(p).step_by(processes).cloned().collect();
                json!({"op": "connect", "url": base, "path": "/api/socket-entry", "token": token,
                       "sockets": mine, "batch": 50})
            })
            .collect();
        let replies = load.each(&commands, Duration::from_secs(180)).await;
        let connected: u64 = replies.iter().filter_map(|r| r["connected"].as_u64()).sum();
        assert_eq!(
            connected as usize,
            plan.sockets(),
            "every socket connects and joins its room: {replies:?}"
        );
        load
    }

    async fn each(&mut self, commands: &[Value], patience: Duration) -> Vec<Value> {
        join_all(
            self.clients
                .iter_mut()
                .zip(commands)
                .map(|(client, command)| client.call(command, patience)),
        )
        .await
    }

    async fn all(&mut self, command: Value, patience: Duration) -> Vec<Value> {
        let commands = vec![command; self.clients.len()];
        self.each(&commands, patience).await
    }

    pub async fn reset(&mut self) {
        self.all(json!({"op": "reset"}), Duration::from_secs(30))
            .await;
    }

    pub async fn received(&mut self) -> u64 {
        self.all(json!({"op": "count"}), Duration::from_secs(30))
            .await
            .iter()
            .filter_map(|r| r["received"].as_u64())
            .sum()
    }

    /// Waits until `expected` events arrived, or until none arrived for `quiet`.
    pub async fn settle(&mut self, expected: u64, quiet: Duration) {
        let mut last = (self.received().await, tokio::time::Instant::now());
        while last.0 < expected {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = self.received().await;
            if now != last.0 {
                last = (now, tokio::time::Instant::now());
            } else if last.1.elapsed() >= quiet {
                break;
            }
        }
    }

    /// What arrived for the events sent at `sent` (key → epoch ms).
    pub async fn report(&mut self, sent: &HashMap<String, f64>) -> Received {
        let replies = self
            .all(
                json!({"op": "report", "sent": sent}),
                Duration::from_secs(120),
            )
            .await;
        let mut received = Received::default();
        for reply in replies {
            received.delivered += reply["delivered"].as_u64().unwrap_or(0);
            received.duplicates += reply["duplicates"].as_u64().unwrap_or(0);
            received.unknown += reply["unknown"].as_u64().unwrap_or(0);
            received.latencies_us.extend(
                reply["latenciesUs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_i64),
            );
        }
        received.latencies_us.sort_unstable();
        received
    }

    pub async fn close(mut self) {
        for client in &mut self.clients {
            let _ = client.stdin.write_all(b"{\"op\":\"close\"}\n").await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
