//! `Top`: per (window end, key), the record(s) with the largest value, or the `n` largest,
//! emitted on firing.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use workloads::plan::{Ties, Window};
use workloads::{Event, Output, Time};

/// The leaders of one window and key: the largest value, the records holding it (only the
/// smallest for `Ties::First`; for `Ties::Best(n)` the `n` best records, by value descending
/// then event, and `max` unused), and the latest time of every record seen.
struct Best {
    max: i64,
    records: Vec<Output>,
    latest: Time,
}

/// Open windows of a `Top` node.
pub struct WindowTop {
    window: Window,
    ties: Ties,
    open: BTreeMap<Time, FxHashMap<u64, Best>>,
    entries: u64,
    records: u64,
    payload_bytes: u64,
}

/// Logical bytes per (window, key) entry: key, max, latest; and per kept record.
const ENTRY_BYTES: u64 = 3 * 8;
const RECORD_BYTES: u64 = 5 * 8;

impl WindowTop {
    /// Empty state.
    pub fn new(window: Window, ties: Ties) -> Self {
        WindowTop {
            window,
            ties,
            open: BTreeMap::new(),
            entries: 0,
            records: 0,
            payload_bytes: 0,
        }
    }

    /// Offers a record to every window containing its time.
    pub fn insert(&mut self, rec: &Output) {
        let (open, ties) = (&mut self.open, self.ties);
        let (entries, records, payload) = (
            &mut self.entries,
            &mut self.records,
            &mut self.payload_bytes,
        );
        let value = rec.event.value;
        self.window.for_each_window(rec.event.time, |end| {
            let keys = open.entry(end).or_default();
            let best = keys.entry(rec.event.key).or_insert_with(|| {
                *entries += 1;
                Best {
                    max: value,
                    records: Vec::new(),
                    latest: rec.latest,
                }
            });
            best.latest = best.latest.max(rec.latest);
            if let Ties::Best(n) = ties {
                // Kept sorted by (value descending, event), at most `n` long.
                let at = best.records.partition_point(|r| {
                    (std::cmp::Reverse(r.event.value), &r.event)
                        < (std::cmp::Reverse(value), &rec.event)
                });
                if at < n {
                    best.records.insert(at, rec.clone());
                    *records += 1;
                    *payload += rec.event.payload.len() as u64;
                    if best.records.len() > n {
                        let cut = best.records.pop().expect("longer than n");
                        *records -= 1;
                        *payload -= cut.event.payload.len() as u64;
                    }
                }
                return;
            }
            let replace = value > best.max
                || best.records.is_empty()
                || (value == best.max && ties == Ties::First && rec.event < best.records[0].event);
            if replace {
                for r in best.records.drain(..) {
                    *records -= 1;
                    *payload -= r.event.payload.len() as u64;
                }
            }
            if replace || (value == best.max && ties == Ties::All) {
                best.max = value;
                best.records.push(rec.clone());
                *records += 1;
                *payload += rec.event.payload.len() as u64;
            }
        });
    }

    /// Emits the leaders of every window with `end <= watermark`.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        while let Some(entry) = self.open.first_entry() {
            if *entry.key() > watermark {
                break;
            }
            let (end, keys) = entry.remove_entry();
            self.entries -= keys.len() as u64;
            for best in keys.into_values() {
                for r in best.records {
                    self.records -= 1;
                    self.payload_bytes -= r.event.payload.len() as u64;
                    out.push(Output {
                        event: Event {
                            time: end - 1,
                            ..r.event
                        },
                        cause,
                        latest: best.latest,
                    });
                }
            }
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.entries * ENTRY_BYTES + self.records * RECORD_BYTES + self.payload_bytes
    }

    /// Serialises the open windows.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.open.len() as u64);
        for (end, keys) in &self.open {
            e.u64(*end);
            e.u64(keys.len() as u64);
            for (key, best) in keys {
                e.u64(*key);
                e.i64(best.max);
                e.u64(best.latest);
                e.u64(best.records.len() as u64);
                best.records.iter().for_each(|o| e.output(o));
            }
        }
    }

    /// Replaces the open windows with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        *self = WindowTop::new(self.window, self.ties);
        for _ in 0..d.len(16)? {
            let end = d.u64()?;
            let mut keys = FxHashMap::default();
            for _ in 0..d.len(32)? {
                let key = d.u64()?;
                let (max, latest) = (d.i64()?, d.u64()?);
                let mut records = Vec::new();
                for _ in 0..d.len(48)? {
                    let o = d.output()?;
                    self.records += 1;
                    self.payload_bytes += o.event.payload.len() as u64;
                    records.push(o);
                }
                keys.insert(
                    key,
                    Best {
                        max,
                        records,
                        latest,
                    },
                );
            }
            self.entries += keys.len() as u64;
            self.open.insert(end, keys);
        }
        Ok(())
    }
}
