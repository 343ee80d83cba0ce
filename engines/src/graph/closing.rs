//! `Closing`: each left record covers an interval on its key; the best accepted right record
//! inside it is tracked as records arrive and emitted with the left one when the watermark
//! reaches the interval's end (an auction and its winning bid).
//!
//! Right records may come before their left record (the Nexmark generator bids on auctions
//! up to ten ids ahead, and Beam's winning bids count those bids), so every right record is
//! kept, by key, for a left record still to come. What bounds that state is the node's
//! `lookback`: a left record covers right records from `time - lookback` on, and every
//! record reaches a node at or above the node's watermark (the source drops late events and
//! each operator stamps its results at or above the watermark it last passed on). So once
//! the watermark passes `r.time + lookback`, no left record to come can cover `r`, and it
//! is dropped. For Nexmark's winning bids the lookback is Beam's bid window (twice the
//! expected auction duration), which keeps the bids of about 35 ms at 100 k events/s.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use workloads::plan::{JoinFn, PairPredicate, TimeFn};
use workloads::{Event, Output, Time};

/// An open interval and its best candidate so far.
struct Open {
    left: Output,
    end: Time,
    best: Option<Output>,
}

/// Open intervals and the right records a future left record could still pick.
pub struct Closing {
    lookback: Time,
    end: TimeFn,
    accept: PairPredicate,
    combine: JoinFn,
    lefts: FxHashMap<u64, Vec<Open>>,
    /// Interval ends, with the keys whose intervals end there (a key may repeat).
    deadlines: BTreeMap<Time, Vec<u64>>,
    /// Right records by key. A right record is kept while `time + lookback` is at or above
    /// the node's watermark: a left record arriving later (time >= watermark) may still
    /// cover it.
    rights: FxHashMap<u64, Vec<Output>>,
    /// Right record times, with their keys, for pruning.
    by_time: BTreeMap<Time, Vec<u64>>,
    records: u64,
    payload_bytes: u64,
}

const RECORD_BYTES: u64 = 5 * 8;

/// The order candidates are ranked in: largest value, then earliest time, then smallest event.
fn rank(o: &Output) -> (i64, Reverse<Time>, Reverse<&Event>) {
    (o.event.value, Reverse(o.event.time), Reverse(&o.event))
}

impl Closing {
    /// Empty state.
    pub fn new(lookback: Time, end: TimeFn, accept: PairPredicate, combine: JoinFn) -> Self {
        Closing {
            lookback,
            end,
            accept,
            combine,
            lefts: FxHashMap::default(),
            deadlines: BTreeMap::new(),
            rights: FxHashMap::default(),
            by_time: BTreeMap::new(),
            records: 0,
            payload_bytes: 0,
        }
    }

    fn count(&mut self, rec: &Output, add: bool) {
        let bytes = rec.event.payload.len() as u64;
        if add {
            self.records += 1;
            self.payload_bytes += bytes;
        } else {
            self.records -= 1;
            self.payload_bytes -= bytes;
        }
    }

    fn offer(lookback: Time, accept: &PairPredicate, open: &mut Open, r: &Output) {
        let t = r.event.time;
        let inside = open.left.event.time <= t.saturating_add(lookback) && t < open.end;
        if inside
            && accept(&open.left.event, &r.event)
            && open.best.as_ref().is_none_or(|b| rank(r) > rank(b))
        {
            open.best = Some(r.clone());
        }
    }

    /// Adds a left (`left == true`) or right record.
    pub fn insert(&mut self, left: bool, rec: &Output) {
        let key = rec.event.key;
        self.count(rec, true);
        if left {
            let end = (self.end)(&rec.event);
            let mut open = Open {
                left: rec.clone(),
                end,
                best: None,
            };
            for r in self.rights.get(&key).into_iter().flatten() {
                Self::offer(self.lookback, &self.accept, &mut open, r);
            }
            self.lefts.entry(key).or_default().push(open);
            self.deadlines.entry(end).or_default().push(key);
        } else {
            for open in self.lefts.get_mut(&key).into_iter().flatten() {
                Self::offer(self.lookback, &self.accept, open, rec);
            }
            self.rights.entry(key).or_default().push(rec.clone());
            self.by_time.entry(rec.event.time).or_default().push(key);
        }
    }

    /// Emits every interval with `end <= watermark` that has a candidate, and forgets right
    /// records no future left record can cover.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        while let Some(entry) = self.deadlines.first_entry() {
            if *entry.key() > watermark {
                break;
            }
            for key in entry.remove() {
                let Some(opens) = self.lefts.get_mut(&key) else {
                    continue;
                };
                let (done, keep): (Vec<Open>, Vec<Open>) =
                    opens.drain(..).partition(|o| o.end <= watermark);
                *opens = keep;
                if opens.is_empty() {
                    self.lefts.remove(&key);
                }
                for o in done {
                    self.count(&o.left, false);
                    if let Some(b) = o.best {
                        out.push(Output {
                            event: Event {
                                time: o.end - 1,
                                key,
                                ..(self.combine)(&o.left.event, &b.event)
                            },
                            cause,
                            latest: o.left.latest.max(b.latest),
                        });
                    }
                }
            }
        }
        // Right records with time + lookback < watermark, i.e. time < horizon.
        let horizon = watermark.saturating_sub(self.lookback);
        while let Some(entry) = self.by_time.first_entry() {
            if *entry.key() >= horizon {
                break;
            }
            for key in entry.remove() {
                let Some(rs) = self.rights.get_mut(&key) else {
                    continue;
                };
                let (old, keep): (Vec<Output>, Vec<Output>) =
                    rs.drain(..).partition(|r| r.event.time < horizon);
                *rs = keep;
                if rs.is_empty() {
                    self.rights.remove(&key);
                }
                old.iter().for_each(|r| self.count(r, false));
            }
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.records * RECORD_BYTES + self.payload_bytes
    }

    /// Serialises open intervals (with their candidates) and kept right records.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.lefts.values().map(Vec::len).sum::<usize>() as u64);
        for open in self.lefts.values().flatten() {
            e.output(&open.left);
            e.u64(open.best.is_some() as u64);
            if let Some(b) = &open.best {
                e.output(b);
            }
        }
        e.u64(self.rights.values().map(Vec::len).sum::<usize>() as u64);
        self.rights.values().flatten().for_each(|r| e.output(r));
    }

    /// Replaces the state with a decoded one.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        *self = Closing::new(
            self.lookback,
            self.end.clone(),
            self.accept.clone(),
            self.combine.clone(),
        );
        let mut opens = Vec::new();
        for _ in 0..d.len(56)? {
            let left = d.output()?;
            let best = if d.u64()? != 0 {
                Some(d.output()?)
            } else {
                None
            };
            opens.push((left, best));
        }
        for _ in 0..d.len(48)? {
            let r = d.output()?;
            self.count(&r, true);
            self.rights.entry(r.event.key).or_default().push(r.clone());
            self.by_time
                .entry(r.event.time)
                .or_default()
                .push(r.event.key);
        }
        for (left, best) in opens {
            let (key, end) = (left.event.key, (self.end)(&left.event));
            self.count(&left, true);
            self.deadlines.entry(end).or_default().push(key);
            self.lefts
                .entry(key)
                .or_default()
                .push(Open { left, end, best });
        }
        Ok(())
    }
}
