//! Result batches handed from an engine's thread to the measuring thread, and given back
//! emptied for reuse, but only once they have cooled.
//!
//! Why: a batch the measuring thread has just read sits in that core's caches. An engine that
//! writes its next results into it must first take every line of it back from the other
//! core, and on the 2-core VM of BENCHMARKS.md (a cache line's round trip between the cores
//! is about 450 ns) that made the handover alone cost 65 % of an output-heavy engine's
//! throughput (`cargo bench -p harness --bench measurement`, "handover only"), whatever the
//! measuring did. A batch is reused only when [`COOL`] bytes of results written after it
//! are waiting too, so its lines have left the reader's caches: the handover then cost
//! 10–15 %. Before that, the engine's thread gets a fresh batch.

use crossbeam_channel::{unbounded, Receiver, Sender};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use workloads::Output;

/// Bytes of results written into the batches waiting for reuse before the oldest is reused.
/// Measured on the VM above: 3.7 MB of waiting batches left the handover at 17–19 %, 7 MB
/// at 10–11 %, 28 MB at 20 % (more memory touched than the caches hold).
pub const COOL: usize = 8 << 20;

/// The engine's side: takes a batch to fill.
pub struct Spares {
    rx: Receiver<(Vec<Output>, usize)>,
    waiting: Arc<AtomicUsize>,
}

/// The measuring thread's side: gives emptied batches back.
pub struct Recycler {
    tx: Sender<(Vec<Output>, usize)>,
    waiting: Arc<AtomicUsize>,
}

/// A pool of batches: the engine's end and the measuring thread's end.
pub fn pool() -> (Spares, Recycler) {
    let (tx, rx) = unbounded();
    let waiting = Arc::new(AtomicUsize::new(0));
    (
        Spares {
            rx,
            waiting: waiting.clone(),
        },
        Recycler { tx, waiting },
    )
}

impl Spares {
    /// An empty batch for results: the oldest waiting one when enough is waiting after it,
    /// else a new one with `capacity`.
    pub fn take(&self, capacity: usize) -> Vec<Output> {
        if self.waiting.load(Ordering::Relaxed) > COOL {
            if let Ok((batch, bytes)) = self.rx.try_recv() {
                self.waiting.fetch_sub(bytes, Ordering::Relaxed);
                return batch;
            }
        }
        Vec::with_capacity(capacity)
    }
}

impl Recycler {
    /// Empties `batch` and gives it back, or frees it when twice [`COOL`] is waiting (the
    /// engine takes fewer than it hands over only when its batches grow).
    pub fn give_back(&self, mut batch: Vec<Output>) {
        let bytes = batch.len() * std::mem::size_of::<Output>();
        batch.clear();
        if self.waiting.load(Ordering::Relaxed) < 2 * COOL && bytes > 0 {
            self.waiting.fetch_add(bytes, Ordering::Relaxed);
            let _ = self.tx.send((batch, bytes));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::Event;

    fn batch(n: usize) -> Vec<Output> {
        let o = Output {
            event: Event::new(1, 2, 3),
            cause: 4,
            latest: 5,
        };
        vec![o; n]
    }

    #[test]
    fn a_batch_is_reused_only_after_enough_written_after_it() {
        let (spares, recycler) = pool();
        let per = COOL / 10 / std::mem::size_of::<Output>();
        let mut handed = Vec::new();
        for k in 0..25 {
            let mut b = spares.take(per);
            let reused = b.capacity() >= per && k > 0 && handed.contains(&b.as_ptr());
            // Eleven batches of a tenth of COOL each wait before the first comes back.
            assert_eq!(reused, k >= 11, "batch {k}");
            b.extend(batch(per));
            handed.push(b.as_ptr());
            recycler.give_back(b);
        }
        assert!(spares.waiting.load(Ordering::Relaxed) <= COOL + COOL / 10);
    }

    #[test]
    fn no_more_than_twice_the_threshold_waits() {
        let (spares, recycler) = pool();
        let per = COOL / 4 / std::mem::size_of::<Output>();
        for _ in 0..20 {
            recycler.give_back(batch(per));
        }
        let waiting = spares.waiting.load(Ordering::Relaxed);
        assert!(
            (2 * COOL..2 * COOL + COOL / 4).contains(&waiting),
            "{waiting}"
        );
        assert!(spares.take(0).is_empty());
        assert!(spares.take(0).capacity() >= per, "the oldest reused");
    }
}
