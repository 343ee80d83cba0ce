//! The `Plan` tree and its builder methods.

use super::{Aggregate, Window};
use crate::event::{Event, Time};
use std::sync::Arc;

/// Keeps an event when it returns `true`.
pub type Predicate = Arc<dyn Fn(&Event) -> bool + Send + Sync>;
/// Transforms an event. Engines keep the input's event time whatever the closure returns.
pub type MapFn = Arc<dyn Fn(&Event) -> Event + Send + Sync>;
/// Computes the new partitioning key of an event.
pub type KeyFn = Arc<dyn Fn(&Event) -> u64 + Send + Sync>;
/// Combines a left and a right event of the same key and window into one output. Engines
/// stamp the result with the window's key and with event time `end - 1`.
pub type JoinFn = Arc<dyn Fn(&Event, &Event) -> Event + Send + Sync>;
/// Decides whether a left and a right event of the same key may be paired.
pub type PairPredicate = Arc<dyn Fn(&Event, &Event) -> bool + Send + Sync>;
/// Computes a time from an event (e.g. the end of the interval a left event opens).
pub type TimeFn = Arc<dyn Fn(&Event) -> Time + Send + Sync>;
/// Computes a sort key of an event (e.g. the order records of one event time are taken in).
pub type OrderFn = Arc<dyn Fn(&Event) -> u64 + Send + Sync>;

/// Which records a [`Plan::Top`] emits when several share the largest value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ties {
    /// Every record with the largest value.
    All,
    /// Only the smallest of them in [`Event`]'s order (a deterministic pick).
    First,
    /// The `n` records with the largest values (top-N per key): by value, largest first,
    /// records of equal value in [`Event`]'s order, cut after `n` (SQL's `ROW_NUMBER() <=
    /// n`). `Best(1)` is `First`.
    Best(usize),
}

/// A query: a tree of operators rooted at its output, with [`Plan::Source`] at the leaves.
///
/// Every leaf reads the same input stream; a join's two sides are two sub-plans of it
/// (typically filters selecting two kinds of event). Operators:
/// * `Filter`, `Map`, `KeyBy` are stateless and per event;
/// * `Window` groups by key and event-time window and emits one aggregate per window and key
///   when the watermark passes the window's end;
/// * `Join` pairs left and right events of the same key in the same window, emitted when the
///   watermark (the minimum of both sides') passes the window's end;
/// * `Top` keeps, per key and window, the record(s) with the largest value;
/// * `LastN` emits, per key and record in event-time order, an aggregate of the key's last
///   `n` records (by a rank, event time by default);
/// * `Closing` pairs each left record with the best right record of its key inside the
///   interval the left record opens (e.g. an auction and its winning bid);
/// * `StreamJoin` pairs every left and right record of the same key, unwindowed, as soon as
///   the second of the two arrives.
///
/// Every stateful operator keeps its state by the record's `key`, so engines may partition
/// it by key.
#[derive(Clone)]
pub enum Plan {
    /// The input stream.
    Source,
    /// Keeps events matching a predicate.
    Filter {
        /// Upstream plan.
        input: Box<Plan>,
        /// The predicate.
        predicate: Predicate,
    },
    /// Transforms each event.
    Map {
        /// Upstream plan.
        input: Box<Plan>,
        /// The transformation.
        f: MapFn,
    },
    /// Re-keys each event.
    KeyBy {
        /// Upstream plan.
        input: Box<Plan>,
        /// The key function.
        key: KeyFn,
    },
    /// Keyed windowed aggregation.
    Window {
        /// Upstream plan.
        input: Box<Plan>,
        /// Window kind.
        window: Window,
        /// Aggregate emitted per window and key.
        aggregate: Aggregate,
    },
    /// Keyed windowed join of two inputs.
    Join {
        /// Left input.
        left: Box<Plan>,
        /// Right input.
        right: Box<Plan>,
        /// Window kind (tumbling or sliding).
        window: Window,
        /// Builds one output from a matching pair.
        combine: JoinFn,
    },
    /// Per key and fixed window, the record(s) with the largest value (or the `n` largest,
    /// [`Ties::Best`]). Fires like a window;
    /// each emitted record keeps its key, value and payload and gets event time `end - 1`.
    Top {
        /// Upstream plan.
        input: Box<Plan>,
        /// Window kind (tumbling or sliding).
        window: Window,
        /// What to emit on ties.
        ties: Ties,
    },
    /// Per key, records are taken in event-time order (ties by `order`, then by [`Event`]
    /// order) once the watermark passes them; each joins the key's kept records, of which
    /// only the `n` with the largest `(rank, value, latest)` stay, and is emitted with
    /// `value` replaced by `aggregate` over the kept values and that watermark's cause. With
    /// `rank` = event time this is "the last `n` records"; Nexmark q6 ranks closed auctions
    /// by their winning bid's time, as Beam does, and takes auctions closing at the same
    /// time in the auctions' order. The order of equal times changes the intermediate
    /// results (each record's aggregate), never the kept set.
    LastN {
        /// Upstream plan.
        input: Box<Plan>,
        /// How many records the aggregate covers.
        n: usize,
        /// The aggregate.
        aggregate: Aggregate,
        /// What "last" means: the kept records are those with the largest rank.
        rank: TimeFn,
        /// The order records of one event time are taken in (smallest first).
        order: OrderFn,
    },
    /// Each left record covers the interval `[time - lookback, end(left))` on its key; right
    /// records of that key inside it for which `accept(left, right)` holds are candidates,
    /// whichever of the two arrives first. When the watermark reaches the interval's end,
    /// `combine(left, best)` is emitted with the key and event time `end - 1`, where `best`
    /// has the largest value, then the earliest time, then the smallest [`Event`]. A left
    /// record without candidates emits nothing. `lookback` lets right records precede their
    /// left one (Beam's winning bids count bids placed before their auction opened) and
    /// bounds the state: a right record is kept until the watermark passes `time +
    /// lookback`, after which no left record still to come can reach back to it.
    Closing {
        /// The records that open intervals.
        left: Box<Plan>,
        /// The candidates.
        right: Box<Plan>,
        /// How long before a left record a right record may lie and still be a candidate.
        lookback: Time,
        /// End of the interval a left record opens (exclusive).
        end: TimeFn,
        /// Whether a right record may be paired with a left one.
        accept: PairPredicate,
        /// Builds the output from the left record and its best candidate.
        combine: JoinFn,
    },
    /// Unwindowed incremental join: every pair of a left and a right record of the same key,
    /// emitted when the second of the two arrives, with the key, event time = the later of
    /// the two times and cause = the later of the two causes. State is kept for ever.
    StreamJoin {
        /// Left input.
        left: Box<Plan>,
        /// Right input.
        right: Box<Plan>,
        /// Builds one output from a matching pair.
        combine: JoinFn,
    },
}

