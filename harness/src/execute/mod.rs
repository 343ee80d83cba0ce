//! Executors: where one run of a suite's matrix runs. The `run` command hands each run to
//! the executor that can run its engine — [`Contained`] in a worker process it can kill,
//! [`Local`] in this process (inside the worker, or with `--in-process`), or the
//! multi-process [`crate::cluster::Coordinator`] — and gets back one [`reports::Run`] with
//! its outcome.

mod child;
mod contained;
mod local;
mod planned;
mod recovering;
mod worker;

pub use contained::Contained;
pub use local::Local;
pub use planned::{record, Planned, RunSpec};
pub use recovering::Recovering;
pub use worker::{Job, Reply, Worker};

use crate::prepare::OnDemand;
use reports::Run;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Runs one run at a time.
///
/// # Contract
/// * `execute` returns a run whose key is `run.key` and whose outcome is `ok` with figures,
///   or `failed`/`timeout` with the reason; an engine that errs, panics or hangs never
///   brings the suite down.
/// * It returns `None` only when `stop` was raised (the user interrupted): an unfinished
///   run is not a result.
pub trait Executor {
    /// Processes each run of this executor spans (part of a run's key).
    fn processes(&self) -> usize;
    /// Runs `run` on `workload`, whose stream it prepares (once per group of runs) if it
    /// needs it in this process.
    fn execute(
        &mut self,
        run: &Planned,
        workload: &OnDemand,
        stop: &Arc<AtomicBool>,
    ) -> Option<Run>;
}

/// The executor of in-process engines the arguments ask for: [`Contained`] (a worker process
/// per run group, killed when a run hangs), or with `--in-process` [`Local`].
pub fn contained_or_local(
    args: &crate::cli::RunArgs,
    suite: crate::suite::SuiteSource,
) -> Box<dyn Executor> {
    match args.in_process {
        true => Box::new(Local),
        false => Box::new(Contained::new(suite, args.quiet)),
    }
}
