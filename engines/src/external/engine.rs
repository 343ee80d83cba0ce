//! The `external` engine: an [`Engine`] that runs a process speaking the wire protocol
//! (`docs/protocol.md`), so the driver, the measurement and the check treat it as any other.
//!
//! The driver's thread writes frames straight to the socket (one write per batch); a reader
//! thread hands every `outputs` frame to the sink as it arrives and passes replies back.

use super::frame::{self, from_engine, to_engine, Hello, Start};
use super::keeper::{self, Connected};
use super::process::Process;
use super::ExternalSpec;
use crate::codec::Encoder;
use crate::{Capabilities, Engine, EngineError, EngineOptions, EngineStats, Sink};
use crossbeam_channel::{Receiver, Sender};
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use workloads::{Input, Time};

/// A reply, or the end of the engine's side.
enum Reply {
    Done,
    Stats(EngineStats),
    State(Vec<u8>),
    Recovered(crate::Recovered),
    Failed(String),
}

/// A running external engine.
pub struct External {
    spec: &'static ExternalSpec,
    capabilities: Capabilities,
    stream: Mutex<TcpStream>,
    replies: Receiver<Reply>,
    /// Taken out only when the run is over and the process is kept for the next.
    process: Mutex<Option<Process>>,
    /// Its `hello` and the address it connects to again, when it may be kept after the run.
    keep: Option<(Hello, TcpListener)>,
    frame: Encoder,
    /// Set once the engine has failed, so every later call says why.
    failed: Mutex<Option<String>>,
    last_stats: Mutex<EngineStats>,
}

static RUNS: AtomicU64 = AtomicU64::new(0);

/// Most events in one `events` frame (160 KiB of payload-free events).
const CHUNK: usize = 4096;

/// Starts `spec`'s process for one run of the workload in `options`.
pub fn start(
    spec: &'static ExternalSpec,
    capabilities: Capabilities,
    options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    let workload = options.workload.as_ref().ok_or_else(|| {
        EngineError::Plan(format!(
            "{} runs catalog workloads by name, and this run names none",
            spec.name
        ))
    })?;
    if options.cluster.is_some() && !capabilities.multi_process {
        return Err(EngineError::Unsupported(format!(
            "{} does not declare multi_process",
            spec.name
        )));
    }
    let Connected {
        mut process,
        mut stream,
        hello,
        listener,
    } = keeper::connect(spec, keeper::may_share(options))?;
    if !hello.workloads.contains(&workload.name) {
        return Err(EngineError::Plan(format!(
            "{} does not declare workload `{}`",
            spec.name, workload.name
        )));
    }
    let cluster = options.cluster.as_ref();
    let start = Start {
        workload: workload.name.clone(),
        parameters: workload.parameters.clone(),
        settings: options.settings.clone().into_iter().collect(),
        workers: options.workers as u64,
        process: cluster.map_or(0, |c| c.process as u64),
        peers: cluster.map_or(Vec::new(), |c| c.addresses.clone()),
        run_id: format!("{}-{}", workload.name, RUNS.fetch_add(1, Ordering::Relaxed)),
    };
    let sent = frame::write_frame(&mut stream, to_engine::START, &start.encode());
    sent.map_err(|e| process.fail(&format!("`{}`: sending start: {e}", spec.name)))?;
    if hello.flags & frame::flags::READY != 0 {
        await_ready(spec, &mut process, &mut stream)?;
    }
    let reader = stream
        .try_clone()
        .map_err(|e| process.fail(&format!("connection: {e}")))?;
    let (tx, replies) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name(format!("{}-reader", spec.name))
        .spawn(move || read_loop(reader, sink, tx))
        .map_err(|e| process.fail(&format!("cannot start the reader thread: {e}")))?;
    Ok(Box::new(External {
        spec,
        capabilities,
        stream: Mutex::new(stream),
        replies,
        process: Mutex::new(Some(process)),
        keep: listener.map(|l| (hello, l)),
        frame: Encoder::default(),
        failed: Mutex::new(None),
        last_stats: Mutex::new(EngineStats::default()),
    }))
}

