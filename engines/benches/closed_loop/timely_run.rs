//! The same two queries written directly against timely-dataflow 0.32: exchange by key, a
//! frontier-driven window operator holding a capability per open window.

use crate::{Query, EPOCH_EVENTS, SPACING, WINDOW_EVENTS};
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::vec::{Filter, Map};
use timely::dataflow::operators::{Capability, Inspect, Operator, Probe};
use timely::dataflow::{InputHandleVec, ProbeHandle};
use workloads::Stream;

type Rec = (u64, u64, i64);

pub fn run(stream: &Stream, query: Query, workers: usize) -> u64 {
    let events: Arc<Vec<Rec>> = Arc::new(
        stream
            .events
            .iter()
            .map(|i| (i.event.time, i.event.key, i.event.value))
            .collect(),
    );
    let outputs = Arc::new(AtomicU64::new(0));
    let out = outputs.clone();
    timely::execute(timely::Config::process(workers), move |worker| {
        let index = worker.index();
        let peers = worker.peers();
        let mut input = InputHandleVec::<u64, Rec>::new();
        let probe = ProbeHandle::new();
        let out = out.clone();
        worker.dataflow::<u64, _, _>(|scope| {
            let s = input.to_stream(scope);
            match query {
                Query::Stateless => {
                    s.filter(|r: &Rec| r.2 % 2 == 0)
                        .map(|r: Rec| (r.0, r.1, r.2 * 3 + 1))
                        .inspect_core(move |event| {
                            if let Ok((_, b)) = event {
                                out.fetch_add(b.len() as u64, Ordering::Relaxed);
                            }
                        })
                        .probe_with(&probe);
                }
                Query::WindowCount => {
                    s.unary_frontier(
                        Exchange::new(|r: &Rec| r.1),
                        "WindowCount",
                        |_cap, _info| {
                            let mut open: FxHashMap<u64, (Capability<u64>, FxHashMap<u64, u64>)> =
                                FxHashMap::default();
                            move |(input, frontier), output| {
                                input.for_each_stamp(|cap, data| {
                                    for batch in data {
                                        for (t, k, _) in batch.drain(..) {
                                            let w = t / (WINDOW_EVENTS * SPACING);
                                            let slot = open.entry(w).or_insert_with(|| {
                                                (
                                                    cap.delayed(
                                                        &((w + 1) * WINDOW_EVENTS / EPOCH_EVENTS),
                                                        0,
                                                    ),
                                                    FxHashMap::default(),
                                                )
                                            });
                                            *slot.1.entry(k).or_default() += 1;
                                        }
                                    }
                                });
                                // A window is complete once the frontier has passed its last epoch.
                                let done: Vec<u64> = open
                                    .keys()
                                    .copied()
                                    .filter(|w| {
                                        !frontier
                                            .less_than(&((w + 1) * WINDOW_EVENTS / EPOCH_EVENTS))
                                    })
                                    .collect();
                                for w in done {
                                    let (cap, counts) = open.remove(&w).expect("present");
                                    let mut session = output.session(&cap);
                                    for (k, c) in counts {
                                        session.give((w, k, c));
                                    }
                                }
                            }
                        },
                    )
                    .container::<Vec<_>>()
                    .inspect_core(move |event| {
                        if let Ok((_, b)) = event {
                            out.fetch_add(b.len() as u64, Ordering::Relaxed);
                        }
                    })
                    .probe_with(&probe);
                }
            }
        });
        // Each worker injects its share, an epoch (watermark interval) at a time, keeping
        // a window's worth of epochs in flight (an open window holds the frontier at its end).
        let epochs = (events.len() as u64).div_ceil(EPOCH_EVENTS);
        for e in 0..epochs {
            let from = (e * EPOCH_EVENTS) as usize;
            let to = ((e + 1) * EPOCH_EVENTS).min(events.len() as u64) as usize;
            let share = (to - from).div_ceil(peers);
            let lo = (from + index * share).min(to);
            let hi = (lo + share).min(to);
            for r in &events[lo..hi] {
                input.send(*r);
            }
            input.advance_to(e + 1);
            while probe.less_than(&e.saturating_sub(WINDOW_EVENTS / EPOCH_EVENTS + 4)) {
                worker.step();
            }
        }
        input.close();
        while worker.step() {}
    })
    .expect("timely");
    outputs.load(Ordering::Relaxed)
}
