//! `LastN`: per key, each record replayed in event-time order (records of one time by the
//! node's order, then by event), once the watermark has passed it, into the key's `n` kept
//! records of largest rank.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use workloads::plan::{Accumulator, Aggregate, OrderFn, TimeFn};
use workloads::{Event, Output, Time};

/// Buffered records and each key's recent values.
pub struct LastN {
    n: usize,
    aggregate: Aggregate,
    rank: TimeFn,
    order: OrderFn,
    /// Records the watermark has not passed yet, by key.
    pending: FxHashMap<u64, Vec<Output>>,
    /// Per key, the kept (rank, value, latest) triples, ascending: at most `n`.
    history: FxHashMap<u64, Vec<(Time, i64, Time)>>,
    pending_records: u64,
    payload_bytes: u64,
    history_values: u64,
}

const RECORD_BYTES: u64 = 5 * 8;

impl LastN {
    /// Empty state.
    pub fn new(n: usize, aggregate: Aggregate, rank: TimeFn, order: OrderFn) -> Self {
        LastN {
            n,
            aggregate,
            rank,
            order,
            pending: FxHashMap::default(),
            history: FxHashMap::default(),
            pending_records: 0,
            payload_bytes: 0,
            history_values: 0,
        }
    }

    /// Buffers a record until the watermark passes its time.
    pub fn insert(&mut self, rec: &Output) {
        self.pending_records += 1;
        self.payload_bytes += rec.event.payload.len() as u64;
        self.pending
            .entry(rec.event.key)
            .or_default()
            .push(rec.clone());
    }

    /// Emits, per key in (time, order, event) order, every record with `time < watermark`.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        let (n, a, rank, order) = (self.n, self.aggregate, &self.rank, &self.order);
        for (key, records) in self.pending.iter_mut() {
            // Equal records differing only in their latest time (two windows' equal results)
            // go in latest order, so every engine reports the same intermediate latest.
            records.sort_by(|x, y| {
                let key = |o: &Output| (o.event.time, order(&o.event));
                key(x)
                    .cmp(&key(y))
                    .then_with(|| x.event.cmp(&y.event))
                    .then_with(|| x.latest.cmp(&y.latest))
            });
            let due = records.partition_point(|o| o.event.time < watermark);
            if due == 0 {
                continue;
            }
            let last = self.history.entry(*key).or_default();
            for o in records.drain(..due) {
                self.pending_records -= 1;
                self.payload_bytes -= o.event.payload.len() as u64;
                let entry = (rank(&o.event), o.event.value, o.latest);
                let at = last.partition_point(|e| *e <= entry);
                last.insert(at, entry);
                if last.len() > n {
                    last.remove(0);
                } else {
                    self.history_values += 1;
                }
                let mut acc = Accumulator::default();
                last.iter().for_each(|&(_, v, _)| acc.add(v));
                let latest = last.iter().map(|&(_, _, l)| l).max().unwrap_or(0);
                out.push(Output {
                    event: Event {
                        value: acc.result(a),
                        ..o.event
                    },
                    cause,
                    latest,
                });
            }
        }
        self.pending.retain(|_, v| !v.is_empty());
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.pending_records * RECORD_BYTES
            + self.payload_bytes
            + self.history_values * 24
            + self.history.len() as u64 * 8
    }

    /// Serialises pending records and histories.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.pending.len() as u64);
        for (key, records) in &self.pending {
            e.u64(*key);
            e.u64(records.len() as u64);
            records.iter().for_each(|o| e.output(o));
        }
        e.u64(self.history.len() as u64);
        for (key, last) in &self.history {
            e.u64(*key);
            e.u64(last.len() as u64);
            for (r, v, l) in last {
                e.u64(*r);
                e.i64(*v);
                e.u64(*l);
            }
        }
    }

    /// Replaces the state with a decoded one.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        *self = LastN::new(
            self.n,
            self.aggregate,
            self.rank.clone(),
            self.order.clone(),
        );
        for _ in 0..d.len(16)? {
            let key = d.u64()?;
            for _ in 0..d.len(48)? {
                let o = d.output()?;
                self.insert(&Output {
                    event: Event { key, ..o.event },
                    ..o
                });
            }
        }
        for _ in 0..d.len(16)? {
            let key = d.u64()?;
            let mut last = Vec::new();
            for _ in 0..d.len(24)? {
                last.push((d.u64()?, d.i64()?, d.u64()?));
            }
            self.history_values += last.len() as u64;
            self.history.insert(key, last);
        }
        Ok(())
    }
}
