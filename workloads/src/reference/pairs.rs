//! Reference semantics of the pairing operators without fixed windows: `Closing` and
//! `StreamJoin`. Both take their two inputs merged in arrival order (`true` = left).

use super::ops::result;
use super::{Item, Kind};
use crate::event::{Event, Time};
use crate::output::Output;
use crate::plan::{JoinFn, PairPredicate, TimeFn};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Tracks both sides' watermarks; returns the operator's new watermark (their minimum) when
/// it advances.
#[derive(Default)]
pub(super) struct Watermarks {
    left: Option<Time>,
    right: Option<Time>,
    emitted: Option<Time>,
}

impl Watermarks {
    pub(super) fn advance(&mut self, is_left: bool, w: Time) -> Option<Time> {
        *if is_left {
            &mut self.left
        } else {
            &mut self.right
        } = Some(w);
        let w = self.left?.min(self.right?);
        if self.emitted.is_some_and(|e| e >= w) {
            return None;
        }
        self.emitted = Some(w);
        Some(w)
    }
}

/// What a `Closing` node pairs: its lookback and closures.
pub(super) struct Rule<'a> {
    pub lookback: Time,
    pub end: &'a TimeFn,
    pub accept: &'a PairPredicate,
    pub combine: &'a JoinFn,
}

/// Keeps every record of both sides per key (none is ever forgotten, so the lookback only
/// selects); when the watermark reaches a left record's interval end, pairs it with its
/// best candidate among all right records of its key.
/// What `Closing` keeps: both sides' records per key, and both watermarks.
#[derive(Default)]
pub(crate) struct ClosingState {
    lefts: BTreeMap<u64, Vec<Output>>,
    rights: BTreeMap<u64, Vec<Output>>,
    wms: Watermarks,
}

pub(super) fn closing(
    state: &mut ClosingState,
    merged: Vec<(bool, Item)>,
    rule: &Rule,
) -> Vec<Item> {
    let Rule {
        lookback,
        end,
        accept,
        combine,
    } = *rule;
    let ClosingState { lefts, rights, wms } = state;
    let mut out = Vec::new();
    for (is_left, item) in merged {
        match &item.kind {
            Kind::Event(o) => if is_left { &mut *lefts } else { &mut *rights }
                .entry(o.event.key)
                .or_default()
                .push(o.clone()),
            Kind::Watermark(w) => {
                let Some(w) = wms.advance(is_left, *w) else {
                    continue;
                };
                for (key, ls) in lefts.iter_mut() {
                    let rs = rights.get(key).map_or(&[][..], |v| &v[..]);
                    ls.retain(|l| {
                        let e = end(&l.event);
                        if e > w {
                            return true;
                        }
                        let best = rs
                            .iter()
                            .filter(|r| {
                                l.event.time <= r.event.time.saturating_add(lookback)
                                    && r.event.time < e
                                    && accept(&l.event, &r.event)
                            })
                            .max_by_key(|r| {
                                (r.event.value, Reverse(r.event.time), Reverse(&r.event))
                            });
                        if let Some(r) = best {
                            let ev = Event {
                                time: e - 1,
                                key: *key,
                                ..combine(&l.event, &r.event)
                            };
                            out.push(result(ev, item.cause, l.latest.max(r.latest), item.seq));
                        }
                        false
                    });
                }
                out.push(Item {
                    kind: Kind::Watermark(w),
                    ..item
                });
            }
        }
    }
    out
}

/// Keeps every record of both sides per key; each arriving record pairs with every record
/// of the other side seen before it.
/// What `StreamJoin` keeps: both sides' records per key, and both watermarks.
#[derive(Default)]
pub(crate) struct StreamJoinState {
    sides: BTreeMap<u64, (Vec<Output>, Vec<Output>)>,
    wms: Watermarks,
}

pub(super) fn stream_join(
    state: &mut StreamJoinState,
    merged: Vec<(bool, Item)>,
    combine: &JoinFn,
) -> Vec<Item> {
    let StreamJoinState { sides, wms } = state;
    let mut out = Vec::new();
    for (is_left, item) in merged {
        match &item.kind {
            Kind::Event(o) => {
                let (ls, rs) = sides.entry(o.event.key).or_default();
                let others = if is_left { &*rs } else { &*ls };
                for other in others {
                    let (l, r) = if is_left { (o, other) } else { (other, o) };
                    let ev = Event {
                        time: l.event.time.max(r.event.time),
                        key: o.event.key,
                        ..combine(&l.event, &r.event)
                    };
                    out.push(result(
                        ev,
                        l.cause.max(r.cause),
                        l.latest.max(r.latest),
                        item.seq,
                    ));
                }
                if is_left { ls } else { rs }.push(o.clone());
            }
            Kind::Watermark(w) => {
                if let Some(w) = wms.advance(is_left, *w) {
                    out.push(Item {
                        kind: Kind::Watermark(w),
                        ..item
                    });
                }
            }
        }
    }
    out
}
