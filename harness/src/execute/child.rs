//! A worker process as its parent holds it. It is this very binary (`/proc/self/exe`, even
//! if the file was replaced since), started in a process group of its own, so that killing
//! the group also kills whatever its engine started, and with a parent-death signal, so that
//! it cannot outlive a parent killed with SIGKILL. Its stdout is read as message lines; its
//! stderr is passed on (unless quiet) and its tail kept for its last words. Both pipes are
//! read by poll(2) on the calling thread: a worker costs its parent no thread.

use crate::cluster::wire::MAX_LINE;
use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{ChildStdin, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How much of a worker's stderr is kept for its last words.
const TAIL: usize = 16 << 10;

/// A running worker process.
pub struct Child {
    process: std::process::Child,
    /// `None` once closed, which asks the worker to exit.
    stdin: Option<ChildStdin>,
    out: Pipe,
    err: Pipe,
    /// Pass the worker's stderr on to ours.
    echo: bool,
}

/// One of the worker's output pipes, and what was read from it.
struct Pipe {
    file: File,
    buf: Vec<u8>,
    open: bool,
}

impl Pipe {
    fn new(fd: impl Into<OwnedFd>) -> Self {
        Pipe {
            file: File::from(fd.into()),
            buf: Vec::new(),
            open: true,
        }
    }

    /// The first complete line read, without its newline.
    fn line(&mut self) -> std::io::Result<Option<String>> {
        let Some(end) = self.buf.iter().position(|b| *b == b'\n') else {
            if self.buf.len() > MAX_LINE {
                return Err(std::io::Error::new(
                    ErrorKind::InvalidData,
                    format!("a message longer than {MAX_LINE} bytes"),
                ));
            }
            return Ok(None);
        };
        let line: Vec<u8> = self.buf.drain(..=end).take(end).collect();
        String::from_utf8(line)
            .map(Some)
            .map_err(|_| std::io::Error::new(ErrorKind::InvalidData, "a message that is not text"))
    }
}

impl Child {
    /// Starts a worker (`streambench worker`); with `echo`, what it writes to stderr goes to
    /// ours.
    ///
    /// The parent-death signal follows the thread that starts the worker, so workers are
    /// started from the command's own thread, which lives as long as the process.
    pub fn spawn(echo: bool) -> std::io::Result<Child> {
        let parent = std::process::id() as libc::pid_t;
        let mut command = Command::new("/proc/self/exe");
        command
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own group: the terminal's Ctrl-C is the parent's to handle, and killing
            // the group ends everything the worker started.
            .process_group(0);
        // SAFETY: prctl(2) and getppid(2) are async-signal-safe, as pre_exec requires.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // The parent may have died before the signal was armed.
                if libc::getppid() != parent {
                    return Err(std::io::Error::other("the parent process has gone"));
                }
                Ok(())
            });
        }
        let mut process = command.spawn()?;
        let taken = (
            process.stdin.take(),
            process.stdout.take(),
            process.stderr.take(),
        );
        let (Some(stdin), Some(out), Some(err)) = taken else {
            unreachable!("all three are piped")
        };
        Ok(Child {
            process,
            stdin: Some(stdin),
            out: Pipe::new(out),
            err: Pipe::new(err),
            echo,
        })
    }

    /// Sends one message line.
    pub fn send(&mut self, line: &str) -> std::io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| std::io::Error::from(ErrorKind::BrokenPipe))?;
        stdin.write_all(format!("{line}\n").as_bytes())?;
        stdin.flush()
    }

    /// The next message line, if one comes within `within`; an error when the worker closed
    /// its stdout (it died) or sent nonsense.
    pub fn recv(&mut self, within: Duration) -> std::io::Result<Option<String>> {
        let until = Instant::now() + within;
        loop {
            if let Some(line) = self.out.line()? {
                return Ok(Some(line));
            }
            if !self.out.open {
                return Err(std::io::Error::new(
                    ErrorKind::UnexpectedEof,
                    "the worker closed its output",
                ));
            }
            let left = until.saturating_duration_since(Instant::now());
            self.poll(left)?;
            if left.is_zero() {
                return self.out.line();
            }
        }
    }

    /// Waits up to `left` for output on either pipe and reads what came.
    fn poll(&mut self, left: Duration) -> std::io::Result<()> {
        let fd = |p: &Pipe| if p.open { p.file.as_raw_fd() } else { -1 };
        let mut fds = [
            libc::pollfd {
                fd: fd(&self.out),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: fd(&self.err),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = left.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            // A signal (Ctrl-C): the caller looks at its stop flag.
            return if e.kind() == ErrorKind::Interrupted {
                Ok(())
            } else {
                Err(e)
            };
        }
        let mut chunk = vec![0u8; 64 << 10];
        if fds[0].revents != 0 {
            match self.out.file.read(&mut chunk) {
                Ok(0) | Err(_) => self.out.open = false,
                Ok(k) => self.out.buf.extend_from_slice(&chunk[..k]),
            }
        }
        if fds[1].revents != 0 {
            match self.err.file.read(&mut chunk) {
                Ok(0) | Err(_) => self.err.open = false,
                Ok(k) => {
                    if self.echo {
                        let _ = std::io::stderr().write_all(&chunk[..k]);
                    }
                    let tail = &mut self.err.buf;
                    tail.extend_from_slice(&chunk[..k]);
                    if tail.len() > TAIL {
                        tail.drain(..tail.len() - TAIL);
                    }
                }
            }
        }
        Ok(())
    }

    /// Kills the worker and everything in its process group, and reaps it: how it ended,
    /// and its last words on stderr (a panic's message, or its last line that is not
    /// backtrace noise).
    pub fn kill(mut self) -> (Option<ExitStatus>, Option<String>) {
        let group = self.process.id() as libc::pid_t;
        // SAFETY: kill(2) on the worker's own process group, which it leads.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        let status = self.process.wait().ok();
        // What it wrote before it died (bounded: a process that left the group could hold
        // the pipe open).
        let until = Instant::now() + Duration::from_secs(1);
        while self.err.open {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || self.poll(left).is_err() {
                break;
            }
        }
        let tail = String::from_utf8_lossy(&self.err.buf).into_owned();
        (status, crate::cluster::error_line(&tail))
    }

    /// Ends a worker that is waiting for a run: closing its stdin asks it to exit; one that
    /// has not within a second is killed. (It is not reaped before its group is killed, so
    /// the group's id cannot have been reused.)
    pub fn end(mut self) {
        self.stdin = None;
        let until = Instant::now() + Duration::from_secs(1);
        while self.out.open {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || self.poll(left).is_err() {
                break;
            }
            // What it still says is not for a run.
            self.out.buf.clear();
        }
        self.kill();
    }
}

#[cfg(test)]
mod tests {
    use super::Pipe;

    #[test]
    fn lines_come_whole_and_in_order() {
        let mut p = Pipe::new(std::fs::File::open("/dev/null").unwrap());
        p.buf.extend_from_slice(b"\"Started\"\n{\"Ended\"");
        assert_eq!(p.line().unwrap().as_deref(), Some("\"Started\""));
        // The rest waits for its newline.
        assert_eq!(p.line().unwrap(), None);
        p.buf.extend_from_slice(b":1}\n\xff\n");
        assert_eq!(p.line().unwrap().as_deref(), Some("{\"Ended\":1}"));
        assert_eq!(
            p.line().unwrap_err().to_string(),
            "a message that is not text"
        );
    }
}
