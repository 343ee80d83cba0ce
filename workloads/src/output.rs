//! What an engine emits: a result event plus what the harness needs to time it.

use crate::event::{Event, Payload, Time};
use crate::rng::mix64;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// One result of a plan, as delivered to the harness's sink.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// The result record.
    pub event: Event,
    /// Scheduled time of the input whose arrival let this result be emitted: the event itself
    /// for stateless results, the watermark (or end of stream) that closed a window or join.
    /// Latency is measured from here, which keeps coordinated omission out of the figures.
    pub cause: Time,
    /// The latest event time among the inputs that contributed to this result; emission minus
    /// this is the field's event-time latency.
    pub latest: Time,
}

/// An order-insensitive identity of a result event: equal events have equal fingerprints.
///
/// The harness keeps one fingerprint per output instead of the output itself, so checking a
/// long run against the reference costs 8 bytes per output.
#[inline]
pub fn fingerprint(e: &Event) -> u64 {
    let mut h = mix64(e.time ^ 0x51_7CC1_B727_220A);
    h = mix64(h ^ e.key);
    h = mix64(h ^ e.value as u64);
    if let Payload::Bytes(b) = &e.payload {
        for chunk in b.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            h = mix64(h ^ u64::from_le_bytes(w));
        }
        h = mix64(h ^ b.len() as u64);
    }
    if let Payload::Nexmark(_) | Payload::Row(_) = &e.payload {
        // Structured payloads go through their derived `Hash` into a hasher with no random
        // keys, so fingerprints are equal across processes too.
        let mut m = MixHasher(h);
        e.payload.hash(&mut m);
        h = m.finish();
    }
    h
}

/// A deterministic [`Hasher`] folding 8-byte words through [`mix64`].
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = mix64(self.0 ^ u64::from_le_bytes(w));
        }
        self.0 = mix64(self.0 ^ bytes.len() as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Field;
    use std::sync::Arc;

    #[test]
    fn fingerprint_separates_fields() {
        let a = Event::new(1, 2, 3);
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_ne!(fingerprint(&a), fingerprint(&Event::new(1, 3, 2)));
        assert_ne!(fingerprint(&a), fingerprint(&Event::new(2, 2, 3)));
        let p = Event {
            payload: Payload::Bytes(Arc::new(b"x".to_vec())),
            ..a.clone()
        };
        let q = Event {
            payload: Payload::Bytes(Arc::new(b"x\0".to_vec())),
            ..a.clone()
        };
        assert_ne!(fingerprint(&a), fingerprint(&p));
        assert_ne!(fingerprint(&p), fingerprint(&q));
        let row = |fields: Vec<Field>| Event {
            payload: Payload::row(fields),
            ..a.clone()
        };
        let (r1, r2) = (
            row(vec![Field::Int(1), Field::str("ab")]),
            row(vec![Field::Int(1), Field::str("a"), Field::str("b")]),
        );
        assert_eq!(fingerprint(&r1), fingerprint(&r1.clone()));
        assert_ne!(fingerprint(&r1), fingerprint(&r2));
        assert_ne!(fingerprint(&r1), fingerprint(&a));
    }
}