/// Waits up to the connect timeout for the `done` that says the engine is ready for events.
fn await_ready(
    spec: &ExternalSpec,
    process: &mut Process,
    stream: &mut TcpStream,
) -> Result<(), EngineError> {
    let name = &spec.name;
    let _ = stream.set_read_timeout(Some(spec.connect_timeout));
    let mut buf = Vec::new();
    let got = frame::read_frame(stream, &mut buf);
    let _ = stream.set_read_timeout(None);
    match got {
        Ok(true) if buf[0] == from_engine::DONE => Ok(()),
        Ok(true) if buf[0] == from_engine::ERROR => {
            let why = frame::decode_bytes(&buf[1..], "error").unwrap_or_default();
            let why = String::from_utf8_lossy(&why);
            Err(process.fail(&format!("external engine `{name}` failed to start: {why}")))
        }
        Ok(true) => Err(process.fail(&format!(
            "external engine `{name}` answered start with frame type {}, not done",
            buf[0]
        ))),
        Ok(false) => Err(process.fail(&format!(
            "external engine `{name}` closed before it was ready"
        ))),
        Err(e) => Err(process.fail(&format!(
            "external engine `{name}` was not ready within {:.0} s: {e}",
            spec.connect_timeout.as_secs_f64()
        ))),
    }
}

/// Reads the engine's frames until it closes or breaks the protocol: results go to the
/// sink at once (each frame one batch), everything else back to the driver's thread.
fn read_loop(mut stream: TcpStream, sink: Arc<dyn Sink>, tx: Sender<Reply>) {
    let (mut buf, mut outputs) = (Vec::new(), Vec::new());
    let reply = loop {
        match frame::read_frame(&mut stream, &mut buf) {
            Ok(true) => {}
            Ok(false) => break Reply::Failed("closed the connection".into()),
            Err(e) => break Reply::Failed(e.to_string()),
        }
        let body = &buf[1..];
        let r = match buf[0] {
            from_engine::OUTPUTS => match frame::decode_outputs(body, &mut outputs) {
                Ok(()) => {
                    // The harness times every result from the reference's cause.
                    sink.emit(0, &mut outputs);
                    continue;
                }
                Err(e) => Reply::Failed(e.to_string()),
            },
            from_engine::DONE => Reply::Done,
            from_engine::STATS => match frame::decode_stats(body) {
                Ok(s) => Reply::Stats(s),
                Err(e) => Reply::Failed(e.to_string()),
            },
            from_engine::STATE => match frame::decode_bytes(body, "state") {
                Ok(s) => Reply::State(s),
                Err(e) => Reply::Failed(e.to_string()),
            },
            from_engine::RECOVERED => match frame::decode_recovered(body) {
                Ok(r) => Reply::Recovered(r),
                Err(e) => Reply::Failed(e.to_string()),
            },
            from_engine::ERROR => match frame::decode_bytes(body, "error") {
                Ok(m) => Reply::Failed(format!("error: {}", String::from_utf8_lossy(&m))),
                Err(e) => Reply::Failed(e.to_string()),
            },
            other => Reply::Failed(format!("malformed frame: unknown type {other}")),
        };
        let failed = matches!(r, Reply::Failed(_));
        if tx.send(r).is_err() || failed {
            return;
        }
    };
    let _ = tx.send(reply);
}

impl External {
    fn fail(&self, what: &str) -> EngineError {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(why) = &*failed {
            return EngineError::Protocol(why.clone());
        }
        let what = format!("external engine `{}` {what}", self.spec.name);
        let e = match self
            .process
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            Some(p) => p.fail(&what),
            None => EngineError::Protocol(what),
        };
        *failed = Some(e.to_string());
        e
    }

    /// Fails if the engine has failed, or sent a reply nobody asked for.
    fn check(&self) -> Result<(), EngineError> {
        if let Some(why) = &*self.failed.lock().unwrap_or_else(|e| e.into_inner()) {
            return Err(EngineError::Protocol(why.clone()));
        }
        match self.replies.try_recv() {
            Err(_) => Ok(()),
            Ok(Reply::Failed(why)) => Err(self.fail(&why)),
            Ok(_) => Err(self.fail("sent a reply nobody asked for")),
        }
    }

    fn send(&self, kind: u8, body: &[u8]) -> Result<(), EngineError> {
        let mut frame = Vec::with_capacity(5 + body.len());
        frame.extend_from_slice(&(body.len() as u32 + 1).to_le_bytes());
        frame.push(kind);
        frame.extend_from_slice(body);
        self.send_frame(&frame)
    }

    /// Sends a whole frame in one write.
    fn send_frame(&self, frame: &[u8]) -> Result<(), EngineError> {
        self.check()?;
        let mut s = self.stream.lock().unwrap_or_else(|e| e.into_inner());
        s.write_all(frame)
            .map_err(|e| self.fail(&format!("connection: {e}")))
    }

    fn ask(&self, kind: u8, body: &[u8], what: &str) -> Result<Reply, EngineError> {
        self.send(kind, body)?;
        let timeout = self.spec.reply_timeout;
        match self.replies.recv_timeout(timeout) {
            Ok(Reply::Failed(why)) => Err(self.fail(&why)),
            Ok(r) => Ok(r),
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => Err(self.fail(&format!(
                "did not answer {what} within {:.0} s",
                timeout.as_secs_f64()
            ))),
            Err(_) => Err(self.fail("closed the connection")),
        }
    }

    fn unexpected(&self, what: &str) -> EngineError {
        self.fail(&format!("answered {what} with the wrong frame"))
    }
}

