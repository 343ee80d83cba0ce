//! The one extension point: what the harness guarantees an engine, and what an engine owes it.

use std::collections::BTreeMap;
use workloads::{Input, Output, Time};

/// A stream processor under test.
///
/// # What the harness guarantees
/// * Calls come from one thread at a time, in stream order: `on_events` and `on_watermark`
///   interleaved exactly as the stream has them, then `finish` once. `stats` may be called
///   between any two of them; `snapshot` likewise; `restore` only before the first input.
/// * `scheduled` times are non-decreasing; watermarks are strictly increasing.
/// * The driver is open-loop: it does not wait for outputs, and it keeps the schedule as
///   well as the engine lets it (a blocking `on_events` delays later injections, and that
///   delay is charged to the engine's latency because latency counts from the schedule).
///
/// # What an engine guarantees
/// * Lateness: an event whose time is below the latest watermark received before it is
///   dropped and counted in [`EngineStats::late_events`], never processed.
/// * A window or join result is emitted once the watermark reaches its end (for a join,
///   the smaller of both inputs' watermarks), and `finish` acts as a watermark of
///   `Time::MAX`; see `workloads::reference` for the exact semantics every engine matches.
/// * Every result reaches the [`Sink`] with [`Output::cause`] set to the scheduled time of
///   the input that let it be emitted (the event, the watermark, or `finish`'s time) and
///   [`Output::latest`] set to the latest contributing event time.
/// * `finish` returns only after every result has been handed to the sink.
/// * `snapshot` returns a consistent cut: the state after every input received so far, with
///   every result of those inputs already emitted. `restore` into a fresh engine of the same
///   plan followed by the rest of the stream yields exactly the remaining results.
pub trait Engine: Send {
    /// Processes a run of events (no watermark between them).
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError>;
    /// Every later event has `time >= watermark`. `scheduled` is when it was due.
    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError>;
    /// End of input, due at `scheduled`: flush everything and wait for the sink to have it.
    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError>;
    /// Current logical state size and late-event count.
    fn stats(&self) -> EngineStats;
    /// Serialises the engine's state.
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError>;
    /// Replaces the engine's state with a snapshot taken from an engine of the same plan.
    fn restore(&mut self, snapshot: &[u8]) -> Result<(), EngineError>;
    /// An injected crash, as abrupt as a machine failing: an engine running in processes of
    /// its own has them killed with `SIGKILL` at once (no end of input, no goodbye, no grace
    /// period), and the engine is dropped next. An engine in this process does nothing here:
    /// dropping it is its crash, its state gone with it.
    fn kill(&mut self) {}
    /// An injected crash that the engine recovers from itself (an engine whose capabilities
    /// declare [`crate::Capabilities::own_recovery`]): one of its own processes is killed
    /// with `SIGKILL` and the engine restarts from its own latest checkpoint, replaying the
    /// input after it. Returns once it processes input again, with where it restarted from.
    fn kill_member(&mut self) -> Result<Recovered, EngineError> {
        Err(EngineError::Unsupported(
            "this engine does not recover from the kill of one of its processes".into(),
        ))
    }
}

/// Where an engine that recovers by itself ([`Engine::kill_member`]) restarted from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Events of the stream before its checkpoint's cut (0: the beginning of the stream).
    pub events: u64,
    /// Watermarks of the stream before it.
    pub watermarks: u64,
    /// How long before the kill that checkpoint was taken (`None`: no checkpoint).
    pub age: Option<Time>,
    /// The checkpoint's bytes on disk.
    pub bytes: u64,
}

/// Where an engine delivers results. Shared by all of an engine's threads.
pub trait Sink: Send + Sync {
    /// Takes a batch of results produced by worker `worker` (`0..workers`): on return
    /// `outputs` is empty, and may hold a recycled buffer (so handing a batch over costs the
    /// engine's thread no copy). The harness reads its clock once per call, so engines should
    /// emit in batches, promptly.
    fn emit(&self, worker: usize, outputs: &mut Vec<Output>);
}

/// The message of a panic payload (a thread's `join` error or `catch_unwind`'s).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panicked without a message".into())
}

/// What an engine reports on request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineStats {
    /// Bytes of logical state: keys, accumulators and buffered records, not allocator overhead.
    pub state_bytes: u64,
    /// Events dropped for arriving behind the watermark.
    pub late_events: u64,
}