/// A plan no engine can run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// A window size, slide or gap of zero.
    #[error("window {0} has a zero length")]
    ZeroWindow(String),
    /// Joins pair events in fixed windows; sessions differ per side.
    #[error("a join needs a tumbling or sliding window, not {0}")]
    SessionJoin(String),
    /// `Top` needs fixed windows.
    #[error("top needs a tumbling or sliding window, not {0}")]
    SessionTop(String),
    /// `LastN` over zero records.
    #[error("last_n needs n > 0")]
    ZeroLastN,
    /// `Top` keeping zero records.
    #[error("top needs n > 0")]
    ZeroTop,
}

impl Plan {
    /// Checks the plan for windows no engine can run; the first problem top-down (see
    /// [`Plan::nodes`]) is the one reported.
    pub fn validate(&self) -> Result<(), PlanError> {
        self.nodes().try_for_each(check_node)
    }

    /// Whether the plan holds state across events (a window or a join).
    pub fn is_stateful(&self) -> bool {
        self.nodes().any(|node| {
            !matches!(
                node,
                Plan::Source | Plan::Filter { .. } | Plan::Map { .. } | Plan::KeyBy { .. }
            )
        })
    }
}

/// The check of one node, leaving its inputs to [`Plan::validate`].
fn check_node(node: &Plan) -> Result<(), PlanError> {
    match node {
        Plan::Window { window, .. } => check_window(window),
        Plan::Join { window, .. } => {
            check_window(window)?;
            if let Window::Session { .. } = window {
                return Err(PlanError::SessionJoin(window.describe()));
            }
            Ok(())
        }
        Plan::Top {
            ties: Ties::Best(0),
            ..
        } => Err(PlanError::ZeroTop),
        Plan::Top { window, .. } => {
            check_window(window)?;
            if let Window::Session { .. } = window {
                return Err(PlanError::SessionTop(window.describe()));
            }
            Ok(())
        }
        Plan::LastN { n: 0, .. } => Err(PlanError::ZeroLastN),
        Plan::Source
        | Plan::Filter { .. }
        | Plan::Map { .. }
        | Plan::KeyBy { .. }
        | Plan::LastN { .. }
        | Plan::Closing { .. }
        | Plan::StreamJoin { .. } => Ok(()),
    }
}

fn check_window(w: &Window) -> Result<(), PlanError> {
    let zero = match *w {
        Window::Tumbling { size } => size == 0,
        Window::Sliding { size, slide } => size == 0 || slide == 0,
        Window::Session { gap } => gap == 0,
    };
    if zero {
        Err(PlanError::ZeroWindow(w.describe()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_and_validate() {
        let p = Plan::source()
            .filter(|e| e.value > 0)
            .key_by(|e| e.key % 10)
            .window(Window::tumbling(1_000_000_000), Aggregate::Count);
        assert_eq!(
            p.describe(),
            "source | filter | key_by | tumbling(1s) count"
        );
        assert!(p.validate().is_ok() && p.is_stateful());
        let bad = Plan::source().join(Plan::source(), Window::session(5), |l, _| l.clone());
        assert!(matches!(bad.validate(), Err(PlanError::SessionJoin(_))));
        let zero = Plan::source().window(Window::sliding(10, 0), Aggregate::Sum);
        assert!(matches!(zero.validate(), Err(PlanError::ZeroWindow(_))));
    }
}
