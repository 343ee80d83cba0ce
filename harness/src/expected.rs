//! The reference's results, indexed so the measuring thread can match every delivered result
//! to the one the reference expects, and time it from the reference's cause.
//!
//! Why: an engine reports each result's cause and latest event time, and latency is measured
//! from the cause. Trusting the engine's word would let an engine that stamps a later cause
//! report any latency it likes. So the harness never times a result from what the engine
//! says: it looks the result up among the reference's results and takes the cause and latest
//! time from there; the engine's own are only cross-checked (a difference fails the run).
//! An engine that carries no causes at all can be timed exactly the same way.

use rustc_hash::FxHashMap;
use std::sync::Arc;
use workloads::reference::Evaluation;
use workloads::{fingerprint, Output};

/// The reference's results of one workload, prepared once and shared by every run of it.
pub struct Expected {
    /// The results, grouped by event fingerprint, each group in ascending (cause, latest).
    outputs: Vec<Output>,
    /// Event fingerprint → (first index, length) of its group in `outputs`.
    groups: FxHashMap<u64, (u32, u32)>,
    /// Late events according to the reference.
    pub late: u64,
}

impl Expected {
    /// Indexes the reference's evaluation.
    pub fn new(eval: &Evaluation) -> Self {
        let mut keyed: Vec<(u64, &Output)> = eval
            .outputs
            .iter()
            .map(|o| (fingerprint(&o.event), o))
            .collect();
        keyed.sort_unstable_by_key(|(fp, o)| (*fp, o.cause, o.latest));
        let mut groups = FxHashMap::default();
        groups.reserve(keyed.len());
        for (i, (fp, _)) in keyed.iter().enumerate() {
            groups.entry(*fp).or_insert((i as u32, 0)).1 += 1;
        }
        Expected {
            outputs: keyed.into_iter().map(|(_, o)| o.clone()).collect(),
            groups,
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
    /// delivered. Among equal events, the one with the engine's cause and latest time is
    /// preferred, then the earliest cause (equal results arrive in cause order).
    pub fn find(&mut self, o: &Output) -> Found {
        let expected = &*self.expected;
        let Some(&(start, len)) = expected.groups.get(&fingerprint(&o.event)) else {
            return Found::Unexpected;
        };
        let (start, end) = (start as usize, (start + len) as usize);
        let mut first = None;
        for i in start..end {
            if self.taken[i] {
                continue;
            }
            let e = &expected.outputs[i];
            if e.event != o.event {
                continue; // a fingerprint collision: another event
            }
            if !self.causes || (e.cause == o.cause && e.latest == o.latest) {
                self.taken[i] = true;
                return Found::Exact(i as u32);
            }
            first.get_or_insert(i);
        }
        match first {
            Some(i) => {
                self.taken[i] = true;
                Found::Misattributed(i as u32)
            }
            None => Found::Unexpected,
        }
    }
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
        Arc::new(Expected::new(&Evaluation {
            outputs,
            late_events: 0,
        }))
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
