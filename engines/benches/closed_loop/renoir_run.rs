//! The same two queries written directly against renoir 0.6, as its own examples write
//! them: a parallel iterator source, `filter`/`map`, and `group_by` + an event-time tumbling
//! window + `count`, with renoir's default batching. renoir's event-time windows start at a
//! key's first event rather than at multiples of the size, so the window count groups by
//! (aligned window, key): the same results, but a group's window closes up to a window later
//! than the aligned one would, and every watermark visits every open group.
//!
//! Each replica takes its share of every watermark interval (epoch), as the timely program's
//! workers do, and ends each share with the epoch's watermark, so windows close as the
//! stream advances rather than all at the end.

use crate::{Query, EPOCH_EVENTS, SPACING, WINDOW_EVENTS};
use renoir::operator::window::EventTimeWindow;
use renoir::{RuntimeConfig, StreamContext};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use workloads::Stream;

type Rec = (u64, u64, i64);

/// A per-replica result count, added to the shared total when the replica's sink is
/// dropped: an atomic add per result would make the program pay for our counting.
#[derive(Clone)]
struct Count {
    local: u64,
    total: Arc<AtomicU64>,
}

impl Count {
    /// One more result. (A method, so a closure captures the whole counter, drop and all,
    /// not just its field.)
    fn add(&mut self) {
        self.local += 1;
    }
}

impl Drop for Count {
    fn drop(&mut self) {
        self.total.fetch_add(self.local, Ordering::Relaxed);
    }
}

/// The event indices replica `index` of `peers` injects: its share of each epoch, in order.
fn share(n: usize, index: usize, peers: usize) -> impl Iterator<Item = usize> {
    let epoch = EPOCH_EVENTS as usize;
    (0..n.div_ceil(epoch)).flat_map(move |e| {
        let (from, to) = (e * epoch, ((e + 1) * epoch).min(n));
        let part = (to - from).div_ceil(peers);
        let lo = (from + index * part).min(to);
        lo..(lo + part).min(to)
    })
}

/// Whether event `i` (of `n`) ends some replica's share of its epoch: each replica's last
/// event of an epoch carries the epoch's watermark.
fn ends_share(i: usize, n: usize, peers: usize) -> bool {
    let epoch = EPOCH_EVENTS as usize;
    let from = i / epoch * epoch;
    let to = (from + epoch).min(n);
    let part = (to - from).div_ceil(peers);
    i + 1 == to || (i + 1 - from).is_multiple_of(part)
}

pub fn run(stream: &Stream, query: Query, workers: usize) -> u64 {
    let events: Arc<Vec<Rec>> = Arc::new(
        stream
            .events
            .iter()
            .map(|i| (i.event.time, i.event.key, i.event.value))
            .collect(),
    );
    let n = events.len();
    let total = Arc::new(AtomicU64::new(0));
    let config = RuntimeConfig::local(workers as u64).expect("renoir config");
    let ctx = StreamContext::new(config);
    let source = ctx.stream_par_iter(move |index, peers| {
        let events = events.clone();
        share(n, index as usize, peers as usize).map(move |i| events[i])
    });
    let mut count = Count {
        local: 0,
        total: total.clone(),
    };
    match query {
        Query::Stateless => source
            .filter(|r: &Rec| r.2 % 2 == 0)
            .map(|r: Rec| (r.0, r.1, r.2 * 3 + 1))
            .for_each(move |_| count.add()),
        Query::WindowCount => source
            .add_timestamps(
                |r: &Rec| r.0 as i64,
                move |r: &Rec, _| {
                    let i = (r.0 / SPACING) as usize;
                    ends_share(i, n, workers).then(|| {
                        // Every event of a later epoch is at or after its start.
                        ((i as u64 / EPOCH_EVENTS + 1) * EPOCH_EVENTS * SPACING) as i64 - 1
                    })
                },
            )
            // By (window, key): renoir starts a key's event-time windows at its first
            // event, not at multiples of the size; within one aligned window's group, the
            // window opened by its first event holds all the group's events.
            .group_by(|r: &Rec| (r.0 / (WINDOW_EVENTS * SPACING), r.1))
            .window(EventTimeWindow::tumbling((WINDOW_EVENTS * SPACING) as i64))
            .count()
            .for_each(move |_| count.add()),
    }
    ctx.execute_blocking();
    total.load(Ordering::Relaxed)
}
