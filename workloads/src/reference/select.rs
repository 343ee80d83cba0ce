//! Reference semantics of the selecting operators: `Top` and `LastN`.

use super::ops::{latest_of, result};
use super::windows::{per_window, Windows};
use super::{Item, Kind};
use crate::event::{Event, Time};
use crate::output::Output;
use crate::plan::{Accumulator, Aggregate, OrderFn, Ties, TimeFn, Window};
use std::collections::BTreeMap;

/// Keeps every record of every open (end, key) window; on firing, emits the records
/// with the largest value (all of them, or the smallest one in event order), or the `n`
/// largest by (value descending, event order).
pub(super) fn top(open: &mut Windows, items: Vec<Item>, window: Window, ties: Ties) -> Vec<Item> {
    per_window(open, items, window, |end, _, records, cause, out| {
        let latest = latest_of(&records);
        let max = records.iter().map(|o| o.event.value).max();
        let mut best: Vec<&Output> = records
            .iter()
            .filter(|o| matches!(ties, Ties::Best(_)) || Some(o.event.value) == max)
            .collect();
        best.sort_by(|a, b| {
            b.event
                .value
                .cmp(&a.event.value)
                .then(a.event.cmp(&b.event))
        });
        match ties {
            Ties::All => {}
            Ties::First => best.truncate(1),
            Ties::Best(n) => best.truncate(n),
        }
        for o in best {
            let ev = Event {
                time: end - 1,
                ..o.event.clone()
            };
            out.push(result(ev, cause.cause, latest, cause.seq));
        }
    })
}

/// Buffers records until the watermark passes them, then replays each key's records in
/// (time, order, event) order, keeping the `n` of largest (rank, value, latest).
/// What `LastN` keeps: each key's records the watermark has not passed yet, and each key's
/// kept (rank, value, latest).
#[derive(Default)]
pub(crate) struct LastNState {
    pending: BTreeMap<u64, Vec<Output>>,
    history: BTreeMap<u64, Vec<(Time, i64, Time)>>,
}

pub(super) fn last_n(
    state: &mut LastNState,
    items: Vec<Item>,
    n: usize,
    a: Aggregate,
    (rank, order): (&TimeFn, &OrderFn),
) -> Vec<Item> {
    let LastNState { pending, history } = state;
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            Kind::Event(o) => pending.entry(o.event.key).or_default().push(o.clone()),
            Kind::Watermark(w) => {
                for (key, records) in pending.iter_mut() {
                    // Equal records differing only in their latest time (two windows' equal results)
                    // go in latest order, so every engine reports the same intermediate latest.
                    records.sort_by(|x, y| {
                        let key = |o: &Output| (o.event.time, order(&o.event));
                        key(x)
                            .cmp(&key(y))
                            .then_with(|| x.event.cmp(&y.event))
                            .then_with(|| x.latest.cmp(&y.latest))
                    });
                    let due = records.partition_point(|o| o.event.time < *w);
                    let last = history.entry(*key).or_default();
                    for o in records.drain(..due) {
                        last.push((rank(&o.event), o.event.value, o.latest));
                        last.sort();
                        if last.len() > n {
                            last.remove(0);
                        }
                        let mut acc = Accumulator::default();
                        last.iter().for_each(|&(_, v, _)| acc.add(v));
                        let latest = last.iter().map(|&(_, _, l)| l).max().unwrap_or(0);
                        let ev = Event {
                            value: acc.result(a),
                            ..o.event
                        };
                        out.push(result(ev, item.cause, latest, item.seq));
                    }
                }
                pending.retain(|_, v| !v.is_empty());
                out.push(item.clone());
            }
        }
    }
    out
}
