//! The floor: one thread, one hash map, no engine.

use crate::{Query, SPACING, WINDOW_EVENTS};
use rustc_hash::FxHashMap;
use workloads::Stream;

pub fn run(stream: &Stream, query: Query) -> u64 {
    let mut outputs = 0u64;
    match query {
        Query::Stateless => {
            for i in &stream.events {
                if i.event.value % 2 == 0 {
                    outputs += std::hint::black_box(i.event.value * 3 + 1) as u64 & 1;
                }
            }
        }
        Query::WindowCount => {
            let mut counts: FxHashMap<u64, u64> = FxHashMap::default();
            let mut window = 0;
            for i in &stream.events {
                let w = i.event.time / (WINDOW_EVENTS * SPACING);
                if w != window {
                    for (_, c) in counts.drain() {
                        std::hint::black_box(c);
                        outputs += 1;
                    }
                    window = w;
                }
                *counts.entry(i.event.key).or_default() += 1;
            }
            outputs += counts.len() as u64;
        }
    }
    outputs
}
