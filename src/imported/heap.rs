//! The min-heap of the hierarchy's searches and of the snap's tree walk: each
//! entry a (key, item) pair of two u32 packed into one u64, the key in the high
//! half and the item in the low, so that entries order as the pairs do (key,
//! then item) and compare as one word.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, Default, Clone)]
pub(crate) struct PackedHeap(BinaryHeap<Reverse<u64>>);

/// The entry of `(key, item)`.
#[inline]
fn pack(key: u32, item: u32) -> u64 {
    (u64::from(key) << 32) | u64::from(item)
}

/// The `(key, item)` of an entry.
#[inline]
fn unpack(entry: u64) -> (u32, u32) {
    ((entry >> 32) as u32, entry as u32)
}

impl PackedHeap {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self(BinaryHeap::with_capacity(capacity))
    }

    #[inline]
    pub(crate) fn push(&mut self, key: u32, item: u32) {
        self.0.push(Reverse(pack(key, item)));
    }

    /// Takes the entry of the least key (of equal keys, the least item).
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(u32, u32)> {
        self.0.pop().map(|Reverse(entry)| unpack(entry))
    }

    /// The least key, if any.
    #[inline]
    pub(crate) fn min_key(&self) -> Option<u32> {
        self.0.peek().map(|&Reverse(entry)| unpack(entry).0)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_out_in_the_order_of_their_pairs() {
        let pairs = [(7, 1), (3, 9), (3, 2), (u32::MAX, 0), (0, u32::MAX), (7, 0)];
        let mut heap = PackedHeap::default();
        for &(key, item) in &pairs {
            heap.push(key, item);
        }
        let mut sorted = pairs.to_vec();
        sorted.sort_unstable();
        assert_eq!(heap.min_key(), Some(0));
        let popped: Vec<(u32, u32)> = std::iter::from_fn(|| heap.pop()).collect();
        assert_eq!(popped, sorted);
        assert!(heap.is_empty() && heap.min_key().is_none());
    }
}
