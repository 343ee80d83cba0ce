//! Closed-loop throughput of the event-driven engine on the default suite's two workloads:
//! events generated in memory beforehand, fed as fast as the engine takes them.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engines::{conformance::feed, EngineOptions, Sink};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use workloads::catalog::{find, Params};
use workloads::Output;

/// Counts results and nothing else, so the figure is the engine's own cost.
#[derive(Default)]
struct CountingSink(AtomicU64);

impl Sink for CountingSink {
    fn emit(&self, _: usize, outputs: &mut Vec<Output>) {
        self.0.fetch_add(outputs.len() as u64, Ordering::Relaxed);
        outputs.clear();
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("event-driven");
    group.sample_size(10);
    for name in ["stateless", "window-count"] {
        let params = Params {
            rate: 1_000_000.0,
            duration: 2.0,
            ..Params::default()
        };
        let workload = find(name).expect("catalog workload").build(&params);
        let stream = workload.source.generate();
        group.throughput(Throughput::Elements(stream.events.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let sink = Arc::new(CountingSink::default());
                let mut engine = engines::event_driven::INFO
                    .build(&workload.plan, &EngineOptions::default(), sink.clone())
                    .expect("engine");
                feed(engine.as_mut(), &stream).expect("feed");
                engine.finish(stream.end).expect("finish");
                sink.0.load(Ordering::Relaxed)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
