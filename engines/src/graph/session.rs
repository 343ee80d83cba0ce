//! Session windows: per key, a set of disjoint sessions that merge when an event bridges them.

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use workloads::plan::{Accumulator, Aggregate};
use workloads::{Event, Output, Time};

/// One open session `[start, end)` where `end` is the last event time plus the gap.
#[derive(Clone, Copy, Debug)]
struct Session {
    start: Time,
    end: Time,
    acc: Accumulator,
    latest: Time,
}

/// Open sessions per key, with a timer index by end time.
pub struct Sessions {
    gap: Time,
    aggregate: Aggregate,
    open: FxHashMap<u64, Vec<Session>>,
    /// `(end, key)` of sessions that may be due; stale entries (a session that grew) are
    /// skipped when popped, which is cheaper than removing them on every merge.
    timers: BTreeSet<(Time, u64)>,
    sessions: u64,
}

/// Logical bytes per open session: key, bounds, accumulator, latest.
const SESSION_BYTES: u64 = 8 + 16 + 32 + 8;

impl Sessions {
    /// Empty state closing sessions after `gap`.
    pub fn new(gap: Time, aggregate: Aggregate) -> Self {
        Sessions {
            gap,
            aggregate,
            open: FxHashMap::default(),
            timers: BTreeSet::new(),
            sessions: 0,
        }
    }

    /// Adds a record, merging every session its interval `[t, t + gap)` overlaps.
    pub fn insert(&mut self, rec: &Output) {
        let t = rec.event.time;
        let mut merged = Session {
            start: t,
            end: t.saturating_add(self.gap),
            acc: Accumulator::default(),
            latest: rec.latest,
        };
        merged.acc.add(rec.event.value);
        let list = self.open.entry(rec.event.key).or_default();
        let before = list.len();
        list.retain(|s| {
            let overlaps = s.start < merged.end && merged.start < s.end;
            if overlaps {
                merged.start = merged.start.min(s.start);
                merged.end = merged.end.max(s.end);
                merged.acc.merge(&s.acc);
                merged.latest = merged.latest.max(s.latest);
            }
            !overlaps
        });
        self.sessions = self.sessions + 1 + list.len() as u64 - before as u64;
        list.push(merged);
        self.timers.insert((merged.end, rec.event.key));
    }

    /// Emits and drops every session with `end <= watermark`.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        while let Some(&(end, key)) = self.timers.first() {
            if end > watermark {
                break;
            }
            self.timers.pop_first();
            let Some(list) = self.open.get_mut(&key) else {
                continue;
            };
            let before = list.len();
            list.retain(|s| {
                let due = s.end <= watermark;
                if due {
                    out.push(Output {
                        event: Event::new(s.end - 1, key, s.acc.result(self.aggregate)),
                        cause,
                        latest: s.latest,
                    });
                }
                !due
            });
            self.sessions -= (before - list.len()) as u64;
            if list.is_empty() {
                self.open.remove(&key);
            }
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        self.sessions * SESSION_BYTES
    }

    /// Serialises the open sessions.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.sessions);
        for (key, list) in &self.open {
            for s in list {
                e.u64(*key);
                e.u64(s.start);
                e.u64(s.end);
                e.acc(&s.acc);
                e.u64(s.latest);
            }
        }
    }

    /// Replaces the open sessions with decoded ones.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        self.open.clear();
        self.timers.clear();
        self.sessions = 0;
        for _ in 0..d.len(64)? {
            let key = d.u64()?;
            let s = Session {
                start: d.u64()?,
                end: d.u64()?,
                acc: d.acc()?,
                latest: d.u64()?,
            };
            self.open.entry(key).or_default().push(s);
            self.timers.insert((s.end, key));
            self.sessions += 1;
        }
        Ok(())
    }
}