/// How an engine is started.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineOptions {
    /// Worker threads (at least 1).
    pub workers: usize,
    /// Engine-specific settings by name (for example a batched engine's trigger interval).
    pub settings: BTreeMap<String, String>,
    /// Set when this engine is one process of a multi-process run (engines whose
    /// [`crate::Capabilities::multi_process`] is false refuse it).
    pub cluster: Option<Cluster>,
    /// The catalog workload being run, by name, with its parameters. In-process engines run
    /// the plan and ignore it; an engine in another process knows workloads only by name.
    pub workload: Option<NamedWorkload>,
}

/// A catalog workload by name, with the parameters its source was built from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedWorkload {
    /// Catalog name (`stateless`, `nexmark-q7`, …).
    pub name: String,
    /// Source parameters by name: `rate` (events/s), `events`, `keys`, `seed`; for Nexmark
    /// also `window_size` and `window_period` (ns); and `window` (ns) when the suite resized
    /// the workload's windows.
    pub parameters: Vec<(String, String)>,
}

impl NamedWorkload {
    /// The name and source parameters of a built catalog workload.
    pub fn of(w: &workloads::catalog::Workload) -> Self {
        let s = &w.source;
        let mut parameters: Vec<(String, String)> = [
            ("rate", s.rate().to_string()),
            ("events", s.events().to_string()),
            ("keys", s.keys().to_string()),
            ("seed", s.seed().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        // The Nexmark queries' windows, which a suite's `[nexmark]` table may change.
        if let workloads::catalog::Source::Nexmark(n) = s {
            let mut c = workloads::nexmark::gen::NexmarkConfig::default();
            n.settings.apply(&mut c);
            parameters.push(("window_size".into(), c.window_size.to_string()));
            parameters.push(("window_period".into(), c.window_period.to_string()));
        }
        // Present only when a suite resized the windows: an engine that ignores it still
        // runs the catalog's sizes, and its results then fail the check rather than pass.
        if let Some(ns) = w.window {
            parameters.push(("window".into(), ns.to_string()));
        }
        NamedWorkload {
            name: w.name.to_string(),
            parameters,
        }
    }
}

/// One process's place in a multi-process run.
///
/// Every process builds the same plan. The harness gives each process's engine its own share
/// of the events, but every watermark and `finish`, in the same stream order, so each process
/// knows every watermark's cause. An engine delivers each result to the sink of the process
/// that computes it; `finish` returns once this process's results are delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// This process's index, `0..addresses.len()`.
    pub process: usize,
    /// `host:port` where each process listens for its peers, by process index.
    pub addresses: Vec<String>,
}

impl Cluster {
    /// Number of processes.
    pub fn processes(&self) -> usize {
        self.addresses.len().max(1)
    }

    /// Whether the stream's `index`-th event is this process's to inject: events are dealt
    /// round-robin, so every process's share follows the same rate shape.
    pub fn owns(&self, index: usize) -> bool {
        index % self.processes() == self.process
    }
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            workers: 1,
            settings: BTreeMap::new(),
            cluster: None,
            workload: None,
        }
    }
}

impl EngineOptions {
    /// Checks that every setting is one of `known`.
    pub fn only_settings(&self, known: &[&str]) -> Result<(), EngineError> {
        match self.settings.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(key) => Err(EngineError::Option {
                name: key.clone(),
                reason: format!("unknown setting (known: {})", known.join(", ")),
            }),
        }
    }

    /// The setting `name` parsed as a number, or `default` when it is not set.
    pub fn setting<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, EngineError> {
        match self.settings.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| EngineError::Option {
                name: name.into(),
                reason: format!("`{v}` is not a valid number"),
            }),
        }
    }

    /// Options with `workers` workers and no settings.
    pub fn workers(workers: usize) -> Self {
        EngineOptions {
            workers,
            ..Default::default()
        }
    }
}

/// Why an engine could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The plan is invalid or uses something this engine does not support.
    #[error("unsupported plan: {0}")]
    Plan(String),
    /// An option has a value the engine cannot use.
    #[error("engine option {name}: {reason}")]
    Option {
        /// The option's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A snapshot could not be read.
    #[error("bad snapshot: {0}")]
    Snapshot(String),
    /// The engine does not implement this capability; the message, built where the refusal
    /// is made, says what and by whom (`timely has no snapshots`).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A worker thread failed.
    #[error("worker failed: {0}")]
    Worker(String),
    /// An engine in another process broke the wire protocol, failed, or went away; the
    /// message says how, with the tail of its stderr.
    #[error("{0}")]
    Protocol(String),
}
