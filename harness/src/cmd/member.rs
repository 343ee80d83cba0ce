//! `streambench member`: one process of a multi-process run. It connects to the coordinator
//! (the `streambench run` that started it, or that a user pointed it to), then for each run
//! it is given: generates the same stream as every other process, builds its engine as one
//! process of the cluster, waits for the common start time, injects its share of the events
//! and every watermark on schedule, and sends back what its sink measured.

use crate::ahead::Ahead;
use crate::clock::Clock;
use crate::cluster::wire::{unix_now, Conn, Hello, Job, ToCoordinator, ToMember, VERSION};
use crate::cluster::TOKEN_VAR;
use crate::driver::drive;
use crate::error::bad;
use crate::injection::InjectionLog;
use crate::measure::{close, Record, Start};
use crate::prepare::Prepared;
use crate::recovery::{Build, FaultPlan, Faults};
use crate::sink::{LaterSink, MeasuringSink};
use crate::suite::params;
use anyhow::Context;
use engines::{Cluster, EngineError, EngineOptions};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use workloads::{catalog, NANOS_PER_SEC};

/// Options of `streambench member`.
#[derive(clap::Args, Debug, Clone)]
pub struct MemberArgs {
    /// The coordinator's address (`streambench run --processes N --hosts FILE` listens on
    /// port 7700 unless told otherwise with --listen).
    #[arg(long, value_name = "HOST:PORT")]
    pub coordinator: String,
    /// This process's index, 0..N, matching its line in the hosts file.
    #[arg(long, value_name = "I", allow_negative_numbers = true)]
    pub process: usize,
    /// The suite's one-time token, which the coordinator prints in the member command
    /// (or set STREAMBENCH_TOKEN).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
}

/// How long a member keeps trying to reach its coordinator.
const CONNECT_FOR: Duration = Duration::from_secs(120);

