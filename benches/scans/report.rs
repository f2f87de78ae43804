//! The tables: the shared bench layout's `| what | measured | target / ceiling | ratio | met? |`
//! and a per-N detail table.

use super::load::Round;
use std::fmt::Write as _;
use std::time::Duration;

/// The target of issue 9, at 32 clients.
pub const TARGET_CLIENTS: usize = 32;
pub const TARGET_SHARE_OF_NO_FSYNC: f64 = 0.4;
pub const TARGET_P99: Duration = Duration::from_millis(10);

pub struct Ceilings {
    pub fsync: f64,
    pub no_fsync: f64,
}

/// The `q` quantile (0..=1) of sorted latencies, nearest rank.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// 12345.6 → "12,346".
pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// CPU time per scan in µs, or "?" where it cannot be read.
fn per_scan(cpu: Option<Duration>, scans: usize) -> String {
    match cpu {
        Some(cpu) if scans > 0 => format!("{:.0} µs", cpu.as_secs_f64() * 1e6 / scans as f64),
        _ => "?".to_owned(),
    }
}

fn yes(met: bool) -> &'static str {
    if met { "yes" } else { "**no**" }
}

pub fn tables(rounds: &mut [Round], ceilings: &Ceilings, what_ran: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Scans ({what_ran})\n");
    let _ = writeln!(out, "| what | measured | target / ceiling | ratio | met? |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    let _ = writeln!(
        out,
        "| SQLite ceiling: 1-row commits, fsync each (WAL, synchronous=FULL), no HTTP | {} commits/s | naive durable design | 1.00× | — |",
        thousands(ceilings.fsync)
    );
    let _ = writeln!(
        out,
        "| SQLite ceiling: 1-row commits, no fsync per commit (WAL, synchronous=NORMAL), no HTTP | {} commits/s | SQL ceiling | {:.2}× fsync | — |",
        thousands(ceilings.no_fsync),
        ceilings.no_fsync / ceilings.fsync
    );
    for round in rounds.iter_mut() {
        round.latencies.sort_unstable();
        let rate = round.scans_per_second();
        let p99 = quantile(&round.latencies, 0.99);
        let at_target = round.clients == TARGET_CLIENTS;
        let (rate_target, rate_met) = if at_target {
            let needed = TARGET_SHARE_OF_NO_FSYNC * ceilings.no_fsync;
            (
                format!(
                    "≥ {TARGET_SHARE_OF_NO_FSYNC} × no-fsync = {}/s",
                    thousands(needed)
                ),
                yes(rate >= needed && round.failures.is_empty()),
            )
        } else {
            ("—".to_owned(), "—")
        };
        let _ = writeln!(
            out,
            "| durable scans/s, {} clients (HTTP) | {}/s | {rate_target} | {:.2}× no-fsync, {:.2}× fsync | {rate_met} |",
            round.clients,
            thousands(rate),
            rate / ceilings.no_fsync,
            rate / ceilings.fsync,
        );
        let (latency_target, latency_ratio, latency_met) = if at_target {
            (
                format!("p99 < {}", ms(TARGET_P99)),
                format!(
                    "{:.2}× target",
                    p99.as_secs_f64() / TARGET_P99.as_secs_f64()
                ),
                yes(p99 < TARGET_P99),
            )
        } else {
            ("—".to_owned(), "—".to_owned(), "—")
        };
        let _ = writeln!(
            out,
            "| scan latency, {} clients | p99 {} (p50 {}, max {}) | {latency_target} | {latency_ratio} | {latency_met} |",
            round.clients,
            ms(p99),
            ms(quantile(&round.latencies, 0.5)),
            ms(round.latencies.last().copied().unwrap_or_default()),
        );
    }
    let failures: usize = rounds.iter().map(|r| r.failures.len()).sum();
    let _ = writeln!(
        out,
        "| non-2xx scan answers | {failures} | 0 | — | {} |",
        yes(failures == 0)
    );

    let _ = writeln!(
        out,
        "\n| clients | 2xx scans | non-2xx | wall | scans/s | p50 | p99 | max | ÷ fsync ceiling | ÷ no-fsync ceiling | box CPU/scan | clients' CPU/scan |"
    );
    let _ = writeln!(
        out,
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for round in rounds.iter() {
        let rate = round.scans_per_second();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} s | {} | {} | {} | {} | {:.2}× | {:.2}× | {} | {} |",
            round.clients,
            round.latencies.len(),
            round.failures.len(),
            round.wall.as_secs_f64(),
            thousands(rate),
            ms(quantile(&round.latencies, 0.5)),
            ms(quantile(&round.latencies, 0.99)),
            ms(round.latencies.last().copied().unwrap_or_default()),
            rate / ceilings.fsync,
            rate / ceilings.no_fsync,
            per_scan(round.box_cpu, round.latencies.len()),
            per_scan(round.client_cpu, round.latencies.len()),
        );
    }
    out
}
