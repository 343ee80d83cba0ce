//! [`Faults`]: a run's checkpoints and crashes as the driver meets them, with the plan they
//! follow and why recovering can fail.

use super::gate::{Dead, Gate};
use crate::ahead::Ahead;
use crate::checkpoint::{Checkpoint, CheckpointError, Store};
use crate::clock::Clock;
use crate::measure::{CheckpointMark, CrashMark, Record};
use crate::sink::MeasuringSink;
use engines::{Engine, EngineError, Sink};
use reports::Guarantee;
use std::path::PathBuf;
use std::sync::Arc;
use workloads::catalog::Source;
use workloads::Time;

/// What a run injects: checkpoints, crashes and the sink's guarantee.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultPlan {
    /// Clock time between checkpoints (0: none).
    pub checkpoint_interval: Time,
    /// Clock times of the crashes, ascending.
    pub crash_at: Vec<Time>,
    /// This run's checkpoint folder.
    pub dir: PathBuf,
    /// The sink's guarantee.
    pub guarantee: Guarantee,
}

/// Builds an engine delivering to the given sink.
pub type Build<'a> = Box<dyn FnMut(Arc<dyn Sink>) -> Result<Box<dyn Engine>, EngineError> + 'a>;

/// Why a run with faults stopped.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// A checkpoint could not be written.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    /// The latest checkpoint could not be read back at a crash: the run fails rather than
    /// restart from zero.
    #[error("crash at {at_s:.3} s: cannot recover: {source}")]
    Restore {
        /// When the crash was injected, s from the start.
        at_s: f64,
        /// What was wrong with the checkpoint.
        source: CheckpointError,
    },
    /// The new engine refused the checkpoint's snapshot.
    #[error("crash at {at_s:.3} s: the new engine refused checkpoint {id}: {source}")]
    Refused {
        /// When the crash was injected, s from the start.
        at_s: f64,
        /// The checkpoint's id.
        id: u64,
        /// The engine's reason.
        source: EngineError,
    },
}

/// Where the driver is in the stream: events and watermarks injected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// Events of the stream injected.
    pub event: usize,
    /// Watermarks of the stream injected.
    pub watermark: usize,
}

/// A run's checkpoints and crashes as they happen.
pub struct Faults<'a> {
    plan: FaultPlan,
    /// `None`: no checkpoints (none asked for, or the engine has no snapshots).
    store: Option<Store>,
    sink: Arc<MeasuringSink>,
    build: Build<'a>,
    gate: Arc<Gate>,
    next_checkpoint: Time,
    next_crash: usize,
    checkpoints: Vec<CheckpointMark>,
    crashes: Vec<CrashMark>,
    /// The crash whose replay has not caught up with the schedule yet.
    catching_up: Option<usize>,
    /// In a member of a multi-process run: per crash, whether this process is the one killed.
    victim: Option<Vec<bool>>,
    /// The engine checkpoints and recovers by itself ([`Faults::engine_recovers`]).
    own: bool,
}

/// How long a member the coordinator is to kill waits for its `SIGKILL` before saying so.
const KILL_WITHIN: std::time::Duration = std::time::Duration::from_secs(20);

impl<'a> Faults<'a> {
    /// Plans `plan` for an engine that has snapshots or not, delivering to `sink`.
    pub fn new(
        plan: FaultPlan,
        snapshots: bool,
        sink: Arc<MeasuringSink>,
        build: Build<'a>,
    ) -> Result<Self, CheckpointError> {
        let store = match snapshots && plan.checkpoint_interval > 0 {
            true => Some(Store::create(&plan.dir)?),
            false => None,
        };
        Ok(Faults {
            next_checkpoint: plan.checkpoint_interval,
            plan,
            store,
            gate: Gate::new(sink.clone()),
            sink,
            build,
            next_crash: 0,
            checkpoints: Vec::new(),
            crashes: Vec::new(),
            catching_up: None,
            victim: None,
            own: false,
        })
    }

    /// The same in a member process of a multi-process run: `victim[k]` says whether the
    /// coordinator kills this process at crash `k` (it then waits for its end); the others
    /// drop their engine at the planned instant and build the next one (`build` connects
    /// it to the new cluster). No checkpoint is taken: the job restarts from the beginning.
    pub fn in_cluster(mut self, victim: Vec<bool>) -> Self {
        self.store = None;
        self.victim = Some(victim);
        self
    }

