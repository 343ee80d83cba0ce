//! Closing one process's measurement of a run: the measuring thread's record joined to the
//! driver's, then the process's CPU time and peak heap, read once every result is measured,
//! so the CPU time covers exactly the measured work (and not, say, a snapshot replay after it).

use super::record::{Merge, MergeError, Record};
use crate::alloc;
use crate::cpu::{cpu_seconds, thread_cpu_seconds};
use crate::sink::MeasuringSink;

/// Where a process's measurement started: its CPU time and the coordinating thread's.
#[derive(Clone, Copy, Debug)]
pub struct Start {
    process: (f64, f64),
    thread: (f64, f64),
}

impl Start {
    /// Now; also resets the peak heap.
    pub fn now() -> Start {
        alloc::reset_peak();
        Start {
            process: cpu_seconds(),
            thread: thread_cpu_seconds(),
        }
    }
}

impl Start {
    /// Charges the calling thread's CPU time since `self` to the harness: for a thread that
    /// only waited for the run (the executor's), on the thread that called [`Start::now`].
    pub fn charge_harness(&self, record: &mut Record) {
        let (u, s) = thread_cpu_seconds();
        record.harness_user_s += u - self.thread.0;
        record.harness_system_s += s - self.thread.1;
    }
}

/// Joins the sink's record into the driver's `record` and adds the process's costs since
/// `start`; the measuring thread has charged its own CPU time to the harness.
pub fn close(mut record: Record, sink: &MeasuringSink, start: Start) -> Result<Record, MergeError> {
    record.merge(sink.merged())?;
    let (user, system) = cpu_seconds();
    record.cpu_user_s = user - start.process.0;
    record.cpu_system_s = system - start.process.1;
    record.heap_peak = alloc::peak();
    Ok(record)
}
