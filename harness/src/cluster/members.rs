//! Finding a run's member processes: starting them on this host, or accepting the ones a
//! user started elsewhere; each introduces itself with its process index.

use super::coordinator::Stop;
use super::peer::Peer;
use super::wire::ToCoordinator;
use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// How long members started here may take to call back.
const SPAWN_DEADLINE: Duration = Duration::from_secs(30);

/// Starts `n` members on this host and waits for them to call back.
pub fn spawn_local(n: usize, stop: &AtomicBool) -> Result<Vec<Peer>, Stop> {
    let io = |what: &str, e: std::io::Error| Stop::Failed(format!("{what}: {e}"));
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| io("coordinator socket", e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| io("coordinator socket", e))?;
    let exe = std::env::current_exe().map_err(|e| io("cannot find streambench itself", e))?;
    let mut children = Vec::new();
    for i in 0..n {
        let child = Command::new(&exe)
            .args([
                "member",
                "--coordinator",
                &addr.to_string(),
                "--process",
                &i.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| io("cannot start a member process", e))?;
        children.push(child);
    }
    accept(&listener, n, SPAWN_DEADLINE, stop, children)
}

/// Accepts `n` members, each saying which process it is, and sorts them by index.
pub fn accept(
    listener: &TcpListener,
    n: usize,
    within: Duration,
    stop: &AtomicBool,
    children: Vec<Child>,
) -> Result<Vec<Peer>, Stop> {
    let deadline = Instant::now() + within;
    let mut peers: Vec<Option<Peer>> = (0..n).map(|_| None).collect();
    let mut children = Unclaimed(children.into_iter().map(Some).collect());
    let children = &mut children.0;
    listener
        .set_nonblocking(true)
        .map_err(|e| Stop::Failed(e.to_string()))?;
    while peers.iter().any(Option::is_none) {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Stop::Interrupted);
        }
        match listener.accept() {
            Ok((stream, _)) => {
                let _ = stream.set_nonblocking(false);
                let mut peer = Peer::new(stream).map_err(|e| Stop::Failed(e.to_string()))?;
                match peer.recv(deadline, stop).map_err(|w| Stop::from((n, w)))? {
                    ToCoordinator::Hello(i) if i < n && peers[i].is_none() => {
                        peer.process = i;
                        if let Some(mut child) = children.get_mut(i).and_then(Option::take) {
                            if let Some(err) = child.stderr.take() {
                                peer.capture_stderr(err);
                            }
                            peer.child = Some(child);
                        }
                        peers[i] = Some(peer);
                    }
                    other => {
                        return Err(Stop::Failed(format!(
                            "a member introduced itself as {other:?}: expected one of processes 0..{n}, each once"
                        )))
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if let Some(e) = exited(children) {
                    return Err(Stop::Failed(e));
                }
                if Instant::now() > deadline {
                    return Err(Stop::Failed(format!(
                        "only {} of {n} member processes called in within {} s",
                        peers.iter().flatten().count(),
                        within.as_secs()
                    )));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(Stop::Failed(format!("accepting members: {e}"))),
        }
    }
    Ok(peers.into_iter().flatten().collect())
}

/// Members started here that have not called in yet: killed if accepting ends early, so
/// none is left behind retrying.
struct Unclaimed(Vec<Option<Child>>);

impl Drop for Unclaimed {
    fn drop(&mut self) {
        for mut child in self.0.iter_mut().filter_map(Option::take) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A member started here that has already exited (before calling in), with its last words.
fn exited(children: &mut [Option<Child>]) -> Option<String> {
    for (i, slot) in children.iter_mut().enumerate() {
        let Some(child) = slot else { continue };
        if let Ok(Some(status)) = child.try_wait() {
            let mut text = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = err.read_to_string(&mut text);
            }
            let words = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            return Some(format!(
                "member process {i} exited ({status}) before calling in: {words}"
            ));
        }
    }
    None
}