    /// For an engine that recovers by itself (its own cluster, its own checkpoints, given the
    /// plan's interval and folder as settings): a crash is [`Engine::kill_member`], the engine
    /// is kept and not rewound (it replays from its own checkpoint), and the harness takes no
    /// checkpoint and holds no result back (the engine's sink commits per checkpoint itself).
    pub fn engine_recovers(mut self) -> Self {
        self.store = None;
        self.own = true;
        self
    }

    /// In a member of a multi-process run: the planned instant of the next crash, when it
    /// is close enough to `now` that an engine error is its peer's death (it comes within
    /// moments of the coordinator's kill, and the members' clocks agree to well within).
    pub fn crash_excuses(&self, now: Time) -> Option<Time> {
        const MARGIN: Time = 1_000_000_000;
        self.victim.as_ref()?;
        self.next_crash().filter(|&t| t <= now + MARGIN)
    }

    /// The sink of the first engine, built before the run's clock started (so a crash hits
    /// a running engine; a member's build also connects the cluster): results go through
    /// the gate a crash closes, and from now on an exactly-once sink holds them back.
    pub fn adopt(&mut self) -> Arc<dyn Sink> {
        if self.plan.guarantee == Guarantee::ExactlyOnce && !self.own {
            self.sink.hold_until_commit();
        }
        self.gate.clone()
    }

    /// A member started to replace one killed at crash `done - 1`, whose engine has just
    /// joined the new cluster: that crash is recorded as restored now, from the beginning of
    /// the stream, with the events due before it as replayed, and is caught up as any other.
    pub fn rejoined(&mut self, done: usize, source: &Source, clock: &Clock) {
        let Some(&at) = done.checked_sub(1).and_then(|k| self.plan.crash_at.get(k)) else {
            return;
        };
        self.next_crash = done;
        self.crashes.push(CrashMark {
            at,
            restored_from: None,
            restored_bytes: 0,
            restored: clock.now(),
            caught_up: None,
            replayed: source.inputs().take_while(|e| e.scheduled <= at).count() as u64,
        });
        self.catching_up = Some(self.crashes.len() - 1);
    }

    /// The next crash still to come.
    pub fn next_crash(&self) -> Option<Time> {
        self.plan.crash_at.get(self.next_crash).copied()
    }

    /// Before the driver's next input: crashes or checkpoints when one is due. Returns
    /// whether the engine was replaced and `pos` rewound.
    pub fn before_input(
        &mut self,
        engine: &mut Box<dyn Engine>,
        pos: &mut Position,
        ahead: &mut Ahead<'_>,
        clock: &Clock,
    ) -> Result<bool, crate::driver::DriveError> {
        let now = clock.now();
        if self.own && self.next_crash().is_some_and(|t| t <= now) {
            self.kill_member(engine.as_mut(), *pos, clock)?;
            return Ok(false);
        }
        if self.next_crash().is_some_and(|t| t <= now) {
            self.crash(engine, pos, clock)?;
            ahead.rewind(*pos);
            return Ok(true);
        }
        if let Some(c) = self.catching_up {
            let next_due = ahead.events_from(pos.event).first().map(|e| e.scheduled);
            if next_due.is_none_or(|t| t >= now) {
                self.crashes[c].caught_up = Some(now);
                self.catching_up = None;
            }
        }
        if self.store.is_some() && now >= self.next_checkpoint {
            self.checkpoint(engine.as_mut(), *pos, ahead, clock)?;
        }
        Ok(false)
    }

    fn checkpoint(
        &mut self,
        engine: &mut dyn Engine,
        pos: Position,
        ahead: &mut Ahead<'_>,
        clock: &Clock,
    ) -> Result<(), crate::driver::DriveError> {
        let Some(store) = self.store.as_mut() else {
            return Ok(());
        };
        let started = clock.now();
        let state = engine.snapshot()?;
        let take = clock.now() - started;
        let c = Checkpoint {
            id: self.checkpoints.len() as u64 + 1,
            offset: pos.event as u64,
            watermarks: pos.watermark as u64,
            watermark: pos
                .watermark
                .checked_sub(1)
                .and_then(|k| ahead.watermark(k))
                .map_or(0, |w| w.watermark),
            taken_at: started,
            state,
        };
        let written = store.write(&c).map_err(RecoveryError::from)?;
        if self.plan.guarantee == Guarantee::ExactlyOnce {
            self.sink.commit();
        }
        // A crash from now on replays from here: the source keeps what follows.
        ahead.keep_from(pos);
        let ended = clock.now();
        self.sink.checkpoint_window(started, ended);
        self.checkpoints.push(CheckpointMark {
            started,
            offset: c.offset,
            bytes: written.bytes,
            take,
            persist: written.persist,
            ended,
        });
        let interval = self.plan.checkpoint_interval;
        while self.next_checkpoint <= ended {
            self.next_checkpoint += interval;
        }
        Ok(())
    }