/// Runs a member until the coordinator says goodbye or goes away.
pub fn member(args: &MemberArgs) -> anyhow::Result<()> {
    let addrs: Vec<SocketAddr> = args
        .coordinator
        .to_socket_addrs()
        .map_err(|e| bad(format!("--coordinator {}: {e}", args.coordinator)))?
        .collect();
    let token = match &args.token {
        Some(t) => t.clone(),
        None => std::env::var(TOKEN_VAR).map_err(|_| {
            bad("--token: missing (the coordinator prints it in the member command)")
        })?,
    };
    // The coordinator may not be listening yet: keep trying for a while.
    let deadline = Instant::now() + CONNECT_FOR;
    let stream = loop {
        match TcpStream::connect(&addrs[..]) {
            Ok(s) => break s,
            Err(e) if Instant::now() > deadline => {
                return Err(bad(format!(
                    "--coordinator {}: cannot connect: {e}",
                    args.coordinator
                )))
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let mut conn = Conn::new(stream).context("coordinator connection")?;
    // Losing the coordinator, or hearing nonsense from it, ends the member with the reason:
    // exiting quietly would look like the end of the suite.
    let lost = |e: std::io::Error| bad(format!("coordinator {}: {e}", args.coordinator));
    conn.send(&ToCoordinator::Hello(Hello {
        version: VERSION,
        process: args.process,
        token,
    }))
    .map_err(lost)?;
    loop {
        match conn.recv::<ToMember>().map_err(lost)? {
            ToMember::Prepare(job) => {
                let outcome =
                    catch_unwind(AssertUnwindSafe(|| serve(&mut conn, &job, args.process)))
                        .unwrap_or_else(|p| {
                            Err(format!("engine panicked: {}", engines::panic_message(&*p)))
                        });
                let reply = match outcome {
                    Ok(Some(p)) => ToCoordinator::Done(Box::new(p)),
                    Ok(None) => ToCoordinator::Idle,
                    Err(e) => ToCoordinator::Failed(e),
                };
                conn.send(&reply).map_err(lost)?;
            }
            ToMember::Abandon => conn.send(&ToCoordinator::Idle).map_err(lost)?,
            ToMember::Bye => return Ok(()),
            ToMember::Refused(why) => {
                return Err(bad(format!(
                    "coordinator {}: refused: {why}",
                    args.coordinator
                )))
            }
            ToMember::Ping | ToMember::Start(_) => conn
                .send(&ToCoordinator::Failed("message out of order".into()))
                .map_err(lost)?,
        }
    }
}

/// One run in this process; `None` when the coordinator abandons it before the start.
fn serve(conn: &mut Conn, job: &Job, process: usize) -> Result<Option<Record>, String> {
    let suite = job.suite.suite().map_err(|e| e.to_string())?;
    let entry = catalog::find(&job.workload).ok_or("unknown workload")?;
    // The stream, and the reference's results to match this process's results with.
    let prepared = Prepared::new(entry.build(&params(&suite, job.rate, job.keys)));
    let workload = &prepared.workload;
    let engine = engines::registry::find(&job.engine).ok_or("unknown engine")?;
    if !engine.capabilities.multi_process {
        return Err(format!("engine {} runs in one process only", engine.name));
    }
    // A member replacing a killed one joins the cluster built after the last crash.
    let rejoin = job.faults.as_ref().map_or(0, |f| f.rejoin);
    let addresses_after = |crashes: usize| match (&job.faults, crashes) {
        (Some(f), k) if k > 0 => f.restarts.get(k - 1).cloned(),
        _ => Some(job.addresses.clone()),
    };
    let options = |crashes: usize| -> Result<EngineOptions, EngineError> {
        let addresses = addresses_after(crashes)
            .ok_or_else(|| EngineError::Worker(format!("no addresses after crash {crashes}")))?;
        Ok(EngineOptions {
            cluster: Some(Cluster { process, addresses }),
            workload: Some(engines::NamedWorkload::of(workload)),
            ..EngineOptions::workers(job.workers)
        })
    };
    let later = Arc::new(LaterSink::default());
    let built = options(rejoin).and_then(|o| engine.build(&workload.plan, &o, later.clone()));
    let mut e = built.map_err(|e| e.to_string())?;
    let io = |e: std::io::Error| format!("coordinator connection: {e}");
    conn.send(&ToCoordinator::Ready).map_err(io)?;
    let at = loop {
        match conn.recv::<ToMember>().map_err(io)? {
            ToMember::Ping => conn.send(&ToCoordinator::Pong(unix_now())).map_err(io)?,
            ToMember::Start(at) => break at,
            ToMember::Abandon => return Ok(None),
            _ => return Err("message out of order".into()),
        }
    };
    // The start is a wall-clock time; the run is timed on the monotonic clock from the
    // instant that corresponds to it (in the past for a member replacing a killed one).
    let now = (Instant::now(), unix_now());
    let epoch = match at.checked_sub(now.1) {
        Some(ahead) => now.0 + Duration::from_nanos(ahead),
        None => now.0 - Duration::from_nanos(now.1 - at),
    };
    let clock = Clock::at(epoch);
    let ns = |s: f64| (s * NANOS_PER_SEC as f64) as u64;
    let interval = ns(suite.interval_s);
    let log = Arc::new(InjectionLog::default());
    let sink = Arc::new(MeasuringSink::new(
        clock,
        ns(suite.warmup_s),
        interval,
        log.clone(),
        &prepared.expected,
        engine.capabilities.causes,
    ));
    let cluster = Cluster {
        process,
        addresses: addresses_after(rejoin).unwrap_or_default(),
    };
    // Whatever an earlier run of this process left uncounted is not this run's.
    engines::exchange::take_sent();
    let faults = match &job.faults {
        None => {
            later.set(sink.clone());
            None
        }
        Some(f) => {
            let plan = FaultPlan {
                checkpoint_interval: 0,
                crash_at: f.crash_at.clone(),
                dir: std::env::temp_dir(),
                guarantee: f.guarantee,
            };
            // The engine after crash k joins the cluster on the addresses after it.
            let mut crashes = rejoin;
            let build: Build = Box::new(move |s| {
                crashes += 1;
                engine.build(&workload.plan, &options(crashes)?, s)
            });
            let victim = f.victims.iter().map(|&v| v == process).collect();
            let mut faults = Faults::new(plan, false, sink.clone(), build)
                .map_err(|e| e.to_string())?
                .in_cluster(victim);
            later.set(faults.adopt());
            faults.rejoined(rejoin, &workload.source, &clock);
            Some(faults)
        }
    };
    std::thread::sleep(epoch.saturating_duration_since(Instant::now()));
    let start = Start::now();
    let stop = AtomicBool::new(false);
    let mut ahead = Ahead::new(&workload.source);
    let mut record = drive(
        &mut e,
        Some(&cluster),
        &mut ahead,
        &clock,
        &log,
        interval,
        &stop,
        faults,
    )
    .map_err(|e| e.to_string())?;
    record.late = e.stats().late_events;
    // Counted by the engine's network threads, which have ended (and flushed) once it is
    // dropped.
    drop(e);
    record.exchange_bytes = engines::exchange::take_sent();
    let record = close(record, &sink, start).map_err(|e| e.to_string())?;
    Ok(Some(record))
}
