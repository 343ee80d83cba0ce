//! One function per operator, each mapping the next part of its input sequence to the next
//! part of its output sequence, with what it keeps between parts in its [`State`]. Fed the
//! whole sequence at once, or in consecutive parts, an operator emits the same sequence.

use super::windows::{fixed_window, session, Aggregates, Windows};
use super::{pairs, select, Item, Kind};
use crate::event::{Event, Time};
use crate::output::Output;
use crate::plan::{Inputs, JoinFn, Plan, Window};
use std::collections::BTreeMap;

/// What one operator keeps between two parts of its input: its open windows, buffered
/// records and watermarks.
#[derive(Default)]
pub(crate) enum State {
    /// A stateless operator (or a source).
    #[default]
    None,
    /// A fixed window: the aggregate of every open (end, key) window.
    Aggregates(Aggregates),
    /// `Top`: the records of every open (end, key) window.
    Windows(Windows),
    /// A session window: every key's records not yet in a closed session.
    Sessions(BTreeMap<u64, Vec<Output>>),
    /// A windowed join.
    Join(JoinState),
    /// `LastN`.
    LastN(select::LastNState),
    /// `Closing`.
    Closing(pairs::ClosingState),
    /// `StreamJoin`.
    StreamJoin(pairs::StreamJoinState),
}

/// What a windowed join keeps: both sides per open window, and both watermarks.
#[derive(Default)]
pub(crate) struct JoinState {
    open: BTreeMap<(Time, u64), (Vec<Output>, Vec<Output>)>,
    watermarks: pairs::Watermarks,
}

/// A fresh state for every node of `plan`, in [`Plan::fold`] order (post-order).
pub(crate) fn states(plan: &Plan) -> Vec<State> {
    let mut states = Vec::new();
    plan.fold(|node, _: Inputs<()>| {
        states.push(match node {
            Plan::Window {
                window: Window::Session { .. },
                ..
            } => State::Sessions(BTreeMap::new()),
            Plan::Window { .. } => State::Aggregates(Aggregates::new()),
            Plan::Top { .. } => State::Windows(Windows::new()),
            Plan::Join { .. } => State::Join(JoinState::default()),
            Plan::LastN { .. } => State::LastN(Default::default()),
            Plan::Closing { .. } => State::Closing(Default::default()),
            Plan::StreamJoin { .. } => State::StreamJoin(Default::default()),
            _ => State::None,
        })
    });
    states
}

/// Evaluates the next part of the source's sequence through `plan`, each node with its own
/// entry of `states` (from [`states`]). Every source node sees the whole sequence: the last
/// one takes it, the others a copy.
pub(crate) fn eval(plan: &Plan, source: Vec<Item>, states: &mut [State]) -> Vec<Item> {
    let mut sources = 0;
    plan.fold(|node, _: Inputs<()>| sources += usize::from(matches!(node, Plan::Source)));
    let mut source = Some(source);
    let mut next = states.iter_mut();
    plan.fold(|node, inputs: Inputs<Vec<Item>>| {
        let state = next.next().expect("one state per node");
        if let Plan::Source = node {
            sources -= 1;
            let whole = if sources == 0 {
                source.take()
            } else {
                source.clone()
            };
            return whole.expect("the sequence until the last source node");
        }
        apply(node, inputs, state)
    })
}

