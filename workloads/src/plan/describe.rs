//! Human-readable one-line descriptions of plans (also their `Debug` form).

use super::{Inputs, Plan, Ties};
use std::fmt;

impl Plan {
    /// A one-line description, e.g. `source | key_by | tumbling(1s) count`.
    pub fn describe(&self) -> String {
        self.fold(|node, inputs: Inputs<String>| match node {
            Plan::Source => "source".into(),
            Plan::Filter { .. } => format!("{} | filter", inputs.one()),
            Plan::Map { .. } => format!("{} | map", inputs.one()),
            Plan::KeyBy { .. } => format!("{} | key_by", inputs.one()),
            Plan::Window {
                window, aggregate, ..
            } => format!(
                "{} | {} {}",
                inputs.one(),
                window.describe(),
                aggregate.name()
            ),
            Plan::Join { window, .. } => {
                let (left, right) = inputs.two();
                format!("join[{}]({left} ; {right})", window.describe())
            }
            Plan::Top { window, ties, .. } => {
                let t = match ties {
                    Ties::All => "all".to_string(),
                    Ties::First => "first".to_string(),
                    Ties::Best(n) => n.to_string(),
                };
                format!("{} | {} top({t})", inputs.one(), window.describe())
            }
            Plan::LastN { n, aggregate, .. } => {
                format!("{} | last({n}) {}", inputs.one(), aggregate.name())
            }
            Plan::Closing { .. } => {
                let (left, right) = inputs.two();
                format!("closing({left} ; {right})")
            }
            Plan::StreamJoin { .. } => {
                let (left, right) = inputs.two();
                format!("stream_join({left} ; {right})")
            }
        })
    }
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}
