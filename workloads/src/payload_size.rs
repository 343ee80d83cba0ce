//! Payload sizes: how many padding bytes each generated event carries.

use crate::event::Payload;
use crate::rng::SplitMix64;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Each event carries a payload of `min..=max` bytes, uniform in that range (fixed when equal;
/// none when both are 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadSize {
    /// Smallest payload, bytes.
    pub min: usize,
    /// Largest payload, bytes.
    pub max: usize,
}

impl PayloadSize {
    /// No payload.
    pub const NONE: PayloadSize = PayloadSize { min: 0, max: 0 };

    /// Exactly `bytes` bytes per event.
    pub fn fixed(bytes: usize) -> Self {
        PayloadSize {
            min: bytes,
            max: bytes,
        }
    }

    /// `min..=max` bytes per event (bounds in either order).
    pub fn range(a: usize, b: usize) -> Self {
        PayloadSize {
            min: a.min(b),
            max: a.max(b),
        }
    }

    /// `16` or `8..64`, as suites and the report show it.
    pub fn describe(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}..{}", self.min, self.max)
        }
    }

    /// A payload of a size drawn from the range, filled with lowercase letters. Draws nothing
    /// from `rng` when there is no payload, so adding none keeps other draws unchanged.
    #[inline]
    pub fn draw(&self, rng: &mut SplitMix64) -> Payload {
        if self.max == 0 {
            return Payload::None;
        }
        let len = if self.min == self.max {
            self.min
        } else {
            self.min + rng.below((self.max - self.min + 1) as u64) as usize
        };
        // Small payloads are built on the stack so the Arc is the only allocation.
        let mut stack = [0u8; 256];
        let mut heap = Vec::new();
        let bytes = if len <= stack.len() {
            &mut stack[..len]
        } else {
            heap.resize(len, 0);
            &mut heap[..]
        };
        for chunk in bytes.chunks_mut(8) {
            // Eight letters per draw: each byte scaled into 0..26.
            let word = rng.next_u64().to_le_bytes();
            for (b, w) in chunk.iter_mut().zip(word) {
                *b = b'a' + ((w as u32 * 26) >> 8) as u8;
            }
        }
        Payload::Bytes(Arc::new(bytes.to_vec()))
    }
}
