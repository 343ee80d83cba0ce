//! What the handles of the real engines (timely, renoir) share: the table that maps the
//! engine's own epochs back to our watermarks and their causes, the messages that carry the
//! harness's calls to the engine's input threads, and how input is dealt over them.

use crate::pool::{pool, Recycler, Spares};
use crate::EngineError;
use std::sync::RwLock;
use workloads::{Input, Time};

/// Watermarks by epoch, shared by the engine handle (which appends, before any worker can
/// see the epoch) and every stateful operator (which reads): entry k ends epoch k.
#[derive(Default)]
pub struct Epochs {
    /// `(watermark, scheduled time)` per watermark, in order.
    pub watermarks: RwLock<Vec<(Time, Time)>>,
    /// The scheduled end of input, once known.
    pub end: RwLock<Option<Time>>,
}

impl Epochs {
    /// The `k`-th watermark and its scheduled time, once known.
    pub fn get(&self, k: usize) -> Option<(Time, Time)> {
        self.watermarks
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(k)
            .copied()
    }

    /// The scheduled end of input (`Time::MAX` until `finish`).
    pub fn end(&self) -> Time {
        self.end
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or(Time::MAX)
    }
}

/// From the engine handle to one input thread.
pub enum Feed {
    /// Events for this input to inject.
    Events(Vec<Input>),
    /// A watermark (every input gets each one, in order).
    Watermark(Time),
    /// End of input.
    Finish,
}

/// One input's end of the engine handle's feed: its messages, and where it gives back the
/// batches of events it has read.
pub struct Inlet {
    /// The handle's messages to this input.
    pub rx: crossbeam_channel::Receiver<Feed>,
    /// Where read batches go back to the handle.
    pub recycler: Recycler<Input>,
}

/// Deals the harness's calls over `inputs` input threads through `send(input, message)`.
pub struct Dealer {
    /// The epoch table the handle fills.
    pub epochs: std::sync::Arc<Epochs>,
    inputs: usize,
    next: usize,
    spares: Spares<Input>,
    recycler: Recycler<Input>,
}

/// Below this many events a batch goes to one input whole (round-robin); above, it is split.
const SPLIT: usize = 2048;

/// Deals a batch of events over `inputs` inputs: a small batch whole to the next one in
/// turn (`next` keeps the turn), a large one split evenly over all. Each part is copied into
/// a batch from `spares` (see [`crate::pool`]: the inputs give them back once read).
pub fn deal(
    events: &[Input],
    inputs: usize,
    next: &mut usize,
    spares: &Spares<Input>,
    mut send: impl FnMut(usize, Vec<Input>) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    let n = inputs.max(1);
    if events.len() < SPLIT || n == 1 {
        *next = (*next + 1) % n;
        return send(*next, spares.copied(events));
    }
    for (i, chunk) in events.chunks(events.len().div_ceil(n)).enumerate() {
        send(i, spares.copied(chunk))?;
    }
    Ok(())
}

impl Dealer {
    /// A dealer over `inputs` inputs (at least one).
    pub fn new(inputs: usize) -> Self {
        let (spares, recycler) = pool();
        Dealer {
            epochs: Default::default(),
            inputs: inputs.max(1),
            next: 0,
            spares,
            recycler,
        }
    }

    /// Where the inputs give back the batches they have read.
    pub fn recycler(&self) -> Recycler<Input> {
        self.recycler.clone()
    }

    /// Hands events to the inputs.
    pub fn events(
        &mut self,
        events: &[Input],
        mut send: impl FnMut(usize, Feed) -> Result<(), EngineError>,
    ) -> Result<(), EngineError> {
        deal(
            events,
            self.inputs,
            &mut self.next,
            &self.spares,
            |i, batch| send(i, Feed::Events(batch)),
        )
    }

    /// Records the watermark as the next epoch's end, then hands it to every input.
    pub fn watermark(
        &self,
        watermark: Time,
        cause: Time,
        mut send: impl FnMut(usize, Feed) -> Result<(), EngineError>,
    ) -> Result<(), EngineError> {
        self.epochs
            .watermarks
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push((watermark, cause));
        (0..self.inputs).try_for_each(|i| send(i, Feed::Watermark(watermark)))
    }

    /// Records the end's cause, then ends every input.
    pub fn finish(
        &self,
        cause: Time,
        mut send: impl FnMut(usize, Feed) -> Result<(), EngineError>,
    ) -> Result<(), EngineError> {
        *self.epochs.end.write().unwrap_or_else(|e| e.into_inner()) = Some(cause);
        (0..self.inputs).try_for_each(|i| send(i, Feed::Finish))
    }
}
