//! ObjectId-style identifiers: 12 bytes, rendered as 24 lowercase hex characters.
//!
//! Layout as MongoDB's: 4 bytes of Unix seconds (big-endian), 5 random bytes chosen once per
//! process, 3 bytes of a counter. Ids made by one process therefore sort in creation order,
//! which the list endpoints rely on as their tie-breaker.

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id([u8; 12]);

impl Id {
    /// A fresh id for the current second.
    pub fn new() -> Self {
        static PROCESS: OnceLock<[u8; 5]> = OnceLock::new();
        static COUNTER: OnceLock<AtomicU32> = OnceLock::new();
        let process = PROCESS.get_or_init(rand::random);
        let counter = COUNTER.get_or_init(|| AtomicU32::new(rand::random::<u32>() & 0x00ff_ffff));
        let seconds =
            u32::try_from(super::time::Timestamp::now().millis() / 1000).unwrap_or(u32::MAX);
        let count = counter.fetch_add(1, Ordering::Relaxed) & 0x00ff_ffff;
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(process);
        bytes[9..].copy_from_slice(&count.to_be_bytes()[1..]);
        Id(bytes)
    }

    /// Parses 24 hex characters (either case, as Mongo accepts); anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() != 24 {
            return None;
        }
        let mut bytes = [0u8; 12];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(Id(bytes))
    }

    pub fn from_bytes(bytes: [u8; 12]) -> Self {
        Id(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 12] {
        &self.0
    }

    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Id::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a 24-hex id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_24_lowercase_hex_and_round_trips() {
        let id = Id::new();
        let text = id.to_hex();
        assert_eq!(text.len(), 24);
        assert!(
            text.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(Id::parse(&text), Some(id));
    }

    #[test]
    fn ids_from_one_process_are_increasing() {
        let ids: Vec<Id> = (0..1000).map(|_| Id::new()).collect();
        // The counter may wrap once from 0xffffff to 0 within a second; allow one step back.
        let backwards = ids.windows(2).filter(|w| w[0] >= w[1]).count();
        assert!(backwards <= 1, "{backwards} ids out of order");
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "",
            "abc",
            "zzzzzzzzzzzzzzzzzzzzzzzz",
            "0000000000000000000000000",
            "00000000000000000000000",
        ] {
            assert_eq!(Id::parse(bad), None, "{bad:?}");
        }
        assert!(Id::parse("000000000000000000000000").is_some());
        assert!(Id::parse("AABBCCDDEEFF001122334455").is_some());
    }
}
