//! The coordinator's side of one member connection: a reader thread turns incoming lines
//! into messages, so waiting for a member can time out and notice Ctrl-C.

use super::wire::{read_line, ToCoordinator, ToMember, MAX_LINE};
use crossbeam_channel::{unbounded, Receiver, RecvTimeoutError};
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Why waiting for a member ended without its message.
#[derive(Debug)]
pub enum Wait {
    /// The deadline passed.
    Timeout,
    /// The user interrupted the suite.
    Interrupted,
    /// The connection closed or carried nonsense.
    Lost(String),
}

/// One member process, as the coordinator sees it.
pub struct Peer {
    /// The member's process index.
    pub process: usize,
    writer: TcpStream,
    rx: Receiver<Result<ToCoordinator, String>>,
    /// The member's OS process when the coordinator started it (same host).
    pub child: Option<Child>,
    /// What the started member wrote to stderr.
    stderr: Arc<Mutex<String>>,
}

impl Peer {
    /// Wraps a member's connection, whose hello `process` has read through `lines`.
    pub fn new(
        process: usize,
        stream: TcpStream,
        mut lines: BufReader<TcpStream>,
    ) -> std::io::Result<Self> {
        stream.set_nodelay(true)?;
        let (tx, rx) = unbounded();
        std::thread::spawn(move || {
            let mut line = String::new();
            loop {
                let msg = match read_line(&mut lines, &mut line, MAX_LINE) {
                    Ok(0) => Err("the member closed the connection".to_string()),
                    Ok(_) => serde_json::from_str(&line)
                        .map_err(|e| format!("the member sent a bad message: {e}")),
                    Err(e) => Err(format!("connection to the member: {e}")),
                };
                let end = msg.is_err();
                if tx.send(msg).is_err() || end {
                    return;
                }
            }
        });
        Ok(Peer {
            process,
            writer: stream,
            rx,
            child: None,
            stderr: Arc::default(),
        })
    }

    /// Keeps what the member process writes to stderr, for error messages.
    pub fn capture_stderr(&mut self, mut from: impl Read + Send + 'static) {
        let into = self.stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = from.read(&mut buf) {
                if n == 0 {
                    return;
                }
                let mut s = into.lock().unwrap_or_else(|e| e.into_inner());
                s.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
    }

    /// The member's error line on stderr, if any: a panic's message, or else the last line
    /// that is not part of a backtrace.
    pub fn last_words(&self) -> Option<String> {
        let s = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        error_line(&s)
    }

    /// Why the connection is gone, if it is: a member killed on another host shows only
    /// as its closed connection. Messages still queued belong to the failed run and are
    /// dropped.
    pub fn gone(&self) -> Option<String> {
        loop {
            match self.rx.try_recv() {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => return Some(e),
                Err(crossbeam_channel::TryRecvError::Empty) => return None,
                Err(crossbeam_channel::TryRecvError::Disconnected) => {
                    return Some("the member closed the connection".into())
                }
            }
        }
    }

    /// How the member process started here ended, if it died (killed, or exited with an
    /// error) rather than exiting cleanly or still running.
    pub fn died(&mut self) -> Option<String> {
        let status = self.child.as_mut()?.try_wait().ok()??;
        (!status.success()).then(|| format!("died ({status})"))
    }

    /// Kills the member process started here with `SIGKILL` (an injected crash); `false`
    /// when the coordinator did not start it.
    pub fn kill(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => {
                let _ = child.kill();
                true
            }
            None => false,
        }
    }

    /// Sends a message.
    pub fn send(&mut self, msg: &ToMember) -> Result<(), Wait> {
        let mut text = serde_json::to_string(msg).map_err(|e| Wait::Lost(e.to_string()))?;
        text.push('\n');
        self.writer
            .write_all(text.as_bytes())
            .map_err(|e| Wait::Lost(format!("cannot reach the member: {e}")))
    }

    /// The next message, before `deadline`, unless `stop` is raised first.
    pub fn recv(&mut self, deadline: Instant, stop: &AtomicBool) -> Result<ToCoordinator, Wait> {
        loop {
            if stop.load(Ordering::Relaxed) {
                return Err(Wait::Interrupted);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Wait::Timeout);
            }
            match self.rx.recv_timeout(left.min(Duration::from_millis(50))) {
                Ok(Ok(m)) => return Ok(m),
                Ok(Err(e)) => return Err(Wait::Lost(e)),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Wait::Lost("the member closed the connection".into()))
                }
            }
        }
    }

    /// Tells the member to exit and, if the coordinator started it, reaps it (killing it
    /// when it does not exit promptly).
    pub fn dismiss(mut self, kill: bool) {
        if !kill {
            let _ = self.send(&ToMember::Bye);
        }
        let _ = self.writer.shutdown(std::net::Shutdown::Both);
        if let Some(mut child) = self.child.take() {
            let until = Instant::now() + Duration::from_secs(if kill { 0 } else { 5 });
            loop {
                match child.try_wait() {
                    Ok(Some(_)) => return,
                    Ok(None) if Instant::now() < until => {
                        std::thread::sleep(Duration::from_millis(10))
                    }
                    _ => {
                        let _ = child.kill();
                        let _ = child.wait();
                        return;
                    }
                }
            }
        }
    }
}

impl Drop for Peer {
    /// A member started here that was not dismissed (a run given up half-way, as when its
    /// replacement after a crash did not call in) is killed, so none is left running.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The line of a process's stderr that says what went wrong: the message under the last
/// `panicked at`, or else the last line that is neither a backtrace frame nor a note.
pub(crate) fn error_line(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    if let Some(k) = lines.iter().rposition(|l| l.contains("panicked at")) {
        if let Some(msg) = lines.get(k + 1).filter(|l| !l.trim().is_empty()) {
            return Some(format!("panicked: {}", msg.trim()));
        }
    }
    let noise = |l: &str| {
        let t = l.trim_start();
        t.is_empty()
            || t.starts_with("note: ")
            || t.starts_with("stack backtrace:")
            || (t.starts_with("at ") && t.contains(".rs:"))
            || t.split_once(": ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
    };
    lines
        .iter()
        .rev()
        .find(|l| !noise(l))
        .map(|l| l.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::error_line;

    #[test]
    fn the_error_line_is_not_a_backtrace_frame_or_note() {
        let panic = "thread 'main' panicked at src/x.rs:3:5:\nboom: no peer\nstack backtrace:\n   0: std::panicking\n             at ./src/p.rs:1:1\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(error_line(panic).unwrap(), "panicked: boom: no peer");
        let error = "streambench: coordinator x: connection closed\n\n";
        assert_eq!(
            error_line(error).unwrap(),
            "streambench: coordinator x: connection closed"
        );
        assert_eq!(error_line("note: run with `RUST_BACKTRACE=1`\n"), None);
    }
}
