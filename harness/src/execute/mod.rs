//! Executors: where one run of a suite's matrix runs. The `run` command hands each run to
//! the executor that can run its engine — [`Local`] in this process, or the multi-process
//! [`crate::cluster::Coordinator`] — and gets back one [`reports::Run`] with its outcome.

mod local;
mod planned;
mod recovering;

pub use local::Local;
pub use planned::{record, Planned, RunSpec};
pub use recovering::Recovering;

use crate::prepare::Prepared;
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
    /// Runs `run` on the prepared workload.
    fn execute(
        &mut self,
        run: &Planned,
        prepared: &Arc<Prepared>,
        stop: &Arc<AtomicBool>,
    ) -> Option<Run>;
}