    /// A crash the engine recovers from by itself: it restarts from its own checkpoint and
    /// replays what followed it; the driver goes on from where it is.
    fn kill_member(
        &mut self,
        engine: &mut dyn Engine,
        pos: Position,
        clock: &Clock,
    ) -> Result<(), crate::driver::DriveError> {
        let at = clock.now();
        self.next_crash += 1;
        let r = engine.kill_member()?;
        let restored = clock.now();
        // The restored cut's clock time: when the engine took it, as it says.
        let restored_from = r.age.map(|age| at.saturating_sub(age));
        self.crashes.push(CrashMark {
            at,
            restored_from,
            restored_bytes: r.bytes,
            restored,
            caught_up: None,
            replayed: (pos.event as u64).saturating_sub(r.events),
        });
        self.catching_up = Some(self.crashes.len() - 1);
        Ok(())
    }

    fn crash(
        &mut self,
        engine: &mut Box<dyn Engine>,
        pos: &mut Position,
        clock: &Clock,
    ) -> Result<(), crate::driver::DriveError> {
        let planned = self.plan.crash_at[self.next_crash];
        if let Some(victim) = &self.victim {
            if victim.get(self.next_crash) == Some(&true) {
                // The coordinator kills this process now: nothing after this point runs.
                std::thread::sleep(KILL_WITHIN);
                return Err(crate::driver::DriveError::Engine(EngineError::Worker(
                    format!(
                        "this member was to be killed at {:.3} s and was not within {} s",
                        planned as f64 / 1e9,
                        KILL_WITHIN.as_secs()
                    ),
                )));
            }
        }
        // Every member records the planned instant, when the coordinator kills one of them.
        let at = match self.victim {
            Some(_) => planned,
            None => clock.now(),
        };
        // The process is gone: nothing more of it reaches the sink, its state with it. An
        // engine with a process of its own has it killed with SIGKILL first.
        self.gate.close();
        engine.kill();
        let old = std::mem::replace(engine, Box::new(Dead));
        match self.victim {
            // A cluster engine that lost a peer may never finish its shutdown: it is left to
            // end on a thread of its own (its results go nowhere: its gate is closed).
            Some(_) => drop(std::thread::spawn(move || drop(old))),
            None => drop(old),
        }
        if self.plan.guarantee == Guarantee::ExactlyOnce {
            self.sink.abort();
        }
        self.next_crash += 1;
        let latest = match &self.store {
            Some(s) => s.latest().map_err(|source| RecoveryError::Restore {
                at_s: at as f64 / 1e9,
                source,
            })?,
            None => None,
        };
        self.gate = Gate::new(self.sink.clone());
        let mut fresh = (self.build)(self.gate.clone())?;
        let (restored_from, restored_bytes, to) = match &latest {
            Some(c) => {
                fresh
                    .restore(&c.state)
                    .map_err(|source| RecoveryError::Refused {
                        at_s: at as f64 / 1e9,
                        id: c.id,
                        source,
                    })?;
                let from = Position {
                    event: c.offset as usize,
                    watermark: c.watermarks as usize,
                };
                (Some(c.taken_at), c.state.len() as u64, from)
            }
            None => (None, 0, Position::default()),
        };
        *engine = fresh;
        self.crashes.push(CrashMark {
            at,
            restored_from,
            restored_bytes,
            restored: clock.now(),
            caught_up: None,
            replayed: pos.event.saturating_sub(to.event) as u64,
        });
        self.catching_up = Some(self.crashes.len() - 1);
        *pos = to;
        Ok(())
    }

    /// At the end of input, once the engine has finished: commits the last results (the
    /// final checkpoint of a bounded input) and hands the marks to the run's record.
    pub fn finish(mut self, d: &mut Record) {
        if self.plan.guarantee == Guarantee::ExactlyOnce && !self.own {
            self.sink.commit();
        }
        if let Some(c) = self.catching_up.take() {
            // Every event injected: nothing is overdue any more.
            self.crashes[c].caught_up = Some(d.input_end);
        }
        d.checkpoints = self.checkpoints;
        d.crashes = self.crashes;
    }
}
