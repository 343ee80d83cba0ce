//! Injected crashes of multi-process runs. At each planned instant the coordinator kills
//! one member process with `SIGKILL`, detects its death (its connection closes), starts a
//! new member in its place, and the whole job restarts from the beginning of the stream:
//! every member builds its engine again in a new cluster, on fresh addresses, which the new
//! member joins once it has generated the stream ([`crate::recovery::Faults::in_cluster`]).
//! No checkpoint is taken: timely and renoir have no snapshots, and a cluster-wide
//! consistent cut of an engine that has them is not taken yet.

use super::coordinator::{answer, unexpected, Stop};
use super::members::respawn;
use super::peer::{Peer, Wait};
use super::wire::{unix_now, Job, JobFaults, ToCoordinator, ToMember};
use crate::execute::Planned;
use crate::measure::CrashMark;
use engines::conformance::free_addresses;
use reports::Guarantee;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The process killed at crash `k` of a run of `n`: the next one each time, from process 1.
pub fn victim(k: usize, n: usize) -> usize {
    (k + 1) % n.max(1)
}

/// The crashes of `run` on `n` processes, when its suite asks for any, with a fresh set of
/// addresses for the cluster after each.
pub fn plan(run: &Planned, n: usize) -> Result<Option<JobFaults>, Stop> {
    let Some(r) = &run.spec.recovery else {
        return Ok(None);
    };
    let plan = r.plan(&run.key);
    let restarts = plan
        .crash_at
        .iter()
        .map(|_| free_addresses(n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Stop::Failed(format!("no free local port: {e}")))?;
    Ok(Some(JobFaults {
        victims: (0..plan.crash_at.len()).map(|k| victim(k, n)).collect(),
        crash_at: plan.crash_at,
        restarts,
        guarantee: plan.guarantee,
        rejoin: 0,
    }))
}

/// Kills, detects and replaces one member at each of `job`'s crashes; the run's clock
/// started at `start` (ns since the Unix epoch).
pub fn inject(
    peers: &mut Vec<Peer>,
    job: &Job,
    start: u64,
    token: &str,
    deadline: Instant,
    stop: &AtomicBool,
) -> Result<(), Stop> {
    let Some(faults) = &job.faults else {
        return Ok(());
    };
    let n = peers.len();
    for (k, (&t, &v)) in faults.crash_at.iter().zip(&faults.victims).enumerate() {
        wait_until(start + t, deadline, stop)?;
        let i = peers.iter().position(|p| p.process == v).unwrap_or(0);
        if !peers[i].kill() {
            return Err(Stop::Failed(
                "crashes are injected only into member processes streambench started".into(),
            ));
        }
        // Detected as a member on another host would be: its connection closes.
        loop {
            match peers[i].recv(deadline, stop) {
                Err(Wait::Lost(_)) => break,
                Ok(_) => {}
                Err(w) => return Err(Stop::from((v, w))),
            }
        }
        let (dead, others): (Vec<Peer>, Vec<Peer>) = std::mem::take(peers)
            .into_iter()
            .partition(|p| p.process == v);
        dead.into_iter().for_each(|p| p.dismiss(true));
        *peers = respawn(n, v, token, stop, others)?;
        let mut again = job.clone();
        if let Some(f) = again.faults.as_mut() {
            f.rejoin = k + 1;
        }
        let fresh = &mut peers[v];
        fresh
            .send(&ToMember::Prepare(Box::new(again)))
            .map_err(|w| Stop::from((v, w)))?;
        match answer(fresh, deadline, stop)? {
            ToCoordinator::Ready => {}
            other => return Err(unexpected(fresh, other)),
        }
        fresh
            .send(&ToMember::Start(start))
            .map_err(|w| Stop::from((v, w)))?;
    }
    Ok(())
}

/// Sleeps until the wall-clock time `at`, unless interrupted or past `deadline`.
fn wait_until(at: u64, deadline: Instant, stop: &AtomicBool) -> Result<(), Stop> {
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(Stop::Interrupted);
        }
        if Instant::now() > deadline {
            return Err(Stop::Timeout(
                "the run's time limit passed before a crash".into(),
            ));
        }
        let left = at.saturating_sub(unix_now());
        if left == 0 {
            return Ok(());
        }
        std::thread::sleep(Duration::from_nanos(left).min(Duration::from_millis(20)));
    }
}

/// One mark per crash from every member's: the job is restored and caught up when its last
/// process is, and replayed the events of the stream before the crash (each member counts
/// stream positions, the new member its share's).
pub fn coalesce(mut marks: Vec<CrashMark>) -> Vec<CrashMark> {
    marks.sort_by_key(|c| c.at);
    let mut out: Vec<CrashMark> = Vec::new();
    for c in marks {
        match out.last_mut().filter(|o| o.at == c.at) {
            Some(o) => {
                o.restored = o.restored.max(c.restored);
                o.caught_up = o.caught_up.zip(c.caught_up).map(|(a, b)| a.max(b));
                o.replayed = o.replayed.max(c.replayed);
            }
            None => out.push(c),
        }
    }
    out
}

/// What the results say about a multi-process run's crashes.
pub fn note(
    crash_at: &[workloads::Time],
    n: usize,
    engine: &str,
    snapshots: bool,
    sink: Guarantee,
) -> String {
    let killed: Vec<String> = crash_at
        .iter()
        .enumerate()
        .map(|(k, &t)| format!("at {:.3} s process {}", t as f64 / 1e9, victim(k, n)))
        .collect();
    let why = match snapshots {
        false => format!("{engine} has no snapshots"),
        true => "multi-process runs take no checkpoints yet".into(),
    };
    if crash_at.is_empty() {
        return format!("no checkpoint was taken ({why})");
    }
    let mut s = format!(
        "each crash is a SIGKILL of one of the {n} member processes ({}), detected by the \
         coordinator when its connection closed; a new member took its place and the whole \
         job restarted on every process from the beginning of the stream ({why})",
        killed.join(", ")
    );
    if sink == Guarantee::AtLeastOnce {
        s.push_str(
            "; the results a killed process had delivered died with its measurements, so \
             only the other processes' duplicates are counted",
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(at: u64, restored: u64, caught_up: u64, replayed: u64) -> CrashMark {
        CrashMark {
            at,
            restored,
            caught_up: Some(caught_up),
            replayed,
            ..CrashMark::default()
        }
    }

    #[test]
    fn every_members_mark_of_a_crash_makes_one() {
        let marks = vec![
            mark(20, 25, 40, 7),
            mark(10, 12, 15, 3),
            mark(10, 14, 13, 5),
            mark(20, 22, 45, 7),
        ];
        let one = coalesce(marks);
        assert_eq!(one, vec![mark(10, 14, 15, 5), mark(20, 25, 45, 7)]);
        assert_eq!((victim(0, 2), victim(1, 2), victim(2, 3)), (1, 0, 0));
    }

    #[test]
    fn the_note_names_each_killed_process_and_why_the_job_restarts_from_the_beginning() {
        let n = note(
            &[600_000_000, 1_400_000_000],
            2,
            "timely",
            false,
            Guarantee::AtLeastOnce,
        );
        assert!(
            n.contains("(at 0.600 s process 1, at 1.400 s process 0)"),
            "{n}"
        );
        assert!(
            n.contains("(timely has no snapshots)") && n.contains("duplicates"),
            "{n}"
        );
        let n = note(&[], 2, "ext", true, Guarantee::ExactlyOnce);
        assert_eq!(
            n,
            "no checkpoint was taken (multi-process runs take no checkpoints yet)"
        );
    }
}
