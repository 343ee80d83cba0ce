//! The coordinator: runs one multi-process run — finds its member processes (starting them
//! on this host, or waiting for the ones a user started elsewhere), gives them the job,
//! agrees a start time, gathers and merges what each measured, and describes the run.

use super::crashes;
use super::members::{accept, spawn_local, Want};
use super::peer::{Peer, Wait};
use super::wire::{unix_now, Job, ToCoordinator, ToMember};
use crate::execute::{record, Executor, Planned};
use crate::measure::{figures, Merge, Record};
use crate::prepare::OnDemand;
use crate::suite::SuiteSource;
use engines::conformance::free_addresses;
use reports::{Outcome, Run};
use std::net::TcpListener;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the processes of multi-process runs are found.
#[derive(Clone, Debug)]
pub struct ClusterSetup {
    /// Processes per run.
    pub processes: usize,
    /// With a hosts file: each process's `host:port`, and members are started by the user.
    pub hosts: Option<Vec<String>>,
    /// Where the coordinator listens for members started by the user.
    pub listen: String,
}

/// Margin between agreeing the start time and the start itself.
const START_MARGIN: Duration = Duration::from_millis(100);
/// How long members have, at least, to come back to waiting after a failed run.
const RECOVER_WITHIN: Duration = Duration::from_secs(5);
/// How long to wait for members a user starts on other hosts.
const REMOTE_DEADLINE: Duration = Duration::from_secs(600);

/// Runs multi-process runs, one after another.
pub struct Coordinator {
    setup: ClusterSetup,
    /// The suite the members read, as this process read it.
    suite: SuiteSource,
    listener: Option<TcpListener>,
    /// Members started by the user, kept from one run to the next.
    remote: Vec<Peer>,
    /// The suite's one-time token: only members given it are admitted.
    token: String,
}

/// Why a run did not produce figures.
pub(super) enum Stop {
    Failed(String),
    Timeout(String),
    Interrupted,
}

impl From<(usize, Wait)> for Stop {
    fn from((process, w): (usize, Wait)) -> Self {
        match w {
            Wait::Timeout => Stop::Timeout(format!("no answer from process {process} in time")),
            Wait::Interrupted => Stop::Interrupted,
            Wait::Lost(e) => Stop::Failed(format!("process {process}: {e}")),
        }
    }
}

impl Coordinator {
    /// A coordinator of runs of `suite`; with a hosts file it listens at once, so a bad
    /// address fails early.
    pub fn new(setup: ClusterSetup, suite: SuiteSource) -> std::io::Result<Self> {
        let listener = match &setup.hosts {
            Some(_) => Some(TcpListener::bind(&setup.listen)?),
            None => None,
        };
        Ok(Coordinator {
            setup,
            suite,
            listener,
            remote: Vec::new(),
            token: one_time_token()?,
        })
    }
}

impl Executor for Coordinator {
    fn processes(&self) -> usize {
        self.setup.processes
    }

    fn execute(
        &mut self,
        run: &Planned,
        workload: &OnDemand,
        stop: &Arc<AtomicBool>,
    ) -> Option<Run> {
        let outcome = match self.run(run, stop) {
            Ok((measured, clock_error)) => {
                let (engine, n) = (run.engine, self.setup.processes);
                let recovery = run.spec.recovery.as_ref();
                let mut figures = figures(
                    measured,
                    &workload.get(),
                    run.spec.interval,
                    None,
                    clock_error,
                    recovery.map(|r| (r, engine.name, false)),
                );
                if let (Some(f), Some(r)) = (figures.recovery.as_mut(), recovery) {
                    let plan = r.plan(&run.key);
                    let snapshots = engine.capabilities.snapshots;
                    let note =
                        crashes::note(&plan.crash_at, n, engine.name, snapshots, r.faults.sink);
                    f.note = Some(note);
                }
                Outcome::Ok {
                    figures: Box::new(figures),
                }
            }
            Err(Stop::Interrupted) => return None,
            Err(Stop::Failed(reason)) => Outcome::Failed { reason },
            Err(Stop::Timeout(reason)) => Outcome::Timeout { reason },
        };
        Some(record(run, workload.workload(), outcome))
    }
}

