//! Finding a run's member processes: starting them on this host, or accepting the ones a
//! user started elsewhere; each introduces itself with its process index and the suite's
//! one-time token.

use super::coordinator::Stop;
use super::peer::Peer;
use super::wire::{read_line, ToCoordinator, ToMember, MAX_HELLO, VERSION};
use crossbeam_channel::unbounded;
use std::io::{BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long members started here may take to call back.
const SPAWN_DEADLINE: Duration = Duration::from_secs(30);

/// How long a new connection may take to introduce itself.
const HELLO_WITHIN: Duration = Duration::from_secs(5);

/// The environment variable that gives a member the suite's token (`--token` does too).
pub const TOKEN_VAR: &str = "STREAMBENCH_TOKEN";

/// Starts `n` members on this host and waits for them to call back.
pub fn spawn_local(n: usize, token: &str, stop: &AtomicBool) -> Result<Vec<Peer>, Stop> {
    spawn(n, &(0..n).collect::<Vec<_>>(), token, stop, Vec::new())
}

/// Starts member `i` of `n` on this host again (after it was killed) and waits for it to
/// call back; `kept` are the others.
pub fn respawn(
    n: usize,
    i: usize,
    token: &str,
    stop: &AtomicBool,
    kept: Vec<Peer>,
) -> Result<Vec<Peer>, Stop> {
    spawn(n, &[i], token, stop, kept)
}

/// Starts the members `which` of `n` on this host and waits for them to call back.
fn spawn(
    n: usize,
    which: &[usize],
    token: &str,
    stop: &AtomicBool,
    kept: Vec<Peer>,
) -> Result<Vec<Peer>, Stop> {
    let io = |what: &str, e: std::io::Error| Stop::Failed(format!("{what}: {e}"));
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| io("coordinator socket", e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| io("coordinator socket", e))?;
    let exe = std::env::current_exe().map_err(|e| io("cannot find streambench itself", e))?;
    let mut children: Vec<Option<Child>> = (0..n).map(|_| None).collect();
    for &i in which {
        // The token goes in the environment, which other users cannot read, unlike the
        // command line.
        let child = Command::new(&exe)
            .args([
                "member",
                "--coordinator",
                &addr.to_string(),
                "--process",
                &i.to_string(),
            ])
            .env(TOKEN_VAR, token)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| io("cannot start a member process", e))?;
        children[i] = Some(child);
    }
    let want = Want {
        n,
        token,
        within: SPAWN_DEADLINE,
    };
    accept(&listener, &want, stop, children, kept)
}

/// The members a run waits for.
pub struct Want<'a> {
    /// Processes in the run.
    pub n: usize,
    /// The suite's one-time token.
    pub token: &'a str,
    /// How long to wait for them all.
    pub within: Duration,
}

/// Accepts members until each process of `want` has one (those in `kept` already do),
/// and sorts them by index. Each new connection introduces itself on its own thread within
/// [`HELLO_WITHIN`], so an idle or garbage connection delays nobody; one that fails is
/// logged and dropped, and waiting goes on.
pub fn accept(
    listener: &TcpListener,
    want: &Want,
    stop: &AtomicBool,
    children: Vec<Option<Child>>,
    kept: Vec<Peer>,
) -> Result<Vec<Peer>, Stop> {
    let n = want.n;
    let deadline = Instant::now() + want.within;
    let mut peers: Vec<Option<Peer>> = (0..n).map(|_| None).collect();
    for p in kept {
        let i = p.process;
        peers[i] = Some(p);
    }
    let mut children = Unclaimed(children);
    let children = &mut children.0;
    listener
        .set_nonblocking(true)
        .map_err(|e| Stop::Failed(e.to_string()))?;
    let (tx, rx) = unbounded();
    while peers.iter().any(Option::is_none) {
        if stop.load(Ordering::Relaxed) {
            return Err(Stop::Interrupted);
        }
        match listener.accept() {
            Ok((stream, from)) => {
                let (tx, token) = (tx.clone(), want.token.to_string());
                std::thread::spawn(move || {
                    let _ = tx.send(handshake(stream, n, &token).map_err(|e| (from, e)));
                });
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(Stop::Failed(format!("accepting members: {e}"))),
        }
        match rx.try_recv() {
            Ok(Ok(mut peer)) => {
                let i = peer.process;
                if peers[i].is_some() {
                    eprintln!("streambench: ignored a second member process {i}");
                    continue;
                }
                if let Some(mut child) = children.get_mut(i).and_then(Option::take) {
                    if let Some(err) = child.stderr.take() {
                        peer.capture_stderr(err);
                    }
                    peer.child = Some(child);
                }
                peers[i] = Some(peer);
                continue;
            }
            Ok(Err((from, e))) => {
                eprintln!("streambench: ignored a connection from {from}: {e}");
                continue;
            }
            Err(_) => {}
        }
        if let Some(e) = exited(children) {
            return Err(Stop::Failed(e));
        }
        if Instant::now() > deadline {
            return Err(Stop::Failed(format!(
                "only {} of {n} member processes called in within {} s",
                peers.iter().flatten().count(),
                want.within.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(peers.into_iter().flatten().collect())
}

/// Reads a new connection's hello and checks it: this build's protocol, the suite's token,
/// a process of the run.
fn handshake(stream: TcpStream, n: usize, token: &str) -> Result<Peer, String> {
    let io = |e: std::io::Error| e.to_string();
    stream.set_nonblocking(false).map_err(io)?;
    stream.set_read_timeout(Some(HELLO_WITHIN)).map_err(io)?;
    let mut reader = BufReader::new(stream.try_clone().map_err(io)?);
    let mut line = String::new();
    match read_line(&mut reader, &mut line, MAX_HELLO) {
        Ok(0) => return Err("closed before introducing itself".into()),
        Ok(_) => {}
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
            return Err(format!("no hello within {} s", HELLO_WITHIN.as_secs_f64()))
        }
        Err(e) => return Err(e.to_string()),
    }
    let hello = match serde_json::from_str::<ToCoordinator>(&line) {
        Ok(ToCoordinator::Hello(h)) => h,
        Ok(_) => return Err("a message other than a hello".into()),
        Err(_) => return Err(format!("not a member's hello: {}", excerpt(&line))),
    };
    let refusal = if hello.version != VERSION {
        Some(format!(
            "a member of another streambench version (protocol {}, this is {VERSION})",
            hello.version
        ))
    } else if hello.token != token {
        Some(format!(
            "member process {} without this suite's token",
            hello.process
        ))
    } else if hello.process >= n {
        Some(format!(
            "member process {}, but the run has processes 0..{n}",
            hello.process
        ))
    } else {
        None
    };
    if let Some(why) = refusal {
        // A member that introduced itself is told why, so it can say so and exit.
        let mut text =
            serde_json::to_string(&ToMember::Refused(why.clone())).map_err(|e| e.to_string())?;
        text.push('\n');
        let _ = (&stream).write_all(text.as_bytes());
        return Err(why);
    }
    stream.set_read_timeout(None).map_err(io)?;
    Peer::new(hello.process, stream, reader).map_err(io)
}

/// The start of what a stranger sent, printable on one line.
fn excerpt(line: &str) -> String {
    let s: String = line.trim_end().chars().take(40).collect();
    format!("{s:?}")
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
