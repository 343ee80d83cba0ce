//! Batches handed from one thread to another (results from an engine's thread to the
//! measuring thread, input from an engine handle to its workers) and given back emptied for
//! reuse, but only once they have cooled.
//!
//! Why: a batch the receiving thread has just read sits in that core's caches. A sender that
//! writes its next batch into it must first take every line of it back from the other core,
//! and on the 2-core VM of BENCHMARKS.md (a cache line's round trip between the cores is
//! about 450 ns) that made the handover of results alone cost 65 % of an output-heavy
//! engine's throughput (`cargo bench -p harness --bench measurement`, "handover only"),
//! whatever the measuring did. A batch is reused only when [`COOL`] bytes written after it
//! are waiting too, so its lines have left the reader's caches: the handover then cost
//! 10–15 %. Before that, the sender gets a fresh batch.

use crossbeam_channel::{unbounded, Receiver, Sender};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Bytes written into the batches waiting for reuse before the oldest is reused.
/// Measured on the VM above: 3.7 MB of waiting batches left the handover at 17–19 %, 7 MB
/// at 10–11 %, 28 MB at 20 % (more memory touched than the caches hold).
pub const COOL: usize = 8 << 20;

/// The sender's side: takes a batch to fill.
pub struct Spares<T> {
    rx: Receiver<(Vec<T>, usize)>,
    waiting: Arc<AtomicUsize>,
}

/// The receiver's side: gives emptied batches back.
pub struct Recycler<T> {
    tx: Sender<(Vec<T>, usize)>,
    waiting: Arc<AtomicUsize>,
}

impl<T> Clone for Recycler<T> {
    fn clone(&self) -> Self {
        Recycler {
            tx: self.tx.clone(),
            waiting: self.waiting.clone(),
        }
    }
}

/// A pool of batches: the sender's end and the receivers' end.
pub fn pool<T>() -> (Spares<T>, Recycler<T>) {
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

impl<T> Spares<T> {
    /// An empty batch: the oldest waiting one when enough is waiting after it, else a new
    /// one with `capacity`.
    pub fn take(&self, capacity: usize) -> Vec<T> {
        if self.waiting.load(Ordering::Relaxed) > COOL {
            if let Ok((batch, bytes)) = self.rx.try_recv() {
                self.waiting.fetch_sub(bytes, Ordering::Relaxed);
                return batch;
            }
        }
        Vec::with_capacity(capacity)
    }
}

impl<T> Recycler<T> {
    /// Empties `batch` and gives it back, or frees it when twice [`COOL`] is waiting (the
    /// sender takes fewer than it hands over only when its batches grow). `batch` holds
    /// what was sent in it, or has been emptied by `drain` (its length is then 0, and it
    /// counts as its capacity).
    pub fn give_back(&self, mut batch: Vec<T>) {
        let used = if batch.is_empty() {
            batch.capacity()
        } else {
            batch.len()
        };
        let bytes = used * std::mem::size_of::<T>();
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
    use workloads::{Event, Output};

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
        let (spares, recycler) = pool::<Output>();
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
        let (spares, recycler) = pool::<Output>();
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
