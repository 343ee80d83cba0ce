//! `StreamJoin`: an unwindowed incremental join. Every record is kept for ever by key; each
//! arrival pairs with every record of the other side already there.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use workloads::plan::JoinFn;
use workloads::{Event, Output};

type Sides = (Vec<Output>, Vec<Output>);

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
        e.u64(self.sides.len() as u64);
        for (key, (ls, rs)) in &self.sides {
            e.u64(*key);
            for side in [ls, rs] {
                e.u64(side.len() as u64);
                side.iter().for_each(|o| e.output(o));
            }
        }
    }

    /// Replaces both sides with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        *self = StreamJoin::new(self.combine.clone());
        for _ in 0..d.len(24)? {
            let key = d.u64()?;
            let mut sides: Sides = Default::default();
            for side in [&mut sides.0, &mut sides.1] {
                for _ in 0..d.len(48)? {
                    let o = d.output()?;
                    self.records += 1;
                    self.payload_bytes += o.event.payload.len() as u64;
                    side.push(o);
                }
            }
            self.sides.insert(key, sides);
        }
        Ok(())
    }
}
