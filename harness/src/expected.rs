//! The reference's results, indexed so the measuring thread can match every delivered result
//! to the one the reference expects, and time it from the reference's cause.
//!
//! Why: an engine reports each result's cause and latest event time, and latency is measured
//! from the cause. Trusting the engine's word would let an engine that stamps a later cause
//! report any latency it likes. So the harness never times a result from what the engine
//! says: it looks the result up among the reference's results and takes the cause and latest
//! time from there; the engine's own are only cross-checked (a difference fails the run).
//! An engine that carries no causes at all can be timed exactly the same way.

use std::sync::Arc;
use workloads::reference::Evaluation;
use workloads::{fingerprint, Output, Time};

/// What matching reads of one expected result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    cause: Time,
    fingerprint: u64,
    latest: Time,
}

/// The reference's results of one workload, prepared once and shared by every run of it.
///
/// Results are kept in ascending (cause, event fingerprint, latest): roughly the order an
/// engine delivers them in. An honest engine's result is found from the cause it claims by a
/// galloping search from where the last one was found, which mostly stays in cache; only a
/// result the engine attributes differently (or an engine without causes) needs the index
/// by event, built on first need.
pub struct Expected {
    /// The results, in `keys` order.
    outputs: Vec<Output>,
    /// Each result's (cause, fingerprint, latest), ascending.
    keys: Vec<Key>,
    /// Late events according to the reference.
    pub late: u64,
}

impl Expected {
    /// Indexes the reference's evaluation, in place: a result is held once (and, while
    /// sorting, with a key and its position beside it).
    pub fn new(eval: Evaluation) -> Self {
        let key = |o: &Output| Key {
            cause: o.cause,
            fingerprint: fingerprint(&o.event),
            latest: o.latest,
        };
        let mut outputs = eval.outputs;
        outputs.sort_by_cached_key(key);
        Expected {
            keys: outputs.iter().map(key).collect(),
            outputs,
            late: eval.late_events,
        }
    }

    /// Number of expected results.
    pub fn len(&self) -> usize {
        self.outputs.len()
    }

    /// Whether the reference expects no result at all.
    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }

    /// The `i`-th expected result (indices as [`Matcher::find`] gives them).
    pub fn output(&self, i: u32) -> &Output {
        &self.outputs[i as usize]
    }

    /// A fresh matcher for one run (or one process of it).
    pub fn matcher(self: &Arc<Self>) -> Matcher {
        Matcher {
            expected: self.clone(),
            taken: vec![false; self.outputs.len()],
            cursor: 0,
            by_event: None,
            causes: true,
        }
    }
}

/// How a delivered result matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// The expected result with this index, with the same cause and latest time.
    Exact(u32),
    /// The expected result with this index: the same event, but the engine reported another
    /// cause or latest time.
    Misattributed(u32),
    /// No expected result is left for this event.
    Unexpected,
}

/// One run's matching state: which expected results have been delivered.
pub struct Matcher {
    expected: Arc<Expected>,
    taken: Vec<bool>,
    /// Where the last result was found: the next is usually near.
    cursor: usize,
    /// Positions in ascending (fingerprint, cause), for results not found by their cause.
    by_event: Option<Vec<u32>>,
    /// Whether the engine's cause and latest time are cross-checked.
    causes: bool,
}

impl Matcher {
    /// The same matcher for an engine that declares no causes: a result matches by its
    /// event alone (the earliest expected cause first), and is never misattributed.
    pub fn by_event(self) -> Matcher {
        Matcher {
            causes: false,
            ..self
        }
    }

    /// Matches a delivered result to an expected one not yet delivered, and marks it
    /// delivered. The one with the engine's cause and latest time is preferred, then the
    /// same event with the same cause, then the same event with the earliest cause (equal
    /// results arrive in cause order).
    pub fn find(&mut self, o: &Output) -> Found {
        let fp = fingerprint(&o.event);
        if !self.causes {
            return match self.find_by_event(fp, o) {
                Some(i) => {
                    self.taken[i] = true;
                    Found::Exact(i as u32)
                }
                None => Found::Unexpected,
            };
        }
        let expected = &*self.expected;
        let target = (o.cause, fp);
        let start = seek(&expected.keys, self.cursor, target);
        self.cursor = start;
        let mut same_cause = None;
        for i in start..expected.keys.len() {
            let k = expected.keys[i];
            if (k.cause, k.fingerprint) != target {
                break;
            }
            if self.taken[i] || expected.outputs[i].event != o.event {
                continue;
            }
            if k.latest == o.latest {
                self.taken[i] = true;
                return Found::Exact(i as u32);
            }
            same_cause.get_or_insert(i);
        }
        let other = same_cause.or_else(|| self.find_by_event(fp, o));
        match other {
            Some(i) => {
                self.taken[i] = true;
                Found::Misattributed(i as u32)
            }
            None => Found::Unexpected,
        }
    }

    /// Whether `o` (which [`Self::find`] found no expected result left for) repeats an
    /// expected result already delivered: a duplicate, as a replay after a recovery
    /// delivers under at-least-once, rather than a result the reference does not have.
    pub fn delivered_before(&mut self, o: &Output) -> bool {
        let fp = fingerprint(&o.event);
        let expected = &*self.expected;
        let start = seek(&expected.keys, self.cursor, (o.cause, fp));
        let same = expected.keys[start..]
            .iter()
            .zip(start..)
            .take_while(|(k, _)| (k.cause, k.fingerprint) == (o.cause, fp))
            .any(|(_, i)| self.taken[i] && expected.outputs[i].event == o.event);
        if same {
            return true;
        }
        let keys = &expected.keys;
        let order = self.by_event.get_or_insert_with(|| by_event(keys));
        let from = order.partition_point(|&i| keys[i as usize].fingerprint < fp);
        order[from..]
            .iter()
            .map(|&i| i as usize)
            .take_while(|&i| keys[i].fingerprint == fp)
            .any(|i| self.taken[i] && expected.outputs[i].event == o.event)
    }

