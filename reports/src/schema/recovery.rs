//! What a run with checkpoints or injected crashes measured: each checkpoint's cost, each
//! crash's recovery, and the sink's delivery guarantee checked against the reference.

use serde::{Deserialize, Serialize};

/// The delivery guarantee of a run's sink (suite key `sink`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guarantee {
    /// Results are delivered at once; after a recovery the replayed results are delivered
    /// again (duplicates are counted, none may be lost).
    #[default]
    AtLeastOnce,
    /// Results are held back and committed per completed checkpoint (two-phase commit); a
    /// crash discards what was not committed. None may be lost or duplicated.
    ExactlyOnce,
}

impl Guarantee {
    /// `at-least-once` or `exactly-once`.
    pub fn as_str(self) -> &'static str {
        match self {
            Guarantee::AtLeastOnce => "at-least-once",
            Guarantee::ExactlyOnce => "exactly-once",
        }
    }

    /// Parses the suite's spelling.
    pub fn parse(s: &str) -> Option<Guarantee> {
        match s {
            "at-least-once" => Some(Guarantee::AtLeastOnce),
            "exactly-once" => Some(Guarantee::ExactlyOnce),
            _ => None,
        }
    }
}

/// Checkpoints, crashes and the guarantee of one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// The sink's guarantee.
    pub sink: Guarantee,
    /// The checkpoint interval asked for, ms (0: none).
    pub checkpoint_interval_ms: f64,
    /// Why no checkpoint was taken although asked for (the engine has no snapshots), or why
    /// crashes restart from the beginning of the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Every completed checkpoint, in order.
    pub checkpoints: Vec<CheckpointFigures>,
    /// Every injected crash, in order.
    pub crashes: Vec<CrashFigures>,
    /// Expected results never committed to the sink.
    pub lost: u64,
    /// Results committed more than once (allowed under at-least-once only).
    pub duplicated: u64,
}

/// One completed (durable) checkpoint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointFigures {
    /// Seconds from the start of the run when it was started.
    pub at_s: f64,
    /// Events of the stream before its cut (the source offset it rewinds to).
    pub offset: u64,
    /// Bytes of the engine's snapshot.
    pub bytes: u64,
    /// Time the engine took to take the snapshot, ms.
    pub take_ms: f64,
    /// Time to write it durably (write, fsync, rename, fsync of the folder), ms.
    pub persist_ms: f64,
    /// Time inputs were held back for it (take + persist, and the commit), ms.
    pub stall_ms: f64,
    /// The largest latency (from the schedule) of a result whose cause was due while the
    /// checkpoint held inputs back, ms; absent when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_flight_max_ms: Option<f64>,
}

/// One injected crash and the recovery from it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrashFigures {
    /// Seconds from the start of the run when the engine was killed.
    pub at_s: f64,
    /// The checkpoint restored (its `at_s`), or `None`: restarted from the beginning of
    /// the stream (no checkpoint yet, or the engine has no snapshots).
    pub restored_from_s: Option<f64>,
    /// Detection to restored: a new engine built and its state restored, ms.
    pub restore_ms: f64,
    /// Bytes of the checkpoint restored (0 from the beginning).
    pub restored_bytes: u64,
    /// Crash to caught up with the schedule (the replay done, nothing overdue), ms.
    pub catch_up_ms: f64,
    /// Crash to p99 latency back under the objective for good (until the next crash or the
    /// end), ms, at the time series' resolution; `None` when it never came back.
    pub slo_recovered_ms: Option<f64>,
    /// Events injected again: from the restored offset to the one reached at the crash.
    pub replayed: u64,
    /// The longest time with no result delivered around the crash, ms (10 ms resolution).
    pub downtime_ms: f64,
}
