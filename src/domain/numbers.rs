//! Auto-numbers (core.md §12): one counter per kind, `<PREFIX>-<seq padded to 4 digits>`.

/// The kinds of document that get a human number, with their counter names and prefixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    Request,
    Order,
    Claim,
    Pane,
    Withdrawal,
    Inventory,
}

impl Counter {
    /// The counter's key in the `counters` table (the upstream collection's `_id`).
    pub fn name(self) -> &'static str {
        match self {
            Counter::Request => "request",
            Counter::Order => "order",
            Counter::Claim => "claim",
            Counter::Pane => "pane",
            Counter::Withdrawal => "withdrawal",
            Counter::Inventory => "inventory",
        }
    }

    pub fn prefix(self) -> &'static str {
        match self {
            Counter::Request => "REQ",
            Counter::Order => "ORD",
            Counter::Claim => "CLM",
            Counter::Pane => "PNE",
            Counter::Withdrawal => "WDW",
            Counter::Inventory => "INV",
        }
    }

    pub fn format(self, seq: i64) -> String {
        format!("{}-{seq:04}", self.prefix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_pad_to_four_digits_and_never_wrap() {
        assert_eq!(Counter::Request.format(1), "REQ-0001");
        assert_eq!(Counter::Pane.format(9999), "PNE-9999");
        assert_eq!(Counter::Pane.format(10000), "PNE-10000");
    }
}
