//! Stock rules (core.md §9.2) as pure functions: which inventory records a withdrawal takes
//! from, oldest first.

use super::Id;

/// The stock types of inventory records and withdrawals.
pub const STOCK_TYPES: &[&str] = &["Raw", "Reuse"];

/// Not enough stock: what was available.
#[derive(Debug, PartialEq)]
pub struct Shortfall {
    pub available: f64,
}

/// Takes `quantity` from `records` (id, quantity), oldest first, each record giving
/// `min(its quantity, what is still needed)`. Returns the amount to take from each record that
/// gives something, or the shortfall when the records hold less than `quantity` in total.
pub fn take_fifo(records: &[(Id, f64)], quantity: f64) -> Result<Vec<(Id, f64)>, Shortfall> {
    let available: f64 = records.iter().map(|(_, q)| q.max(0.0)).sum();
    if available < quantity {
        return Err(Shortfall { available });
    }
    let mut remaining = quantity;
    let mut takes = Vec::new();
    for (id, held) in records {
        if remaining <= 0.0 {
            break;
        }
        let take = held.max(0.0).min(remaining);
        if take > 0.0 {
            takes.push((*id, take));
            remaining -= take;
        }
    }
    Ok(takes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_oldest_first_and_only_what_is_needed() {
        let (a, b, c) = (Id::new(), Id::new(), Id::new());
        let takes = take_fifo(&[(a, 10.0), (b, 0.0), (c, 30.0)], 25.0);
        assert_eq!(takes, Ok(vec![(a, 10.0), (c, 15.0)]));
    }

    #[test]
    fn reports_the_available_total_when_short() {
        let a = Id::new();
        assert_eq!(
            take_fifo(&[(a, 20.0)], 25.0),
            Err(Shortfall { available: 20.0 })
        );
        assert_eq!(take_fifo(&[], 1.0), Err(Shortfall { available: 0.0 }));
    }

    #[test]
    fn fractions_are_allowed() {
        let a = Id::new();
        assert_eq!(take_fifo(&[(a, 2.5)], 2.5), Ok(vec![(a, 2.5)]));
    }
}
