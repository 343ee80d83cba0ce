//! What an engine emits: a result event plus what the harness needs to time it.

use crate::event::{Event, Payload, Time};
use crate::rng::mix64;
use serde::{Deserialize, Serialize};

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
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn fingerprint_separates_fields() {
        let a = Event::new(1, 2, 3);
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_ne!(fingerprint(&a), fingerprint(&Event::new(1, 3, 2)));
        assert_ne!(fingerprint(&a), fingerprint(&Event::new(2, 2, 3)));
        let p = Event {
            payload: Payload::Bytes(Arc::from(&b"x"[..])),
            ..a.clone()
        };
        let q = Event {
            payload: Payload::Bytes(Arc::from(&b"x\0"[..])),
            ..a.clone()
        };
        assert_ne!(fingerprint(&a), fingerprint(&p));
        assert_ne!(fingerprint(&p), fingerprint(&q));
    }
}
