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

/// Bytes the waiting batches may hold at most (their capacity): room for [`COOL`] written
/// into batches filled a quarter or more (a sink's batches are often half full).
pub const HELD: usize = 4 * COOL;

/// What is waiting, in bytes: written into the batches when they were handed over (which
/// decides when the oldest has cooled), and held by them (which bounds the pool's memory).
#[derive(Default)]
struct Waiting {
    written: AtomicUsize,
    held: AtomicUsize,
}

/// A waiting batch and its bytes written and held.
type Spare<T> = (Vec<T>, usize, usize);

/// The sender's side: takes a batch to fill.
pub struct Spares<T> {
    rx: Receiver<Spare<T>>,
    /// To send a batch taken too soon back behind the others.
    again: Sender<Spare<T>>,
    waiting: Arc<Waiting>,
}

/// The receivers' side: gives emptied batches back.
pub struct Recycler<T> {
    tx: Sender<Spare<T>>,
    waiting: Arc<Waiting>,
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
    let waiting = Arc::new(Waiting::default());
    (
        Spares {
            rx,
            again: tx.clone(),
            waiting: waiting.clone(),
        },
        Recycler { tx, waiting },
    )
}

impl Waiting {
    /// Counts `spare` in (`sign`) or out.
    fn add<T>(&self, (_, written, held): &Spare<T>, sign: bool) {
        let (w, h) = (&self.written, &self.held);
        if sign {
            w.fetch_add(*written, Ordering::Relaxed);
            h.fetch_add(*held, Ordering::Relaxed);
        } else {
            w.fetch_sub(*written, Ordering::Relaxed);
            h.fetch_sub(*held, Ordering::Relaxed);
        }
    }
}

impl<T> Spares<T> {
    /// An empty batch: the oldest waiting one when more than [`COOL`] bytes were written
    /// into the batches given back after it, else a new one with `capacity`.
    pub fn take(&self, capacity: usize) -> Vec<T> {
        if self.waiting.written.load(Ordering::Relaxed) > COOL {
            if let Ok(spare) = self.rx.try_recv() {
                self.waiting.add(&spare, false);
                if self.waiting.written.load(Ordering::Relaxed) > COOL {
                    return spare.0;
                }
                // Large, and nothing like as much after it: behind the others, and a new one.
                self.waiting.add(&spare, true);
                let _ = self.again.send(spare);
            }
        }
        Vec::with_capacity(capacity)
    }

    /// A batch (from [`Self::take`]) holding a copy of `items`.
    pub fn copied(&self, items: &[T]) -> Vec<T>
    where
        T: Clone,
    {
        let mut batch = self.take(items.len());
        batch.extend_from_slice(items);
        batch
    }
}

impl<T> Recycler<T> {
    /// Empties `batch`, which held `written` items when it was handed over, and gives it
    /// back; or frees it when the waiting batches already hold [`HELD`].
    pub fn give_back(&self, mut batch: Vec<T>, written: usize) {
        let size = std::mem::size_of::<T>();
        batch.clear();
        let held = batch.capacity() * size;
        if written == 0 || self.waiting.held.load(Ordering::Relaxed) + held > HELD {
            return;
        }
        let spare = (batch, written * size, held);
        self.waiting.add(&spare, true);
        let _ = self.tx.send(spare);
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
            let reused = handed.contains(&b.as_ptr());
            // Eleven batches of a tenth of COOL each must wait behind the first.
            assert_eq!(reused, k >= 12, "batch {k}");
            b.extend(batch(per));
            handed.push(b.as_ptr());
            recycler.give_back(b, per);
        }
        let written = spares.waiting.written.load(Ordering::Relaxed);
        assert!(written <= COOL + COOL / 5, "{written}");
    }

    #[test]
    fn a_large_batch_waits_behind_enough_others() {
        let (spares, recycler) = pool::<Output>();
        let size = std::mem::size_of::<Output>();
        recycler.give_back(batch(COOL / size + 1), COOL / size + 1);
        // Over the threshold, but nothing after it: not reused.
        assert_eq!(spares.take(0).capacity(), 0);
        recycler.give_back(batch(COOL / size + 1), COOL / size + 1);
        assert!(
            spares.take(0).capacity() > COOL / size,
            "reused once another waits"
        );
    }

    #[test]
    fn the_waiting_batches_hold_at_most_their_bound() {
        let (spares, recycler) = pool::<Output>();
        let per = COOL / 2 / std::mem::size_of::<Output>();
        for _ in 0..20 {
            recycler.give_back(batch(per), per);
        }
        let held = spares.waiting.held.load(Ordering::Relaxed);
        assert!((HELD - COOL / 2..=HELD).contains(&held), "{held}");
        assert!(spares.take(0).is_empty());
        assert!(spares.take(0).capacity() >= per, "the oldest reused");
        // Large batches that carried little (a sink's buffer with one result) count what
        // they hold: a thousand of them do not make the pool hold a thousand.
        let (spares, recycler) = pool::<Output>();
        for _ in 0..1000 {
            let mut b = Vec::with_capacity(1 << 14);
            b.push(batch(1).remove(0));
            recycler.give_back(b, 1);
        }
        let held = spares.waiting.held.load(Ordering::Relaxed);
        assert!(held <= HELD, "{held}");
        assert_eq!(
            spares.take(0).capacity(),
            0,
            "none has cooled: one result each"
        );
    }
}
