//! `StreamJoin`: an unwindowed incremental join. Every record is kept for ever by key; each
//! arrival pairs with every record of the other side already there.

use super::join::{decode_sides, encode_sides, Sides};
use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use workloads::plan::JoinFn;
use workloads::{Event, Output};

/// Both sides' records by key.
pub struct StreamJoin {
    combine: JoinFn,
    sides: FxHashMap<u64, Sides>,
    records: u64,
    payload_bytes: u64,
}

const RECORD_BYTES: u64 = 5 * 8;

impl StreamJoin {
    /// Empty state.
    pub fn new(combine: JoinFn) -> Self {
        StreamJoin {
            combine,
            sides: FxHashMap::default(),
            records: 0,
            payload_bytes: 0,
        }
    }

    /// Stores a left (`left == true`) or right record and emits its pairs with the other
    /// side: key, the later event time, the later cause, the later latest time.
    pub fn insert(&mut self, left: bool, rec: &Output, out: &mut Vec<Output>) {
        let key = rec.event.key;
        let (ls, rs) = self.sides.entry(key).or_default();
        let others = if left { &*rs } else { &*ls };
        for other in others {
            let (l, r) = if left { (rec, other) } else { (other, rec) };
            out.push(Output {
                event: Event {
                    time: l.event.time.max(r.event.time),
                    key,
                    ..(self.combine)(&l.event, &r.event)
                },
                cause: l.cause.max(r.cause),
                latest: l.latest.max(r.latest),
            });
        }
        if left { ls } else { rs }.push(rec.clone());
        self.records += 1;
        self.payload_bytes += rec.event.payload.len() as u64;
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.records * RECORD_BYTES + self.payload_bytes
    }

    /// Serialises both sides.
    pub fn encode(&self, e: &mut Encoder) {
        encode_sides(e, &self.sides);
    }

    /// Replaces both sides with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        *self = StreamJoin::new(self.combine.clone());
        self.sides = decode_sides(d, &mut self.records, &mut self.payload_bytes)?;
        Ok(())
    }
}
