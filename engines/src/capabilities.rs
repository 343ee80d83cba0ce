//! What an engine declares it can do, so the command line, suites, the conformance kit and
//! reports read one statement instead of building the engine and trying.
//!
//! A declaration is a `const` ([`crate::EngineInfo`] statics are), written with builder
//! methods from the least it may claim:
//!
//! ```
//! use engines::Capabilities;
//! use workloads::plan::Operator;
//!
//! const CAPS: Capabilities = Capabilities::ALL_OPERATORS
//!     .without_operator(Operator::StreamJoin)
//!     .with_snapshots()
//!     .with_workers_honoured();
//! assert!(CAPS.snapshots && !CAPS.multi_process);
//! ```

use workloads::plan::{Operator, Operators};
use workloads::Plan;

/// An engine's declared capabilities. The conformance kit holds an engine to every one of
/// them, and only to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// The plan operators the engine runs ([`Plan::Source`] is always supported). A plan
    /// using another is not run: [`Capabilities::supports`] says which operator is missing.
    pub operators: Operators,
    /// Whether `snapshot`/`restore` work (a consistent cut restorable into a fresh engine of
    /// the same plan). Without it both must fail with [`crate::EngineError::Unsupported`].
    pub snapshots: bool,
    /// Whether the engine can run as several cooperating processes
    /// ([`crate::EngineOptions::cluster`]); engines that cannot refuse such options.
    pub multi_process: bool,
    /// Whether the engine starts its own processes for `--processes N` (a Flink standalone
    /// cluster of a JobManager and N TaskManagers): the harness then runs it as one engine,
    /// with the setting `processes` = N, rather than as N copies of itself.
    pub own_cluster: bool,
    /// Whether, running its own cluster with a checkpoint interval (settings
    /// `checkpoint_interval_ms` and `checkpoint_dir`), the engine takes checkpoints of its own
    /// and recovers from the kill of one of its processes ([`crate::Engine::kill_member`]):
    /// the harness then injects a crash as that kill and takes no checkpoint itself.
    pub own_recovery: bool,
    /// Whether `workers` in [`crate::EngineOptions`] changes the number of threads doing the
    /// work. An engine that ignores it runs the same with any value, so a harness runs it with
    /// 1 and labels it so.
    pub honours_workers: bool,
    /// Whether every result carries its [`workloads::Output::cause`] and
    /// [`workloads::Output::latest`]. An engine that cannot (an engine behind the wire
    /// protocol sends bare results) declares `false`: the harness then matches its results by
    /// event alone, still timing each from the reference's cause, and the kit compares event
    /// multisets.
    pub causes: bool,
    /// The catalog workloads the engine runs by name, when it knows workloads rather than
    /// plans (an external engine: closures cannot cross a process boundary); `None` for an
    /// engine that runs any plan of its declared operators.
    pub workloads: Option<&'static [&'static str]>,
}

/// A plan uses an operator the engine does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("does not support operator `{operator}`")]
pub struct Unsupported {
    /// The first missing operator, in [`Operator::ALL`] order.
    pub operator: Operator,
}

impl Capabilities {
    /// Every operator; no snapshots, one process, `workers` ignored: the least an engine on
    /// [`crate::graph::Graph`] can claim, to add the rest to.
    pub const ALL_OPERATORS: Capabilities = Capabilities::operators(Operators::ALL);

    /// Exactly `operators`; no snapshots, one process, `workers` ignored.
    pub const fn operators(operators: Operators) -> Capabilities {
        Capabilities {
            operators,
            snapshots: false,
            multi_process: false,
            own_cluster: false,
            own_recovery: false,
            honours_workers: false,
            causes: true,
            workloads: None,
        }
    }

    /// The same without `op`.
    pub const fn without_operator(self, op: Operator) -> Capabilities {
        Capabilities {
            operators: self.operators.without(op),
            ..self
        }
    }

    /// The same with snapshots.
    pub const fn with_snapshots(self) -> Capabilities {
        Capabilities {
            snapshots: true,
            ..self
        }
    }

    /// The same, able to run as several processes.
    pub const fn with_multi_process(self) -> Capabilities {
        Capabilities {
            multi_process: true,
            ..self
        }
    }

    /// The same, honouring `workers`.
    pub const fn with_workers_honoured(self) -> Capabilities {
        Capabilities {
            honours_workers: true,
            ..self
        }
    }

    /// The same, with results that carry no cause or latest time.
    pub const fn without_causes(self) -> Capabilities {
        Capabilities {
            causes: false,
            ..self
        }
    }

    /// The same, running only the named catalog workloads.
    pub const fn only_workloads(self, names: &'static [&'static str]) -> Capabilities {
        Capabilities {
            workloads: Some(names),
            ..self
        }
    }

    /// `Ok` when the engine runs the catalog workload `name` with plan `plan`: it is among
    /// the declared workloads (when the engine declares any) and every operator is declared;
    /// otherwise why not, as a harness reports a skipped run.
    pub fn supports_workload(&self, name: &str, plan: &Plan) -> Result<(), String> {
        if let Some(names) = self.workloads {
            if !names.contains(&name) {
                return Err(format!("does not declare workload `{name}`"));
            }
        }
        self.supports(plan).map_err(|e| e.to_string())
    }

    /// `Ok` when the engine declares every operator `plan` uses; otherwise the first missing
    /// one (a harness reports the run as skipped for that reason, not as failed).
    pub fn supports(&self, plan: &Plan) -> Result<(), Unsupported> {
        match plan.operators().difference(self.operators).iter().next() {
            None => Ok(()),
            Some(operator) => Err(Unsupported { operator }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::plan::{Aggregate, Window};

    #[test]
    fn supports_names_the_first_missing_operator() {
        let plan = Plan::source()
            .stream_join(Plan::source(), |l, _| l.clone())
            .window(Window::tumbling(5), Aggregate::Count);
        assert_eq!(Capabilities::ALL_OPERATORS.supports(&plan), Ok(()));
        let caps = Capabilities::ALL_OPERATORS
            .without_operator(Operator::StreamJoin)
            .without_operator(Operator::Window);
        let err = caps.supports(&plan).unwrap_err();
        assert_eq!(err.operator, Operator::Window);
        assert_eq!(err.to_string(), "does not support operator `window`");
        assert_eq!(caps.supports(&Plan::source()), Ok(()));
        assert_eq!(
            Capabilities::operators(Operators::NONE).supports(&Plan::source()),
            Ok(())
        );
    }

    #[test]
    fn builders_set_one_field_each() {
        let c = Capabilities::ALL_OPERATORS;
        assert!(!c.snapshots && !c.multi_process && !c.honours_workers);
        let c = c
            .with_snapshots()
            .with_multi_process()
            .with_workers_honoured();
        assert!(c.snapshots && c.multi_process && c.honours_workers);
        assert_eq!(c.operators, Operators::ALL);
        assert!(c.causes && c.workloads.is_none());
        let c = c.without_causes().only_workloads(&["stateless"]);
        assert!(!c.causes);
        assert_eq!(c.supports_workload("stateless", &Plan::source()), Ok(()));
        assert_eq!(
            c.supports_workload("join", &Plan::source()).unwrap_err(),
            "does not declare workload `join`"
        );
    }
}
