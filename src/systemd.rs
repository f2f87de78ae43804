//! Talking to systemd when it runs the box as a `Type=notify` service (sd-notify).
//!
//! - `READY=1` once the database is migrated and the listener is bound, so units ordered after
//!   ours start only when the box answers;
//! - `WATCHDOG=1` at half the unit's `WatchdogSec`, but only while the database still answers a
//!   read and a round-trip through the single writer: a wedged writer thread or a hung disk makes
//!   systemd restart the box instead of leaving a kiosk that accepts no scans;
//! - `STOPPING=1` when a graceful stop begins.
//!
//! Outside systemd (`NOTIFY_SOCKET` unset) every call is a no-op; a watchdog meant for another
//! process (`WATCHDOG_PID`) is left alone.

use crate::ops::Core;
use sd_notify::NotifyState;
use std::sync::Arc;

/// The database must answer a probe within this share of the watchdog interval.
const PROBE_SHARE: u32 = 2;

pub fn notify_ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

pub fn notify_stopping() {
    send(&[NotifyState::Stopping, NotifyState::Status("stopping")]);
}

fn send(states: &[NotifyState<'_>]) {
    if let Err(error) = sd_notify::notify(states) {
        tracing::warn!(%error, "cannot notify systemd");
    }
}

/// Pets the watchdog at half its interval while the database is healthy. A probe that fails, or
/// hangs for a whole pet interval, lets the watchdog run out, and systemd restarts the box.
pub fn spawn_watchdog(core: Arc<Core>) -> Option<tokio::task::JoinHandle<()>> {
    let interval = sd_notify::watchdog_enabled().filter(|usec| !usec.is_zero())? / PROBE_SHARE;
    tracing::info!(
        interval_ms = interval.as_millis() as u64,
        "systemd watchdog enabled"
    );
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match tokio::time::timeout(interval, core.db.probe()).await {
                Ok(Ok(())) => send(&[NotifyState::Watchdog]),
                Ok(Err(error)) => {
                    tracing::error!(%error, "database probe failed; not petting the watchdog");
                }
                Err(_) => {
                    tracing::error!("database probe timed out; not petting the watchdog");
                }
            }
        }
    }))
}
