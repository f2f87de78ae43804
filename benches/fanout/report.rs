//! One step's numbers and the printed tables.

use crate::load::{Plan, Received};
use crate::scanner::Sent;
use crate::{Measured, mb};

/// What one step at one rate measured.
#[derive(Debug)]
pub struct Step {
    pub rate: u32,
    pub sent: u64,
    pub failures: u64,
    pub first_failure: Option<String>,
    /// Sends a second actually achieved (the schedule may slip when the target lags).
    pub achieved_rate: f64,
    pub expected: u64,
    pub delivered: u64,
    pub duplicates: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The send's own answer (the scan's HTTP round trip), p50 and p99.
    pub answer_p50_ms: f64,
    pub answer_p99_ms: f64,
    /// Delivered events a second over the step.
    pub events_per_s: f64,
}

fn percentile(sorted_us: &[i64], fraction: f64) -> f64 {
    if sorted_us.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted_us.len() as f64 * fraction).ceil() as usize).clamp(1, sorted_us.len()) - 1;
    sorted_us[index] as f64 / 1000.0
}

impl Step {
    pub fn new(rate: u32, seconds: f64, sent: &Sent, expected: u64, received: Received) -> Step {
        let count = sent.count() as u64;
        let mut answers = sent.answer_us.clone();
        answers.sort_unstable();
        let span = sent.send_span.as_secs_f64();
        // n sends at rate r span (n-1)/r seconds when on schedule.
        let achieved_rate = if count > 1 && span > 0.0 {
            (count - 1) as f64 / span
        } else {
            f64::from(rate)
        };
        Step {
            rate,
            sent: count,
            failures: sent.failures,
            first_failure: sent.first_failure.clone(),
            achieved_rate,
            expected,
            delivered: received.delivered,
            duplicates: received.duplicates,
            p50_ms: percentile(&received.latencies_us, 0.50),
            p99_ms: percentile(&received.latencies_us, 0.99),
            max_ms: percentile(&received.latencies_us, 1.0),
            answer_p50_ms: percentile(&answers, 0.50),
            answer_p99_ms: percentile(&answers, 0.99),
            events_per_s: received.delivered as f64 / seconds.max(f64::EPSILON),
        }
    }

    pub fn complete(&self) -> bool {
        self.failures == 0 && self.duplicates == 0 && self.delivered == self.expected
    }

    /// Every event delivered once, on schedule, with p99 under `limit_ms`.
    pub fn sustained(&self, limit_ms: f64) -> bool {
        self.complete()
            && self.p99_ms < limit_ms
            && self.achieved_rate >= 0.95 * f64::from(self.rate)
    }

    pub fn delivery(&self) -> String {
        let share = if self.expected == 0 {
            0.0
        } else {
            100.0 * self.delivered as f64 / self.expected as f64
        };
        format!("{}/{} ({share:.2} %)", self.delivered, self.expected)
    }

    pub fn line(&self) -> String {
        let failure = self
            .first_failure
            .as_deref()
            .map(|f| format!(", first failure: {f}"))
            .unwrap_or_default();
        format!(
            "{}/s (achieved {:.0}/s): {} sent, {} failed, delivered {}, {} duplicates, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} events/s; answers p50 {:.1} p99 {:.1} ms{failure}",
            self.rate,
            self.achieved_rate,
            self.sent,
            self.failures,
            self.delivery(),
            self.duplicates,
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            self.events_per_s,
            self.answer_p50_ms,
            self.answer_p99_ms
        )
    }
}

fn at(measured: &Measured, rate: u32) -> Option<&Step> {
    measured.steps.iter().find(|s| s.rate == rate)
}

/// The highest rate of the ladder's unbroken run of sustained steps.
fn sustained(measured: &Measured, limit_ms: f64) -> Option<&Step> {
    measured
        .steps
        .iter()
        .take_while(|s| s.sustained(limit_ms))
        .last()
}

fn met(ok: bool) -> &'static str {
    if ok { "yes" } else { "**no**" }
}

