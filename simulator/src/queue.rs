//! The simulator's event queue: a binary min-heap of `(time, sequence)` over plain event
//! values, popping in time order and, at equal times, in insertion order (so a run is
//! deterministic).
//!
//! Why purpose-built rather than a discrete-event framework such as nexosim: the model's
//! events are few and coarse — one per batch of records (a batch covers `batch_ms` of the
//! schedule for every task at once, each task advanced by Lindley's recursion rather than by
//! an event per record), one per watermark, sample and membership change — so the queue is
//! never the cost; the per-task arithmetic is. A framework built around asynchronous model
//! ports, message passing and real-time synchronisation would add a dispatch per event and an
//! allocation per message for nothing the model uses, and would own the main loop, which
//! here must stay a plain loop the benchmark can time. (Not measured against nexosim: see
//! BENCHMARKS.md.)

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Events ordered by time (ns), then by insertion.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Reverse<(u64, u64)>>,
    /// Event values by sequence number, taken when popped.
    slab: Vec<Option<E>>,
    free: Vec<usize>,
    seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            slab: Vec::new(),
            free: Vec::new(),
            seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Schedules `event` at `time` ns.
    pub fn push(&mut self, time: u64, event: E) {
        let slot = match self.free.pop() {
            Some(s) => {
                self.slab[s] = Some(event);
                s
            }
            None => {
                self.slab.push(Some(event));
                self.slab.len() - 1
            }
        };
        // The sequence number (high bits) orders ties; the low 24 bits name the slab slot
        // (at most 16 M events wait at once).
        let seq = self.seq;
        self.seq += 1;
        self.heap.push(Reverse((time, (seq << 24) | slot as u64)));
    }

    /// The earliest event and its time.
    pub fn pop(&mut self) -> Option<(u64, E)> {
        let Reverse((time, tag)) = self.heap.pop()?;
        let slot = (tag & 0xFF_FFFF) as usize;
        self.free.push(slot);
        let event = self.slab[slot].take()?;
        Some((time, event))
    }

    /// Events waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event waits.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = EventQueue::new();
        for (t, e) in [(5, 'a'), (1, 'b'), (5, 'c'), (0, 'd'), (1, 'e')] {
            q.push(t, e);
        }
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|p| p.1)).collect();
        assert_eq!(order, ['d', 'b', 'e', 'a', 'c']);
        assert!(q.is_empty());
    }

    #[test]
    fn reuses_slots_and_keeps_order_across_reuse() {
        let mut q = EventQueue::new();
        q.push(10, 1);
        q.push(20, 2);
        assert_eq!(q.pop(), Some((10, 1)));
        q.push(20, 3);
        q.push(15, 4);
        assert_eq!(q.len(), 3);
        assert_eq!(q.pop(), Some((15, 4)));
        assert_eq!(q.pop(), Some((20, 2)));
        assert_eq!(q.pop(), Some((20, 3)));
    }
}