    /// The earliest-caused expected result not yet delivered with `o`'s event, whatever its
    /// cause: the slow path, for results the engine attributes otherwise than the reference.
    fn find_by_event(&mut self, fp: u64, o: &Output) -> Option<usize> {
        let expected = &*self.expected;
        let keys = &expected.keys;
        let order = self.by_event.get_or_insert_with(|| by_event(keys));
        let from = order.partition_point(|&i| keys[i as usize].fingerprint < fp);
        order[from..]
            .iter()
            .map(|&i| i as usize)
            .take_while(|&i| keys[i].fingerprint == fp)
            .find(|&i| !self.taken[i] && expected.outputs[i].event == o.event)
    }
}

/// Positions of `keys` in ascending (fingerprint, position).
fn by_event(keys: &[Key]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_unstable_by_key(|&i| (keys[i as usize].fingerprint, i));
    order
}

/// The first position in `keys` whose (cause, fingerprint) is not below `target`, searched
/// by doubling steps away from `from` and then bisecting: a few probes when the answer is
/// near the last one.
fn seek(keys: &[Key], from: usize, target: (Time, u64)) -> usize {
    let below = |i: usize| (keys[i].cause, keys[i].fingerprint) < target;
    let n = keys.len();
    let (mut lo, mut hi);
    let mut step = 1;
    if from < n && below(from) {
        // After `from`: widen until `hi` is past the target (or the end).
        (lo, hi) = (from + 1, (from + 1).min(n));
        while hi < n && below(hi) {
            lo = hi + 1;
            step *= 2;
            hi = (from + step).min(n);
        }
    } else {
        // At or before `from`: widen backwards until `lo - 1` is below the target.
        (lo, hi) = (from.min(n), from.min(n));
        while lo > 0 {
            let probe = hi.saturating_sub(step);
            if below(probe) {
                lo = probe + 1;
                break;
            }
            (lo, hi) = (probe, probe);
            step *= 2;
        }
    }
    // The answer is in [lo, hi]: everything before lo is below, hi is not (or is the end).
    lo + keys[lo..hi].partition_point(|k| (k.cause, k.fingerprint) < target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::Event;

    fn out(time: u64, value: i64, cause: u64, latest: u64) -> Output {
        Output {
            event: Event::new(time, 1, value),
            cause,
            latest,
        }
    }

    fn expected(outputs: Vec<Output>) -> Arc<Expected> {
        Arc::new(Expected::new(Evaluation {
            outputs,
            late_events: 0,
        }))
    }

    #[test]
    fn seek_finds_the_first_position_not_below_from_anywhere() {
        let keys: Vec<Key> = [1, 1, 3, 5, 5, 5, 8, 13, 13, 20]
            .iter()
            .map(|&c| Key {
                cause: c,
                fingerprint: 0,
                latest: 0,
            })
            .collect();
        for target in 0..22 {
            let want = keys.partition_point(|k| k.cause < target);
            for from in 0..=keys.len() {
                assert_eq!(seek(&keys, from, (target, 0)), want, "{target} from {from}");
            }
        }
        assert_eq!(seek(&[], 0, (5, 0)), 0);
    }

    #[test]
    fn an_honest_engine_in_any_order_matches_every_result_exactly() {
        let all: Vec<Output> = (0..200u64)
            .map(|i| out(i / 3, (i % 7) as i64, 100 + i / 10, i / 3))
            .collect();
        let e = expected(all.clone());
        let mut m = e.matcher();
        // Delivered in a scrambled order: every one found, exactly, once.
        let mut seen = std::collections::HashSet::new();
        for k in 0..all.len() {
            let o = &all[(k * 77) % all.len()];
            match m.find(o) {
                Found::Exact(i) => assert!(seen.insert(i) && e.output(i) == o),
                other => panic!("{o:?}: {other:?}"),
            }
        }
        assert_eq!(seen.len(), all.len());
    }

    #[test]
    fn matches_by_event_and_prefers_the_reported_cause() {
        let e = expected(vec![out(5, 1, 30, 5), out(5, 1, 10, 5), out(7, 2, 20, 7)]);
        let mut m = e.matcher();
        // Equal events: the one with the engine's cause is taken, then the earliest cause.
        let Found::Exact(i) = m.find(&out(5, 1, 30, 5)) else {
            panic!("not exact")
        };
        assert_eq!(e.output(i).cause, 30);
        let Found::Misattributed(j) = m.find(&out(5, 1, 99, 5)) else {
            panic!("not misattributed")
        };
        assert_eq!(e.output(j).cause, 10);
        // Both are delivered now: a third copy is unexpected.
        assert_eq!(m.find(&out(5, 1, 10, 5)), Found::Unexpected);
        assert_eq!(m.find(&out(9, 9, 1, 1)), Found::Unexpected);
        // A wrong latest time is a misattribution too.
        assert!(matches!(m.find(&out(7, 2, 20, 0)), Found::Misattributed(_)));
        // Without causes, a result matches its event's earliest expected cause, exactly.
        let mut m = e.matcher().by_event();
        let Found::Exact(k) = m.find(&out(5, 1, 0, 0)) else {
            panic!("not exact without causes")
        };
        assert_eq!(e.output(k).cause, 10);
        assert!(matches!(m.find(&out(7, 2, 0, 0)), Found::Exact(_)));
    }
}