pub fn print(plan: Plan, stdplus: &Measured, node: &Measured, limit_ms: f64) {
    let audience = plan.audience();
    println!();
    println!(
        "### Event fan-out: {} sockets ({} stations × {} + {} dashboard), each scan's pane:updated reaches {audience} sockets",
        plan.sockets(),
        plan.stations,
        plan.per_station,
        plan.dashboard
    );
    println!();
    println!(
        "Box = target/release/stdplus (scans over HTTP, durable commits); Node = socket.io 4 server (POST /emit). Latency = receive − send, one clock."
    );
    println!();
    println!("| what | measured | target / ceiling | ratio | met? |");
    println!("|---|---|---|---|---|");
    for rate in crate::REPORTED {
        for (side, measured) in [("box", stdplus), ("node", node)] {
            if let Some(step) = at(measured, rate) {
                println!(
                    "| {side} {rate} scans/s: delivered/expected | {} | 100 % | {:.4} | {} |",
                    step.delivery(),
                    step.delivered as f64 / step.expected.max(1) as f64,
                    met(step.complete())
                );
                println!(
                    "| {side} {rate} scans/s: latency p50 / p99 / max | {:.1} / {:.1} / {:.1} ms | p99 < {limit_ms} ms | {:.2} | {} |",
                    step.p50_ms,
                    step.p99_ms,
                    step.max_ms,
                    step.p99_ms / limit_ms,
                    met(step.p99_ms < limit_ms)
                );
            }
        }
        if let (Some(b), Some(n)) = (at(stdplus, rate), at(node, rate)) {
            println!(
                "| p99 at {rate} scans/s, box vs node | {:.1} vs {:.1} ms | lower is better | node/box {:.2} | {} |",
                b.p99_ms,
                n.p99_ms,
                n.p99_ms / b.p99_ms,
                met(b.p99_ms <= n.p99_ms)
            );
        }
    }
    let (b, n) = (sustained(stdplus, limit_ms), sustained(node, limit_ms));
    let describe = |step: Option<&Step>| {
        step.map_or_else(
            || "none".to_owned(),
            |s| format!("{} scans/s = {:.0} events/s", s.rate, s.events_per_s),
        )
    };
    let ratio = match (b, n) {
        (Some(b), Some(n)) => b.events_per_s / n.events_per_s,
        _ => f64::NAN,
    };
    println!(
        "| max sustained (100 %, p99 < {limit_ms} ms), box vs node | {} vs {} | box ≥ 2 × node | box/node {ratio:.2} | {} |",
        describe(b),
        describe(n),
        met(ratio >= 2.0)
    );
    println!(
        "| box RSS idle (set up, no sockets) | {:.1} MB | < 20 MB | {:.2} | {} |",
        mb(stdplus.rss_idle),
        mb(stdplus.rss_idle) / 20.0,
        met(mb(stdplus.rss_idle) < 20.0)
    );
    println!(
        "| box RSS with {} sockets | {:.1} MB (after the run {:.1} MB) | < 80 MB | {:.2} | {} |",
        plan.sockets(),
        mb(stdplus.rss_connected),
        mb(stdplus.rss_after),
        mb(stdplus.rss_connected) / 80.0,
        met(mb(stdplus.rss_connected) < 80.0)
    );
    println!(
        "| node server RSS idle / with {} sockets / after | {:.1} / {:.1} / {:.1} MB | (baseline) | box/node {:.2} | |",
        plan.sockets(),
        mb(node.rss_idle),
        mb(node.rss_connected),
        mb(node.rss_after),
        stdplus.rss_connected as f64 / node.rss_connected.max(1) as f64
    );
    for (side, measured) in [("box", stdplus), ("node", node)] {
        println!();
        println!("{side}: the rate ladder");
        println!();
        println!(
            "| scans/s | achieved/s | delivered/expected | p50 ms | p99 ms | max ms | events/s | answer p50 / p99 ms | sustained? |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for s in &measured.steps {
            println!(
                "| {} | {:.0} | {} | {:.1} | {:.1} | {:.1} | {:.0} | {:.1} / {:.1} | {} |",
                s.rate,
                s.achieved_rate,
                s.delivery(),
                s.p50_ms,
                s.p99_ms,
                s.max_ms,
                s.events_per_s,
                s.answer_p50_ms,
                s.answer_p99_ms,
                met(s.sustained(limit_ms))
            );
        }
    }
}
