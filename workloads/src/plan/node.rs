//! The `Plan` tree and its builder methods.

use super::{Aggregate, Window};
use crate::event::Event;
use std::fmt;
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

/// A query: a tree of operators rooted at its output, with [`Plan::Source`] at the leaves.
///
/// Every leaf reads the same input stream; a join's two sides are two sub-plans of it
/// (typically filters selecting two kinds of event). Operators:
/// * `Filter`, `Map`, `KeyBy` are stateless and per event;
/// * `Window` groups by key and event-time window and emits one aggregate per window and key
///   when the watermark passes the window's end;
/// * `Join` pairs left and right events of the same key in the same window, emitted when the
///   watermark (the minimum of both sides') passes the window's end.
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
}

impl Plan {
    /// The input stream.
    pub fn source() -> Plan {
        Plan::Source
    }

    /// Keeps events for which `p` is true.
    pub fn filter(self, p: impl Fn(&Event) -> bool + Send + Sync + 'static) -> Plan {
        Plan::Filter {
            input: Box::new(self),
            predicate: Arc::new(p),
        }
    }

    /// Transforms each event (its event time is kept).
    pub fn map(self, f: impl Fn(&Event) -> Event + Send + Sync + 'static) -> Plan {
        Plan::Map {
            input: Box::new(self),
            f: Arc::new(f),
        }
    }

    /// Sets each event's key to `k(event)`.
    pub fn key_by(self, k: impl Fn(&Event) -> u64 + Send + Sync + 'static) -> Plan {
        Plan::KeyBy {
            input: Box::new(self),
            key: Arc::new(k),
        }
    }

    /// Aggregates per key and window.
    pub fn window(self, window: Window, aggregate: Aggregate) -> Plan {
        Plan::Window {
            input: Box::new(self),
            window,
            aggregate,
        }
    }

    /// Joins `self` (left) with `right` per key and window.
    pub fn join(
        self,
        right: Plan,
        window: Window,
        combine: impl Fn(&Event, &Event) -> Event + Send + Sync + 'static,
    ) -> Plan {
        Plan::Join {
            left: Box::new(self),
            right: Box::new(right),
            window,
            combine: Arc::new(combine),
        }
    }

    /// Checks the plan for windows no engine can run.
    pub fn validate(&self) -> Result<(), PlanError> {
        match self {
            Plan::Source => Ok(()),
            Plan::Filter { input, .. } | Plan::Map { input, .. } | Plan::KeyBy { input, .. } => {
                input.validate()
            }
            Plan::Window { input, window, .. } => {
                check_window(window)?;
                input.validate()
            }
            Plan::Join {
                left,
                right,
                window,
                ..
            } => {
                check_window(window)?;
                if let Window::Session { .. } = window {
                    return Err(PlanError::SessionJoin(window.describe()));
                }
                left.validate()?;
                right.validate()
            }
        }
    }

    /// Whether the plan holds state across events (a window or a join).
    pub fn is_stateful(&self) -> bool {
        match self {
            Plan::Source => false,
            Plan::Filter { input, .. } | Plan::Map { input, .. } | Plan::KeyBy { input, .. } => {
                input.is_stateful()
            }
            Plan::Window { .. } | Plan::Join { .. } => true,
        }
    }

    /// A one-line description, e.g. `source | key_by | tumbling(1s) count`.
    pub fn describe(&self) -> String {
        match self {
            Plan::Source => "source".into(),
            Plan::Filter { input, .. } => format!("{} | filter", input.describe()),
            Plan::Map { input, .. } => format!("{} | map", input.describe()),
            Plan::KeyBy { input, .. } => format!("{} | key_by", input.describe()),
            Plan::Window {
                input,
                window,
                aggregate,
            } => {
                format!(
                    "{} | {} {}",
                    input.describe(),
                    window.describe(),
                    aggregate.name()
                )
            }
            Plan::Join {
                left,
                right,
                window,
                ..
            } => {
                format!(
                    "join[{}]({} ; {})",
                    window.describe(),
                    left.describe(),
                    right.describe()
                )
            }
        }
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

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
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
