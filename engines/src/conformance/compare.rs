//! Running an engine over a whole stream and comparing its results with the reference.

use crate::{Engine, EngineError, Sink};
use std::sync::Mutex;
use workloads::{Event, Output, Step, Stream};

/// A sink that keeps every result.
#[derive(Default)]
pub struct CollectSink {
    outputs: Mutex<Vec<Output>>,
}

impl CollectSink {
    /// Takes the results collected so far.
    pub fn take(&self) -> Vec<Output> {
        std::mem::take(&mut *self.outputs.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Sink for CollectSink {
    fn emit(&self, _worker: usize, outputs: &mut Vec<Output>) {
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(outputs);
    }
}

/// Feeds a whole stream to an engine, without timing, in stream order.
pub fn feed(engine: &mut dyn Engine, stream: &Stream) -> Result<(), EngineError> {
    for step in stream.steps() {
        match step {
            Step::Events(events) => engine.on_events(events)?,
            Step::Watermark(w) => engine.on_watermark(w.watermark, w.scheduled)?,
        }
    }
    Ok(())
}

/// What a comparison with the reference found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Results the engine produced that the reference did not (with multiplicity).
    pub unexpected: Vec<Output>,
    /// Results the reference produced that the engine did not.
    pub missing: Vec<Output>,
    /// Late events: (reference, engine).
    pub late: (u64, u64),
    /// Results whose `cause` or `latest` differs from the reference's for the same event.
    pub wrong_attribution: usize,
}

impl Comparison {
    /// Whether the engine matched the reference exactly.
    pub fn is_match(&self) -> bool {
        self.unexpected.is_empty()
            && self.missing.is_empty()
            && self.late.0 == self.late.1
            && self.wrong_attribution == 0
    }
}

/// Compares two result multisets by their events alone, for an engine that declares no
/// causes: `cause` and `latest` are left out on both sides.
pub fn compare_events(expected: &[Output], actual: &[Output], late: (u64, u64)) -> Comparison {
    let bare = |v: &[Output]| -> Vec<Output> {
        v.iter()
            .map(|o| Output {
                event: o.event.clone(),
                cause: 0,
                latest: 0,
            })
            .collect()
    };
    compare(&bare(expected), &bare(actual), late)
}

/// Compares two result multisets, ignoring order. `cause` and `latest` are compared too: an
/// engine must attribute each result to the same input, and the same latest event time, as
/// the reference does (a harness times results from them).
pub fn compare(expected: &[Output], actual: &[Output], late: (u64, u64)) -> Comparison {
    let key = |o: &Output| (o.event.clone(), o.cause, o.latest);
    let mut e: Vec<&Output> = expected.iter().collect();
    let mut a: Vec<&Output> = actual.iter().collect();
    e.sort_by_key(|o| key(o));
    a.sort_by_key(|o| key(o));
    let (mut i, mut j) = (0, 0);
    let mut c = Comparison {
        unexpected: vec![],
        missing: vec![],
        late,
        wrong_attribution: 0,
    };
    while i < e.len() || j < a.len() {
        match (e.get(i), a.get(j)) {
            (Some(x), Some(y)) if key(x) == key(y) => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if key(x) < key(y) => {
                c.missing.push((*x).clone());
                i += 1;
            }
            (Some(x), None) => {
                c.missing.push((*x).clone());
                i += 1;
            }
            (_, Some(y)) => {
                c.unexpected.push((*y).clone());
                j += 1;
            }
            (None, None) => unreachable!(),
        }
    }
    // A result present on both sides with a different cause or latest time shows up once in
    // each list.
    let events = |v: &[Output]| {
        let mut evs: Vec<Event> = v.iter().map(|o| o.event.clone()).collect();
        evs.sort();
        evs
    };
    let (m, u) = (events(&c.missing), events(&c.unexpected));
    let (mut x, mut y) = (0, 0);
    while x < m.len() && y < u.len() {
        match m[x].cmp(&u[y]) {
            std::cmp::Ordering::Equal => {
                c.wrong_attribution += 1;
                x += 1;
                y += 1;
            }
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
        }
    }
    c
}