impl Coordinator {
    /// Finds the members, runs `run` on them and merges their records.
    fn run(&mut self, run: &Planned, stop: &AtomicBool) -> Result<(Record, Option<u64>), Stop> {
        let n = self.setup.processes;
        let started = Instant::now();
        let mut peers = match &self.setup.hosts {
            None => spawn_local(n, &self.token, stop)?,
            Some(_) => self.await_remote(stop)?,
        };
        let addresses = match &self.setup.hosts {
            Some(h) => h.clone(),
            None => {
                free_addresses(n).map_err(|e| Stop::Failed(format!("no free local port: {e}")))?
            }
        };
        let job = Job {
            suite: self.suite.clone(),
            engine: run.key.engine.clone(),
            workload: run.key.workload.clone(),
            rate: run.key.offered_rate,
            keys: run.key.keys,
            workers: run.key.workers,
            addresses,
            faults: crashes::plan(run, n)?,
        };
        let deadline = started + run.spec.timeout;
        let outcome = self.attempt(&mut peers, job, deadline, stop);
        let ok = outcome.is_ok();
        // A member that died takes the others' runs down with it, and the first to complain
        // is often another: name the one that died, with its last words.
        let dead = match ok {
            true => None,
            false => peers
                .iter_mut()
                .find_map(|p| Some((p.process, p.died()?)))
                .or_else(|| {
                    let gone = |p: &Peer| Some((p.process, format!("was lost ({})", p.gone()?)));
                    peers.iter().find_map(gone)
                }),
        };
        let words = |p: &Peer| Some(format!("process {}: {}", p.process, p.last_words()?));
        let last_words = match dead {
            Some((i, _)) => peers.iter().filter(|p| p.process == i).find_map(words),
            None => peers.iter().rev().find_map(words),
        };
        if ok && self.setup.hosts.is_some() {
            self.remote = peers;
        } else if self.setup.hosts.is_some() {
            // Members the user started are not sent away by another's failure: those that
            // come back to waiting serve the next run, and only the others are awaited.
            self.remote = recover(peers, deadline.max(Instant::now() + RECOVER_WITHIN), stop);
        } else {
            peers.into_iter().for_each(|p| p.dismiss(!ok));
        }
        let blame = |e: String| match &dead {
            Some((i, how)) => format!("process {i} {how}; then {e}"),
            None => e,
        };
        let words = |e: String| match &last_words {
            Some(w) => format!("{e} ({w})"),
            None => e,
        };
        outcome.map_err(|stop| match stop {
            Stop::Failed(e) => Stop::Failed(words(blame(e))),
            Stop::Timeout(e) => Stop::Timeout(words(blame(e))),
            other => other,
        })
    }

    /// Prepare, agree the start, run, gather.
    fn attempt(
        &self,
        peers: &mut Vec<Peer>,
        job: Job,
        deadline: Instant,
        stop: &AtomicBool,
    ) -> Result<(Record, Option<u64>), Stop> {
        let job = Box::new(job);
        for p in peers.iter_mut() {
            p.send(&ToMember::Prepare(job.clone()))
                .map_err(|w| Stop::from((p.process, w)))?;
        }
        for p in peers.iter_mut() {
            match answer(p, deadline, stop)? {
                ToCoordinator::Ready => {}
                other => return Err(unexpected(p, other)),
            }
        }
        // On one host every process reads the same clock; across hosts, correct each
        // member's start by its measured offset, to within half the ping's round trip.
        let across_hosts = self.setup.hosts.is_some();
        let mut offsets = vec![0i64; peers.len()];
        let mut error = None;
        if across_hosts {
            for (k, p) in peers.iter_mut().enumerate() {
                let (offset, half_rtt) = clock_offset(p, deadline, stop)?;
                offsets[k] = offset;
                error = Some(error.unwrap_or(0).max(half_rtt));
            }
        }
        let at = unix_now() + START_MARGIN.as_nanos() as u64;
        for (k, p) in peers.iter_mut().enumerate() {
            let theirs = (at as i64 + offsets[k]).max(0) as u64;
            p.send(&ToMember::Start(theirs))
                .map_err(|w| Stop::from((p.process, w)))?;
        }
        crashes::inject(peers, &job, at, &self.token, deadline, stop)?;
        // Every process timed its results on the same start instant, so the records merge
        // field by field.
        let mut parts = Vec::new();
        for p in peers.iter_mut() {
            match answer(p, deadline, stop)? {
                ToCoordinator::Done(part) => parts.push((p.process, part)),
                other => return Err(unexpected(p, other)),
            }
        }
        // A process that finished an interval before another counts its last mark's
        // injections there too (the sum of marks never goes back).
        let intervals = parts.iter().map(|(_, r)| r.marks.len()).max().unwrap_or(0);
        let mut merged = Record::default();
        for (process, mut part) in parts {
            if let Some(last) = part.marks.last().cloned() {
                part.marks.resize(intervals, last);
            }
            merged
                .merge(*part)
                .map_err(|e| Stop::Failed(format!("process {process}: {e}")))?;
        }
        merged.crashes = crashes::coalesce(std::mem::take(&mut merged.crashes));
        Ok((merged, error))
    }

