//! Windowed join: both sides' records per (window end, key), paired when the window closes.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use workloads::plan::{JoinFn, Window};
use workloads::{Event, Output, Time};

/// A key's records on the left and on the right.
pub(super) type Sides = (Vec<Output>, Vec<Output>);

/// Buffered records of both inputs.
pub struct WindowJoin {
    window: Window,
    combine: JoinFn,
    open: BTreeMap<Time, FxHashMap<u64, Sides>>,
    records: u64,
    payload_bytes: u64,
}

/// Logical bytes per buffered record besides its payload: time, key, value, cause, latest.
const RECORD_BYTES: u64 = 5 * 8;

impl WindowJoin {
    /// Empty state for a join over `window`.
    pub fn new(window: Window, combine: JoinFn) -> Self {
        WindowJoin {
            window,
            combine,
            open: BTreeMap::new(),
            records: 0,
            payload_bytes: 0,
        }
    }

    /// Buffers a record of the left (`left == true`) or right input in each of its windows.
    pub fn insert(&mut self, left: bool, rec: &Output) {
        let (open, records, payload) = (&mut self.open, &mut self.records, &mut self.payload_bytes);
        self.window.for_each_window(rec.event.time, |end| {
            let sides = open
                .entry(end)
                .or_default()
                .entry(rec.event.key)
                .or_default();
            if left { &mut sides.0 } else { &mut sides.1 }.push(rec.clone());
            *records += 1;
            *payload += rec.event.payload.len() as u64;
        });
    }

    /// Emits every pair of each window with `end <= watermark`, and drops those windows.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        while let Some(entry) = self.open.first_entry() {
            if *entry.key() > watermark {
                break;
            }
            let (end, keys) = entry.remove_entry();
            for (key, (ls, rs)) in keys {
                for r in ls.iter().chain(&rs) {
                    self.records -= 1;
                    self.payload_bytes -= r.event.payload.len() as u64;
                }
                for l in &ls {
                    for r in &rs {
                        out.push(Output {
                            event: Event {
                                time: end - 1,
                                key,
                                ..(self.combine)(&l.event, &r.event)
                            },
                            cause,
                            latest: l.latest.max(r.latest),
                        });
                    }
                }
            }
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.records * RECORD_BYTES + self.payload_bytes
    }

    /// Serialises the buffered records.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.open.len() as u64);
        for (end, keys) in &self.open {
            e.u64(*end);
            encode_sides(e, keys);
        }
    }

    /// Replaces the buffered records with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        self.open.clear();
        self.records = 0;
        self.payload_bytes = 0;
        for _ in 0..d.len(16)? {
            let end = d.u64()?;
            let keys = decode_sides(d, &mut self.records, &mut self.payload_bytes)?;
            self.open.entry(end).or_default().extend(keys);
        }
        Ok(())
    }
}

/// Serialises both sides of every key.
pub(super) fn encode_sides(e: &mut Encoder, keys: &FxHashMap<u64, Sides>) {
    e.u64(keys.len() as u64);
    for (key, (ls, rs)) in keys {
        e.u64(*key);
        for side in [ls, rs] {
            e.u64(side.len() as u64);
            side.iter().for_each(|o| e.output(o));
        }
    }
}

/// Reads what [`encode_sides`] wrote, counting the records and their payload bytes.
pub(super) fn decode_sides(
    d: &mut Decoder,
    records: &mut u64,
    payload_bytes: &mut u64,
) -> Result<FxHashMap<u64, Sides>, EngineError> {
    let mut keys = FxHashMap::default();
    for _ in 0..d.len(24)? {
        let key = d.u64()?;
        let mut sides: Sides = Default::default();
        for side in [&mut sides.0, &mut sides.1] {
            for _ in 0..d.len(48)? {
                let o = d.output()?;
                *records += 1;
                *payload_bytes += o.event.payload.len() as u64;
                side.push(o);
            }
        }
        keys.insert(key, sides);
    }
    Ok(keys)
}
