//! Human-readable one-line descriptions of plans (also their `Debug` form).

use super::{Plan, Ties};
use std::fmt;

impl Plan {
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
            Plan::Top {
                input,
                window,
                ties,
            } => {
                let t = if *ties == Ties::All { "all" } else { "first" };
                format!("{} | {} top({t})", input.describe(), window.describe())
            }
            Plan::LastN {
                input,
                n,
                aggregate,
                ..
            } => format!("{} | last({n}) {}", input.describe(), aggregate.name()),
            Plan::Closing { left, right, .. } => {
                format!("closing({} ; {})", left.describe(), right.describe())
            }
            Plan::StreamJoin { left, right, .. } => {
                format!("stream_join({} ; {})", left.describe(), right.describe())
            }
        }
    }
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}
