//! Tumbling and sliding windows: one accumulator per (window end, key).

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use workloads::plan::{Accumulator, Aggregate, Window};
use workloads::{Event, Output, Time};

/// Per key and window: the accumulator and the latest contributing event time.
type Slot = (Accumulator, Time);

/// Open tumbling or sliding windows, by end time then key.
pub struct FixedWindows {
    window: Window,
    aggregate: Aggregate,
    /// A window's end identifies it (its start is `end - size`).
    open: BTreeMap<Time, FxHashMap<u64, Slot>>,
    entries: u64,
}

/// Logical bytes per open (window, key): key, accumulator (4 words), latest time.
const ENTRY_BYTES: u64 = 8 + 32 + 8;

impl FixedWindows {
    /// Empty state for `window` computing `aggregate`.
    pub fn new(window: Window, aggregate: Aggregate) -> Self {
        FixedWindows {
            window,
            aggregate,
            open: BTreeMap::new(),
            entries: 0,
        }
    }

    /// Adds a record to every window containing its time.
    #[inline]
    pub fn insert(&mut self, rec: &Output) {
        let (key, value, latest) = (rec.event.key, rec.event.value, rec.latest);
        let (open, entries) = (&mut self.open, &mut self.entries);
        self.window.for_each_window(rec.event.time, |_, end| {
            let slot = open.entry(end).or_default().entry(key).or_insert_with(|| {
                *entries += 1;
                (Accumulator::default(), 0)
            });
            slot.0.add(value);
            slot.1 = slot.1.max(latest);
        });
    }

    /// Emits and drops every window with `end <= watermark`.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        while let Some(entry) = self.open.first_entry() {
            if *entry.key() > watermark {
                break;
            }
            let (end, keys) = entry.remove_entry();
            self.entries -= keys.len() as u64;
            out.extend(keys.into_iter().map(|(key, (acc, latest))| Output {
                event: Event::new(end - 1, key, acc.result(self.aggregate)),
                cause,
                latest,
            }));
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.entries * ENTRY_BYTES + self.open.len() as u64 * 8
    }

    /// Serialises the open windows.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.open.len() as u64);
        for (end, keys) in &self.open {
            e.u64(*end);
            e.u64(keys.len() as u64);
            for (key, (acc, latest)) in keys {
                e.u64(*key);
                e.acc(acc);
                e.u64(*latest);
            }
        }
    }

    /// Replaces the open windows with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        self.open.clear();
        self.entries = 0;
        for _ in 0..d.len(16)? {
            let end = d.u64()?;
            let keys = self.open.entry(end).or_default();
            for _ in 0..d.len(48)? {
                let key = d.u64()?;
                keys.insert(key, (d.acc()?, d.u64()?));
                self.entries += 1;
            }
        }
        Ok(())
    }
}
