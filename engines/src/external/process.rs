//! An external engine's process: started with the harness's address in `STREAMBENCH_ADDR`,
//! accepted with a deadline, its output kept as a short tail for error messages, and killed
//! when the run ends (or, when it may serve another run, kept: see `keeper`).

use super::ExternalSpec;
use crate::EngineError;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The environment variable carrying the address the engine connects to.
pub const ADDR_VAR: &str = "STREAMBENCH_ADDR";

/// Lines of the engine's stderr (and stdout) kept for error messages.
const TAIL_LINES: usize = 20;

/// How long a process whose run is over may take to exit on its own before it is killed.
const EXIT_GRACE: Duration = Duration::from_millis(1000);

/// A started engine process and its connection.
pub struct Process {
    child: Child,
    tail: Arc<Mutex<VecDeque<String>>>,
    /// The threads draining stdout and stderr: finished once the pipes reach end of file.
    drains: Vec<std::thread::JoinHandle<()>>,
}

impl Process {
    /// Starts `spec`'s command and waits up to `spec.connect_timeout` for it to connect.
    pub fn start(spec: &ExternalSpec) -> Result<(Process, TcpStream), EngineError> {
        let (process, stream, _) = Process::launch(spec, |mut c| c.spawn())?;
        Ok((process, stream))
    }

    /// As [`Process::start`], for a process that may be kept for later runs: it is started
    /// by a thread that lives as long as this process (it dies with the thread that started
    /// it, and a run's thread ends with the run), and the address it connects to stays
    /// open for it to connect again, after its run.
    pub fn start_kept(
        spec: &ExternalSpec,
    ) -> Result<(Process, TcpStream, TcpListener), EngineError> {
        Process::launch(spec, spawn_on_keeper)
    }

    fn launch(
        spec: &ExternalSpec,
        spawn: impl FnOnce(Command) -> std::io::Result<Child>,
    ) -> Result<(Process, TcpStream, TcpListener), EngineError> {
        let io = |what: &str, e: std::io::Error| {
            EngineError::Protocol(format!("external engine `{}`: {what}: {e}", spec.name))
        };
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| io("cannot listen", e))?;
        let addr = listener.local_addr().map_err(|e| io("cannot listen", e))?;
        let (program, args) = spec.command.split_first().ok_or_else(|| {
            EngineError::Protocol(format!("external engine `{}`: empty command", spec.name))
        })?;
        let mut command = Command::new(program);
        die_with_parent(&mut command);
        command
            .args(args)
            .envs(spec.env.iter().map(|(k, v)| (k, v)))
            .env(ADDR_VAR, addr.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = spawn(command)
            .map_err(|e| io(&format!("cannot start `{}`", spec.command.join(" ")), e))?;
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let mut drains = Vec::new();
        for out in [
            child
                .stdout
                .take()
                .map(|o| Box::new(o) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|o| Box::new(o) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let tail = tail.clone();
            // Drained on its own thread so a chatty engine never blocks on a full pipe.
            drains.push(std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                    if t.len() == TAIL_LINES {
                        t.pop_front();
                    }
                    t.push_back(line);
                }
            }));
        }
        let mut process = Process {
            child,
            tail,
            drains,
        };
        let stream = process.accept(&listener, spec)?;
        Ok((process, stream, listener))
    }

    /// Waits up to `spec.connect_timeout` for the process to connect to `l`: a kept process
    /// connects again once it has ended its run.
    pub fn accept(
        &mut self,
        l: &TcpListener,
        spec: &ExternalSpec,
    ) -> Result<TcpStream, EngineError> {
        l.set_nonblocking(true)
            .map_err(|e| self.fail(&format!("cannot listen: {e}")))?;
        let deadline = Instant::now() + spec.connect_timeout;
        loop {
            match l.accept() {
                Ok((s, _)) => {
                    let setup = s.set_nonblocking(false).and_then(|()| s.set_nodelay(true));
                    setup.map_err(|e| self.fail(&format!("connection: {e}")))?;
                    return Ok(s);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(self.fail(&format!("accept: {e}"))),
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(self.fail(&format!("exited ({status}) before connecting")));
            }
            if Instant::now() > deadline {
                return Err(self.fail(&format!(
                    "did not connect to {ADDR_VAR} within {:.0} s",
                    spec.connect_timeout.as_secs_f64()
                )));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// A protocol error saying `what`, with how the process ended (if it has) and its
    /// output's last lines.
    pub fn fail(&mut self, what: &str) -> EngineError {
        // Give a crashing process a moment to exit, then its last words a moment to be read
        // (the pipes are drained on other threads, which a loaded machine may not have run).
        let deadline = Instant::now() + Duration::from_millis(1000);
        let mut status = None;
        while status.is_none() && Instant::now() < deadline {
            status = self.child.try_wait().ok().flatten();
            if status.is_none() {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let deadline = Instant::now() + Duration::from_millis(500);
        while status.is_some()
            && !self.drains.iter().all(|d| d.is_finished())
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        let exited = status.map_or(String::new(), |s| format!(" (process {s})"));
        let tail = self.tail.lock().unwrap_or_else(|e| e.into_inner());
        let stderr = match tail.is_empty() {
            true => String::new(),
            false => format!("; its output ends: {}", Vec::from(tail.clone()).join(" | ")),
        };
        EngineError::Protocol(format!("{what}{exited}{stderr}"))
    }
}

/// Has the engine's process killed if the thread that started it dies (the harness crashing,
/// or exiting with a hung engine's run abandoned), so no engine outlives streambench; and
/// puts it in a process group of its own, so the processes it starts (a Flink cluster's
/// JobManager and TaskManagers) are killed with it when the run ends.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe, and the closure touches nothing else between fork
    // and exec.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            libc::setpgid(0, 0);
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_: &mut Command) {}

/// A request to the keeper thread: a command to start, and where to send the child.
type Spawn = (Command, std::sync::mpsc::Sender<std::io::Result<Child>>);

/// Starts `command` on a thread that never ends, so a kept process (which dies with the
/// thread that started it) lives until streambench exits or kills it.
fn spawn_on_keeper(command: Command) -> std::io::Result<Child> {
    static KEEPER: Mutex<Option<std::sync::mpsc::Sender<Spawn>>> = Mutex::new(None);
    let mut keeper = KEEPER.lock().unwrap_or_else(|e| e.into_inner());
    if keeper.is_none() {
        let (tx, rx) = std::sync::mpsc::channel::<Spawn>();
        std::thread::Builder::new()
            .name("external-keeper".into())
            .spawn(move || {
                for (mut command, reply) in rx {
                    let _ = reply.send(command.spawn());
                }
            })?;
        *keeper = Some(tx);
    }
    let (reply, child) = std::sync::mpsc::channel();
    let gone = || std::io::Error::other("the keeper thread has gone");
    let sender = keeper.as_ref().ok_or_else(gone)?;
    sender.send((command, reply)).map_err(|_| gone())?;
    child.recv().map_err(|_| gone())?
}

impl Process {
    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Process {
    /// Kills the process and every process it started with `SIGKILL`, now, and reaps it.
    pub fn kill(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        #[cfg(target_os = "linux")]
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: a signal to the process group the child leads (see die_with_parent).
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // The run is over, or failed: the engine's process, and every process it started,
        // never outlives it. It gets a moment to exit on its own first (it has read the end
        // of its input), so it can clean up after itself (Flink's scratch files).
        let deadline = Instant::now() + EXIT_GRACE;
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.kill();
    }
}
