//! The window operators: tumbling and sliding windows that keep an aggregate, the same that
//! keep every record (for `Top`), and sessions. Each maps the next part of its input
//! sequence to the next part of its output, as every operator in [`super::ops`].

use super::ops::{latest_of, result};
use super::{Item, Kind};
use crate::event::{Event, Time};
use crate::output::Output;
use crate::plan::{Accumulator, Aggregate, Window};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The open windows of `Top`, by (end, key).
pub(crate) type Windows = BTreeMap<(Time, u64), Vec<Output>>;

/// The open windows of a fixed window, by end then key: the aggregate of their values and
/// their latest event time (an aggregate is the same whatever order its values come in).
/// Keys are hashed, not ordered, as every event looks its window up: a closing window sorts
/// its keys once, so results leave in (end, key) order all the same.
pub(crate) type Aggregates = BTreeMap<Time, FxHashMap<u64, (Accumulator, Time)>>;

fn aggregate_of(events: &[Output], a: Aggregate) -> i64 {
    let mut acc = Accumulator::default();
    for o in events {
        acc.add(o.event.value);
    }
    acc.result(a)
}

/// Tumbling and sliding windows: keep the aggregate of every open (end, key) window; when a
/// watermark passes a window's end, emit it, then pass the watermark on.
pub(super) fn fixed_window(
    open: &mut Aggregates,
    items: Vec<Item>,
    window: Window,
    a: Aggregate,
) -> Vec<Item> {
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            Kind::Event(o) => window.for_each_window(o.event.time, |end| {
                let (acc, latest) = open.entry(end).or_default().entry(o.event.key).or_default();
                acc.add(o.event.value);
                *latest = (*latest).max(o.latest);
            }),
            Kind::Watermark(w) => {
                while let Some(entry) = open.first_entry() {
                    if *entry.key() > *w {
                        break;
                    }
                    let (end, keys) = entry.remove_entry();
                    let mut keys: Vec<_> = keys.into_iter().collect();
                    keys.sort_unstable_by_key(|(key, _)| *key);
                    for (key, (acc, latest)) in keys {
                        let ev = Event::new(end - 1, key, acc.result(a));
                        out.push(result(ev, item.cause, latest, item.seq));
                    }
                }
                out.push(item.clone());
            }
        }
    }
    out
}

/// Keeps every record of every open (end, key) fixed window (a window is named by its end,
/// see [`Window::for_each_window`]); when a watermark passes a
/// window's end, hands its records to `close(end, key, records, watermark item, out)`, then
/// passes the watermark on.
pub(super) fn per_window(
    open: &mut Windows,
    items: Vec<Item>,
    window: Window,
    mut close: impl FnMut(Time, u64, Vec<Output>, &Item, &mut Vec<Item>),
) -> Vec<Item> {
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            Kind::Event(o) => window.for_each_window(o.event.time, |end| {
                open.entry((end, o.event.key)).or_default().push(o.clone());
            }),
            Kind::Watermark(w) => {
                while let Some(entry) = open.first_entry() {
                    if entry.key().0 > *w {
                        break;
                    }
                    let ((end, key), events) = entry.remove_entry();
                    close(end, key, events, &item, &mut out);
                }
                out.push(item.clone());
            }
        }
    }
    out
}

/// Session windows: keep every event per key; on a watermark, cluster each key's events by
/// the gap and fire the clusters whose end `last + gap` the watermark has reached.
pub(super) fn session(
    open: &mut BTreeMap<u64, Vec<Output>>,
    items: Vec<Item>,
    gap: Time,
    a: Aggregate,
) -> Vec<Item> {
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            Kind::Event(o) => open.entry(o.event.key).or_default().push(o.clone()),
            Kind::Watermark(w) => {
                for (&key, events) in open.iter_mut() {
                    events.sort_by_key(|o| o.event.time);
                    let mut keep = Vec::new();
                    let mut cluster: Vec<Output> = Vec::new();
                    for o in events.drain(..) {
                        if let Some(last) = cluster.last() {
                            if o.event.time >= last.event.time.saturating_add(gap) {
                                close(&mut cluster, &mut keep, &mut out, key, gap, *w, a, &item);
                            }
                        }
                        cluster.push(o);
                    }
                    close(&mut cluster, &mut keep, &mut out, key, gap, *w, a, &item);
                    *events = keep;
                }
                open.retain(|_, v| !v.is_empty());
                out.push(item.clone());
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn close(
    cluster: &mut Vec<Output>,
    keep: &mut Vec<Output>,
    out: &mut Vec<Item>,
    key: u64,
    gap: Time,
    watermark: Time,
    a: Aggregate,
    cause: &Item,
) {
    let Some(last) = cluster.last() else { return };
    let end = last.event.time.saturating_add(gap);
    if end <= watermark {
        let ev = Event::new(end - 1, key, aggregate_of(cluster, a));
        out.push(result(
            ev,
            cause.cause,
            latest_of(cluster.iter()),
            cause.seq,
        ));
        cluster.clear();
    } else {
        keep.append(cluster);
    }
}
