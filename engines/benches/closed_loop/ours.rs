//! streambench's own engines, through the `Engine` trait, fed the whole stream.

use crate::{Query, SPACING, WINDOW_EVENTS};
use engines::conformance::feed;
use engines::{EngineInfo, EngineOptions, Sink};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use workloads::plan::{Aggregate, Window};
use workloads::{Event, Output, Plan, Stream};

/// Counts results, nothing more.
#[derive(Default)]
struct Count(AtomicU64);

impl Sink for Count {
    fn emit(&self, _: usize, outputs: &mut Vec<Output>) {
        self.0.fetch_add(outputs.len() as u64, Ordering::Relaxed);
        outputs.clear();
    }
}

pub fn plan(query: Query) -> Plan {
    match query {
        Query::Stateless => Plan::source().filter(|e| e.value % 2 == 0).map(|e| Event {
            value: e.value * 3 + 1,
            ..e.clone()
        }),
        Query::WindowCount => {
            Plan::source().window(Window::tumbling(WINDOW_EVENTS * SPACING), Aggregate::Count)
        }
    }
}

/// Feeds `stream` through `engine` running `plan`; the number of results.
pub fn run_plan(engine: &EngineInfo, plan: &Plan, stream: &Stream, workers: usize) -> u64 {
    let sink = Arc::new(Count::default());
    let mut e = engine
        .build(plan, &EngineOptions::workers(workers), sink.clone())
        .expect("engine");
    feed(e.as_mut(), stream).expect("feed");
    e.finish(stream.end).expect("finish");
    drop(e);
    sink.0.load(Ordering::Relaxed)
}
