//! Device tokens (kiosk pairing): `stdplus_dev_` + 64 hex characters of OS randomness. Only
//! the SHA-256 of a token is stored, so a copy of the database cannot be replayed as a screen;
//! a token is recognised by looking its hash up. Also the throttle that keeps a device's
//! `lastSeenAt` from being written on every request.

use crate::domain::Id;
use rand::TryRngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const PREFIX: &str = "stdplus_dev_";

/// A fresh token, or `None` when the OS has no randomness to give.
pub fn generate() -> Option<String> {
    let mut bytes = [0u8; 32];
    OsRng.try_fill_bytes(&mut bytes).ok()?;
    Some(format!("{PREFIX}{}", hex::encode(bytes)))
}

/// Whether `token` is a device token rather than a JWT (JWTs never start with the prefix).
pub fn is_device_token(token: &str) -> bool {
    token.starts_with(PREFIX)
}

/// The stored form of a token: SHA-256, 64 lowercase hex characters.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How often a device's `lastSeenAt` is written at most.
pub const SEEN_EVERY: Duration = Duration::from_secs(60);
/// Above this many tracked devices, entries older than [`SEEN_EVERY`] are dropped.
const MAX_TRACKED: usize = 1_024;

/// Remembers when each device's `lastSeenAt` was last written, in memory: after a restart
/// every device is written once more, which is harmless.
#[derive(Default)]
pub struct SeenThrottle {
    written: Mutex<HashMap<Id, Instant>>,
}

impl SeenThrottle {
    /// Whether `device` is due a `lastSeenAt` write now; if so, the write is counted as done.
    pub fn due(&self, device: Id) -> bool {
        self.due_at(device, Instant::now())
    }

    fn due_at(&self, device: Id, now: Instant) -> bool {
        let Ok(mut written) = self.written.lock() else {
            return false;
        };
        if written
            .get(&device)
            .is_some_and(|at| now.duration_since(*at) < SEEN_EVERY)
        {
            return false;
        }
        if written.len() >= MAX_TRACKED {
            written.retain(|_, at| now.duration_since(*at) < SEEN_EVERY);
        }
        written.insert(device, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_hex_and_hash_to_64_hex() {
        let token = generate().unwrap_or_default();
        let hex_part = token.strip_prefix(PREFIX).unwrap_or_default();
        assert_eq!(hex_part.len(), 64);
        assert!(hex_part.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(is_device_token(&token));
        assert!(!is_device_token("eyJhbGciOiJIUzI1NiJ9.e30.x"));
        assert_ne!(generate(), generate());
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn last_seen_is_written_at_most_once_a_minute_per_device() {
        let throttle = SeenThrottle::default();
        let (a, b) = (Id::new(), Id::new());
        let start = Instant::now();
        assert!(throttle.due_at(a, start));
        assert!(!throttle.due_at(a, start + Duration::from_secs(59)));
        assert!(throttle.due_at(b, start + Duration::from_secs(1)));
        assert!(throttle.due_at(a, start + SEEN_EVERY));
    }
}
