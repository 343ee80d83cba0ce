//! The frontier-driven stateful operator: one of the shared operator states (fixed windows,
//! sessions, windowed join) fired by timely's frontier instead of by explicit watermarks.

use crate::feed::Epochs;
use crate::graph::Stateful;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use timely::dataflow::operators::Capability;
use workloads::{Output, Time};

/// A stateful node's state plus the bookkeeping to fire it from a frontier.
pub struct FrontierState {
    state: Stateful,
    epochs: Arc<Epochs>,
    /// Epochs whose watermark has been fired.
    fired: u64,
    cap: Option<Capability<u64>>,
    state_bytes: Arc<AtomicU64>,
    done: bool,
}

impl FrontierState {
    pub fn new(
        state: Stateful,
        epochs: Arc<Epochs>,
        cap: Capability<u64>,
        state_bytes: Arc<AtomicU64>,
    ) -> Self {
        FrontierState {
            state,
            epochs,
            fired: 0,
            cap: Some(cap),
            state_bytes,
            done: false,
        }
    }

    /// Adds a record arriving on `port`; results it produces at once (an unwindowed join's)
    /// go to `out`.
    pub fn insert(&mut self, port: usize, rec: &Output, out: &mut Vec<Output>) {
        self.state.insert(port, rec, out);
    }

    /// Fires every watermark the frontier `f` (None: input complete) has passed; calls
    /// `emit(time, results)` for each batch of results to send at `time`.
    pub fn advance(
        &mut self,
        f: Option<u64>,
        mut emit: impl FnMut(&Capability<u64>, &mut Vec<Output>),
    ) {
        if self.done {
            return;
        }
        let mut out = Vec::new();
        let target = f.unwrap_or(u64::MAX);
        while self.fired < target {
            let next = self.fired + 1;
            let Some((watermark, cause)) = self.epochs.get(self.fired as usize) else {
                break;
            };
            self.fire(watermark, cause, next - 1, &mut out, &mut emit);
            self.fired = next;
        }
        match f {
            Some(f) => {
                if let Some(cap) = &mut self.cap {
                    if *cap.time() < f {
                        cap.downgrade(&f);
                    }
                }
            }
            None => {
                let end = self.epochs.end();
                let at = self.fired;
                self.fire(Time::MAX, end, at, &mut out, &mut emit);
                self.cap = None;
                self.done = true;
            }
        }
        self.state_bytes
            .store(self.state.state_bytes(), Ordering::Relaxed);
    }

    fn fire(
        &mut self,
        watermark: Time,
        cause: Time,
        at: u64,
        out: &mut Vec<Output>,
        emit: &mut impl FnMut(&Capability<u64>, &mut Vec<Output>),
    ) {
        self.state.fire(watermark, cause, out);
        if out.is_empty() {
            return;
        }
        if let Some(cap) = &mut self.cap {
            if *cap.time() < at {
                cap.downgrade(&at);
            }
            emit(cap, out);
        }
        out.clear();
    }
}