impl Engine for External {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        let mut frame = std::mem::take(&mut self.frame);
        // Frames of at most CHUNK events: the engine starts on one while the next is
        // encoded, rather than waiting for a whole 50 k-event batch to arrive.
        let sent = events.chunks(CHUNK).try_for_each(|chunk| {
            frame::encode_events(&mut frame, chunk);
            self.send_frame(&frame.buf)
        });
        self.frame = frame;
        sent
    }

    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        let body = frame::encode_times(&[watermark, scheduled]);
        self.send(to_engine::WATERMARK, &body)
    }

    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError> {
        let body = frame::encode_times(&[scheduled]);
        match self.ask(to_engine::FINISH, &body, "finish")? {
            Reply::Done => Ok(()),
            _ => Err(self.unexpected("finish")),
        }
    }

    fn stats(&self) -> EngineStats {
        let mut last = self.last_stats.lock().unwrap_or_else(|e| e.into_inner());
        if let Ok(Reply::Stats(s)) = self.ask(to_engine::STATS, &[], "stats") {
            *last = s;
        }
        *last
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        if !self.capabilities.snapshots {
            let name = &self.spec.name;
            return Err(EngineError::Unsupported(format!("{name} has no snapshots")));
        }
        match self.ask(to_engine::SNAPSHOT, &[], "snapshot")? {
            Reply::State(s) => Ok(s),
            _ => Err(self.unexpected("snapshot")),
        }
    }

    fn restore(&mut self, snapshot: &[u8]) -> Result<(), EngineError> {
        if !self.capabilities.snapshots {
            let name = &self.spec.name;
            return Err(EngineError::Unsupported(format!("{name} has no snapshots")));
        }
        let mut body = Encoder::default();
        body.bytes(snapshot);
        match self.ask(to_engine::RESTORE, &body.buf, "restore")? {
            Reply::Done => Ok(()),
            _ => Err(self.unexpected("restore")),
        }
    }

    fn kill_member(&mut self) -> Result<crate::Recovered, EngineError> {
        if !self.capabilities.own_recovery {
            let name = &self.spec.name;
            return Err(EngineError::Unsupported(format!(
                "{name} does not recover from the kill of one of its processes"
            )));
        }
        match self.ask(to_engine::KILL, &[], "kill")? {
            Reply::Recovered(r) => Ok(r),
            _ => Err(self.unexpected("kill")),
        }
    }

    fn kill(&mut self) {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        *failed = Some(format!("{} was killed (an injected crash)", self.spec.name));
        if let Some(p) = self
            .process
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            p.kill();
        }
    }
}

impl Drop for External {
    fn drop(&mut self) {
        let ok = self.failed.get_mut().is_ok_and(|f| f.is_none());
        let stream = self.stream.get_mut().unwrap_or_else(|e| e.into_inner());
        let process = self.process.get_mut().unwrap_or_else(|e| e.into_inner());
        match (ok, self.keep.take(), process.take()) {
            // The run went well: the process ends it and waits for the next.
            (true, Some((hello, listener)), Some(p)) => {
                keeper::give_back(self.spec, p, stream, hello, listener)
            }
            // The engine sees the end of its input and exits; `Process` kills it if it does
            // not.
            _ => {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
    }
}
