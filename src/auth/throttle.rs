//! Failed-login throttle: after [`MAX_FAILURES`] failures for one username from one client
//! address within [`WINDOW`], further attempts from that address for that username are refused
//! with 429 until the window has passed. A success clears the count. Keying on the pair means
//! an attacker elsewhere cannot lock a worker out of their own station.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 10;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Bound on tracked pairs, so a flood of random usernames cannot grow memory without limit.
const MAX_TRACKED: usize = 10_000;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<(String, IpAddr), Vec<Instant>>>,
}

impl LoginThrottle {
    /// `Some(wait)` when this pair is locked out now.
    pub fn locked_for(&self, username: &str, address: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let mut failures = self.failures.lock().ok()?;
        let list = failures.get_mut(&(username.to_owned(), address))?;
        list.retain(|at| now.duration_since(*at) < WINDOW);
        if list.len() >= MAX_FAILURES {
            let oldest = list.first().copied()?;
            return Some(WINDOW.saturating_sub(now.duration_since(oldest)));
        }
        None
    }

    pub fn record_failure(&self, username: &str, address: IpAddr) {
        let now = Instant::now();
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() >= MAX_TRACKED {
            failures.retain(|_, list| {
                list.last()
                    .is_some_and(|at| now.duration_since(*at) < WINDOW)
            });
        }
        if failures.len() >= MAX_TRACKED {
            // Still full of live entries: forget the pair with the oldest last failure.
            if let Some(key) = failures
                .iter()
                .min_by_key(|(_, list)| list.last().copied())
                .map(|(k, _)| k.clone())
            {
                failures.remove(&key);
            }
        }
        let list = failures.entry((username.to_owned(), address)).or_default();
        list.push(now);
        if list.len() > MAX_FAILURES {
            list.remove(0);
        }
    }

    pub fn record_success(&self, username: &str, address: IpAddr) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&(username.to_owned(), address));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn locks_after_ten_failures_per_username_and_address() {
        let throttle = LoginThrottle::default();
        let here = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let there = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        for _ in 0..MAX_FAILURES {
            assert!(throttle.locked_for("admin", here).is_none());
            throttle.record_failure("admin", here);
        }
        assert!(throttle.locked_for("admin", here).is_some());
        assert!(throttle.locked_for("admin", there).is_none());
        assert!(throttle.locked_for("other", here).is_none());
    }

    #[test]
    fn a_success_clears_the_count() {
        let throttle = LoginThrottle::default();
        let here = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for _ in 0..MAX_FAILURES - 1 {
            throttle.record_failure("admin", here);
        }
        throttle.record_success("admin", here);
        throttle.record_failure("admin", here);
        assert!(throttle.locked_for("admin", here).is_none());
    }

    #[test]
    fn memory_stays_bounded() {
        let throttle = LoginThrottle::default();
        let here = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for i in 0..MAX_TRACKED + 50 {
            throttle.record_failure(&format!("user{i}"), here);
        }
        assert!(throttle.failures.lock().map(|f| f.len()).unwrap_or(0) <= MAX_TRACKED);
    }
}
