//! Tumbling and sliding windows: one accumulator per (window end, key).

use super::acc::Acc;
use super::table::{Table, Wide};
use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use workloads::plan::{Aggregate, Window};
use workloads::{Event, Output, Time};

/// Open tumbling or sliding windows, by end time then key.
pub struct FixedWindows<A: Acc> {
    window: Window,
    aggregate: Aggregate,
    /// Open windows sorted by end (a window's end identifies it). There are few of them
    /// (one or two tumbling windows, `size / slide` sliding ones), so a sorted vector beats
    /// a tree, and the last one hit is usually the next one hit.
    open: Vec<(Time, Table<A>)>,
    /// Emptied tables kept with their capacity: the next window has about as many keys, and
    /// growing a million-key table from empty costs more than filling it.
    spare: Vec<Table<A>>,
}

impl<A: Acc> FixedWindows<A> {
    /// Empty state for `window` computing `aggregate`.
    pub fn new(window: Window, aggregate: Aggregate) -> Self {
        FixedWindows {
            window,
            aggregate,
            open: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// The keys of the window ending at `end`, opened if needed.
    #[inline]
    fn keys(&mut self, end: Time) -> &mut Table<A> {
        let i = match self.open.binary_search_by_key(&end, |(e, _)| *e) {
            Ok(i) => i,
            Err(i) => {
                let keys = Table::new(self.aggregate, &mut self.spare);
                self.open.insert(i, (end, keys));
                i
            }
        };
        &mut self.open[i].1
    }

    /// Adds a record to every window containing its time.
    #[inline]
    pub fn insert(&mut self, rec: &Output) {
        let (key, value, latest) = (rec.event.key, rec.event.value, rec.latest);
        let (window, a) = (self.window, self.aggregate);
        window.for_each_window(rec.event.time, |end| {
            self.keys(end).add(a, end, key, value, latest);
        });
    }

    /// Emits and drops every window with `end <= watermark`.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        let due = self.open.partition_point(|(end, _)| *end <= watermark);
        for (end, mut keys) in self.open.drain(..due) {
            out.reserve(keys.len());
            out.extend(
                keys.drain(self.aggregate, end)
                    .map(|(key, result, latest)| Output {
                        event: Event::new(end - 1, key, result),
                        cause,
                        latest,
                    }),
            );
            self.spare.push(keys);
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.open
            .iter()
            .map(|(_, t)| t.len() as u64 * t.entry_bytes() + 8)
            .sum()
    }

    /// Serialises the open windows.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.open.len() as u64);
        for (end, keys) in &self.open {
            e.u64(*end);
            e.u64(keys.len() as u64);
            for (key, acc, latest) in keys.wide_entries(*end) {
                e.u64(key);
                acc.encode(e);
                e.u64(latest);
            }
        }
    }

    /// Replaces the open windows with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        self.open.clear();
        for _ in 0..d.len(16)? {
            let end = d.u64()?;
            let mut keys = Wide::<A>::default();
            for _ in 0..d.len(24)? {
                let key = d.u64()?;
                keys.insert(key, (A::decode(d)?, d.u64()?));
            }
            let keys = Table::Wide(keys);
            match self.open.binary_search_by_key(&end, |(e, _)| *e) {
                Ok(i) => self.open[i].1 = keys,
                Err(i) => self.open.insert(i, (end, keys)),
            }
        }
        Ok(())
    }
}