fn apply(node: &Plan, inputs: Inputs<Vec<Item>>, state: &mut State) -> Vec<Item> {
    match (node, state) {
        (Plan::Source, _) => unreachable!("eval() hands the source its sequence"),
        (Plan::Filter { predicate, .. }, _) => inputs
            .one()
            .into_iter()
            .filter(|i| match &i.kind {
                Kind::Event(o) => predicate(&o.event),
                Kind::Watermark(_) => true,
            })
            .collect(),
        (Plan::Map { f, .. }, _) => map_events(inputs.one(), |o| Event {
            time: o.event.time,
            ..f(&o.event)
        }),
        (Plan::KeyBy { key, .. }, _) => map_events(inputs.one(), |o| Event {
            key: key(&o.event),
            ..o.event.clone()
        }),
        (
            Plan::Window {
                window: Window::Session { gap },
                aggregate,
                ..
            },
            State::Sessions(open),
        ) => session(open, inputs.one(), *gap, *aggregate),
        (
            Plan::Window {
                window, aggregate, ..
            },
            State::Aggregates(open),
        ) => fixed_window(open, inputs.one(), *window, *aggregate),
        (
            Plan::Join {
                window, combine, ..
            },
            State::Join(s),
        ) => {
            let (left, right) = inputs.two();
            join(s, left, right, *window, combine)
        }
        (Plan::Top { window, ties, .. }, State::Windows(open)) => {
            select::top(open, inputs.one(), *window, *ties)
        }
        (
            Plan::LastN {
                n,
                aggregate,
                rank,
                order,
                ..
            },
            State::LastN(s),
        ) => select::last_n(s, inputs.one(), *n, *aggregate, (rank, order)),
        (
            Plan::Closing {
                lookback,
                end,
                accept,
                combine,
                ..
            },
            State::Closing(s),
        ) => {
            let (left, right) = inputs.two();
            let rule = pairs::Rule {
                lookback: *lookback,
                end,
                accept,
                combine,
            };
            pairs::closing(s, merge(left, right), &rule)
        }
        (Plan::StreamJoin { combine, .. }, State::StreamJoin(s)) => {
            let (left, right) = inputs.two();
            pairs::stream_join(s, merge(left, right), combine)
        }
        _ => unreachable!("states() gives every stateful node its state"),
    }
}

/// Both sides of a two-input operator in the order it sees them: by source position, the
/// left side first at equal positions. `true` marks the left side. Every item an operator
/// emits carries the position of the source item that made it, so the items of one part of
/// the source are all in the same part of both inputs: merging part by part is merging all.
pub(super) fn merge(left: Vec<Item>, right: Vec<Item>) -> Vec<(bool, Item)> {
    let mut merged: Vec<(bool, Item)> = left
        .into_iter()
        .map(|i| (true, i))
        .chain(right.into_iter().map(|i| (false, i)))
        .collect();
    merged.sort_by_key(|(is_left, i)| (i.seq, !*is_left));
    merged
}

fn map_events(items: Vec<Item>, f: impl Fn(&Output) -> Event) -> Vec<Item> {
    items
        .into_iter()
        .map(|mut i| {
            if let Kind::Event(o) = &mut i.kind {
                o.event = f(o);
            }
            i
        })
        .collect()
}

pub(super) fn result(event: Event, cause: Time, latest: Time, seq: usize) -> Item {
    Item {
        seq,
        cause,
        kind: Kind::Event(Output {
            event,
            cause,
            latest,
        }),
    }
}

pub(super) fn latest_of<'a>(events: impl IntoIterator<Item = &'a Output>) -> Time {
    events.into_iter().map(|o| o.latest).max().unwrap_or(0)
}

/// Windowed join: merge both sides by source position, keep each side's events per window
/// and key, and emit every matching pair when the smaller of the two watermarks passes.
fn join(
    state: &mut JoinState,
    left: Vec<Item>,
    right: Vec<Item>,
    window: Window,
    combine: &JoinFn,
) -> Vec<Item> {
    let merged = merge(left, right);
    let JoinState { open, watermarks } = state;
    let mut out = Vec::new();
    for (is_left, item) in merged {
        match &item.kind {
            Kind::Event(o) => window.for_each_window(o.event.time, |end| {
                let sides = open.entry((end, o.event.key)).or_default();
                if is_left { &mut sides.0 } else { &mut sides.1 }.push(o.clone());
            }),
            Kind::Watermark(w) => {
                let Some(w) = watermarks.advance(is_left, *w) else {
                    continue;
                };
                while let Some(entry) = open.first_entry() {
                    if entry.key().0 > w {
                        break;
                    }
                    let ((end, key), (ls, rs)) = entry.remove_entry();
                    for l in &ls {
                        for r in &rs {
                            let ev = Event {
                                time: end - 1,
                                key,
                                ..combine(&l.event, &r.event)
                            };
                            out.push(result(ev, item.cause, l.latest.max(r.latest), item.seq));
                        }
                    }
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
