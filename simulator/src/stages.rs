//! The plan as the model sees it: a source stage (the stateless operators before the first
//! stateful one, run where the events enter) and a keyed stage (the stateful operators and
//! all after them, run by the slot owning the record's key), with each stage's cost per
//! input event from the profile's true processing rates, and when results leave.

use crate::profile::{CostProfile, ProfileError};
use workloads::{Plan, Window};

/// When the keyed stage emits its results.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Firing {
    /// With each record (stateless plans, unwindowed joins).
    PerRecord,
    /// When the watermark passes the end of a window; windows end every `period_s`.
    Windows {
        /// Seconds between window ends (the size of tumbling windows, the slide of sliding
        /// ones, the gap of sessions).
        period_s: f64,
    },
    /// At every watermark (operators closing intervals or ranking by event time).
    Watermarks,
}

/// The plan's costs per input event, by stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Stages {
    /// Useful CPU seconds per input event in the source stage.
    pub source_s: f64,
    /// Records per input event sent to the keyed stage (0: the plan has none).
    pub exchanged: f64,
    /// Useful CPU seconds per input event in the keyed stage.
    pub keyed_s: f64,
    /// Results per input event.
    pub outputs: f64,
    /// When results leave.
    pub firing: Firing,
}

impl Stages {
    /// The stages of `plan` costed by `profile`, whose operators are the plan's in
    /// execution order (post-order: inputs before the node, left before right).
    pub fn new(plan: &Plan, profile: &CostProfile, path: &str) -> Result<Self, ProfileError> {
        let ops = execution_order(plan);
        if ops.len() != profile.operators.len()
            || ops
                .iter()
                .zip(&profile.operators)
                .any(|(p, o)| p.operator().map(|op| op.name()) != Some(o.operator.as_str()))
        {
            return Err(ProfileError::OtherPlan {
                path: path.into(),
                workload: profile.workload.clone(),
                profile: profile.plan.clone(),
                wanted: plan.describe(),
            });
        }
        let mut stages = Stages {
            source_s: 0.0,
            exchanged: 0.0,
            keyed_s: 0.0,
            outputs: 0.0,
            firing: Firing::PerRecord,
        };
        let mut costs = profile.operators.iter();
        // Per node: (records out per input event, whether it runs in the keyed stage).
        let root = plan.fold(|node, inputs: workloads::plan::Inputs<(f64, bool)>| {
            if node.operator().is_none() {
                return (1.0, false);
            }
            let cost = costs.next().expect("checked: one cost per operator");
            let inputs: Vec<(f64, bool)> = inputs.into_iter().collect();
            let records: f64 = inputs.iter().map(|i| i.0).sum();
            let keyed = node_is_stateful(node) || inputs.iter().any(|i| i.1);
            if keyed {
                // Records entering the keyed stage from the source stage cross the exchange.
                stages.exchanged += inputs.iter().filter(|i| !i.1).map(|i| i.0).sum::<f64>();
                if stages.firing == Firing::PerRecord {
                    stages.firing = firing(node);
                }
            }
            let seconds = cost.true_rate_eps.map_or(0.0, |r| records / r);
            if keyed {
                stages.keyed_s += seconds;
            } else {
                stages.source_s += seconds;
            }
            (records * cost.output_ratio, keyed)
        });
        stages.outputs = root.0;
        Ok(stages)
    }

    /// Whether records cross a key exchange.
    pub fn has_exchange(&self) -> bool {
        self.exchanged > 0.0
    }
}

/// The plan's operator nodes in execution order (inputs first, left before right).
pub fn execution_order(plan: &Plan) -> Vec<&Plan> {
    let mut out = Vec::new();
    plan.fold(|node, _: workloads::plan::Inputs<()>| {
        if node.operator().is_some() {
            out.push(node);
        }
    });
    out
}

fn node_is_stateful(node: &Plan) -> bool {
    !matches!(
        node,
        Plan::Source | Plan::Filter { .. } | Plan::Map { .. } | Plan::KeyBy { .. }
    )
}

fn firing(node: &Plan) -> Firing {
    let period = |w: &Window| match *w {
        Window::Tumbling { size } => size,
        Window::Sliding { slide, .. } => slide,
        Window::Session { gap } => gap,
    };
    match node {
        Plan::Window { window, .. } | Plan::Join { window, .. } | Plan::Top { window, .. } => {
            Firing::Windows {
                period_s: period(window) as f64 / 1e9,
            }
        }
        Plan::LastN { .. } | Plan::Closing { .. } => Firing::Watermarks,
        _ => Firing::PerRecord,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::OperatorCost;
    use workloads::Aggregate;

    fn op(name: &str, rate: Option<f64>, ratio: f64) -> OperatorCost {
        OperatorCost {
            operator: name.into(),
            true_rate_eps: rate,
            output_ratio: ratio,
        }
    }

    #[test]
    fn a_filter_before_a_window_runs_at_the_source_and_thins_the_exchange() {
        let plan = Plan::source()
            .filter(|e| e.value % 2 == 0)
            .window(Window::tumbling(1_000_000_000), Aggregate::Count);
        let mut profile = crate::profile::tests::profile();
        profile.operators = vec![op("filter", Some(4e6), 0.5), op("window", Some(1e6), 0.02)];
        let s = Stages::new(&plan, &profile, "p").unwrap();
        assert!((s.source_s - 0.25e-6).abs() < 1e-15);
        assert!((s.exchanged - 0.5).abs() < 1e-12);
        assert!((s.keyed_s - 0.5e-6).abs() < 1e-15);
        assert!((s.outputs - 0.01).abs() < 1e-12);
        assert_eq!(s.firing, Firing::Windows { period_s: 1.0 });
        profile.operators.pop();
        assert!(Stages::new(&plan, &profile, "p").is_err());
    }

    #[test]
    fn a_stateless_plan_has_no_exchange() {
        let plan = Plan::source().map(|e| e.clone());
        let mut profile = crate::profile::tests::profile();
        profile.operators = vec![op("map", None, 1.0)];
        let s = Stages::new(&plan, &profile, "p").unwrap();
        assert!(!s.has_exchange());
        assert_eq!(
            (s.source_s, s.outputs, s.firing),
            (0.0, 1.0, Firing::PerRecord)
        );
    }
}
