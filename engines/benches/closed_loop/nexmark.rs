//! Nexmark q5 (hot items: the auctions with the most bids per sliding window) and q7
//! (highest bid per tumbling window), from the Beam-faithful generator at 100 k events/s of
//! event time. There is no hand-written timely program for them: ratios are to the
//! `timely` engine (timely through the same trait) with the same workers.

use workloads::catalog::{self, Params};
use workloads::{Plan, Stream};

/// `(title, plan, stream)` of each Nexmark case, `events` events each.
pub fn cases(events: usize) -> Vec<(String, Plan, Stream)> {
    ["nexmark-q5", "nexmark-q7"]
        .into_iter()
        .map(|name| {
            let entry = catalog::find(name).expect("a catalog workload");
            let rate = 100_000.0;
            let params = Params {
                rate,
                // The catalog generates a share of the duration for Nexmark.
                duration: events as f64 / rate / catalog::NEXMARK_DURATION_SHARE,
                ..Params::default()
            };
            let w = entry.build(&params);
            let stream = w.source.generate();
            (format!("({}) {name}", &name[8..]), w.plan, stream)
        })
        .collect()
}