    /// Waits for the user's members to call in.
    fn await_remote(&mut self, stop: &AtomicBool) -> Result<Vec<Peer>, Stop> {
        let kept = std::mem::take(&mut self.remote);
        let n = self.setup.processes;
        if kept.len() == n {
            return Ok(kept);
        }
        let listener = self.listener.as_ref().expect("listening with a hosts file");
        let missing: Vec<String> = (0..n)
            .filter(|i| kept.iter().all(|p| p.process != *i))
            .map(|i| i.to_string())
            .collect();
        eprintln!(
            "waiting for member processes {} at {}: start each with `streambench member --coordinator <this host>:{} --process <I> --token {}`",
            missing.join(", "),
            self.setup.listen,
            listener.local_addr().map_or(0, |a| a.port()),
            self.token
        );
        let want = Want {
            n,
            token: &self.token,
            within: REMOTE_DEADLINE,
        };
        accept(listener, &want, stop, Vec::new(), kept)
    }
}

/// After a failed run, asks every member to abandon it and keeps those that come back to
/// waiting by `deadline`; the others (gone, hung or confused) are let go.
fn recover(peers: Vec<Peer>, deadline: Instant, stop: &AtomicBool) -> Vec<Peer> {
    let mut kept = Vec::new();
    for mut p in peers {
        let back = p.send(&ToMember::Abandon).is_ok()
            && loop {
                match p.recv(deadline, stop) {
                    Ok(ToCoordinator::Idle) => break true,
                    // What the member still says about the failed run.
                    Ok(_) => {}
                    Err(_) => break false,
                }
            };
        if back {
            kept.push(p);
        } else {
            p.dismiss(true);
        }
    }
    kept
}

/// A random token, fresh for each suite, from the operating system's random source.
fn one_time_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The member's next message; a failure it reports is an error.
pub(super) fn answer(
    p: &mut Peer,
    deadline: Instant,
    stop: &AtomicBool,
) -> Result<ToCoordinator, Stop> {
    match p
        .recv(deadline, stop)
        .map_err(|w| Stop::from((p.process, w)))?
    {
        ToCoordinator::Failed(e) => Err(Stop::Failed(format!("process {}: {e}", p.process))),
        m => Ok(m),
    }
}

/// A message that does not belong at this point of the protocol.
pub(super) fn unexpected(p: &Peer, m: ToCoordinator) -> Stop {
    Stop::Failed(format!("process {}: unexpected {m:?}", p.process))
}

/// Offset of the member's wall clock from ours (theirs − ours) and half the round trip of
/// the best of five pings (the offset's error bound).
fn clock_offset(p: &mut Peer, deadline: Instant, stop: &AtomicBool) -> Result<(i64, u64), Stop> {
    let mut best: Option<(i64, u64)> = None;
    for _ in 0..5 {
        let t0 = unix_now();
        p.send(&ToMember::Ping)
            .map_err(|w| Stop::from((p.process, w)))?;
        let theirs = match answer(p, deadline, stop)? {
            ToCoordinator::Pong(t) => t,
            other => return Err(unexpected(p, other)),
        };
        let t1 = unix_now();
        let half = (t1 - t0) / 2;
        let offset = theirs as i64 - (t0 + half) as i64;
        if best.is_none_or(|b| half < b.1) {
            best = Some((offset, half));
        }
    }
    Ok(best.unwrap_or((0, 0)))
}

impl Drop for Coordinator {
    fn drop(&mut self) {
        std::mem::take(&mut self.remote)
            .into_iter()
            .for_each(|p| p.dismiss(false));
    }
}
