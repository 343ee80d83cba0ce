//! External engine processes kept between runs. Starting one can cost far more than a
//! short run (a JVM and a Flink MiniCluster: about 5 s, against a 1 s run), so an engine
//! whose `hello` declares flag 32 (`REUSABLE`) is kept after a run that ended well: its
//! connection is closed, and once it has ended its run (a job it still ran cancelled and
//! gone) it connects again to the same address and says `hello`, and waits, idle, for the
//! next run of the same engine. A run that failed, or was killed by an injected crash,
//! never gives its process back, and every kept process goes when streambench ends
//! ([`release_kept`]) or dies (it dies with the thread that started it, which lives as
//! long as streambench).
//!
//! Which runs may share a process is said in one place, [`may_share`].

use super::frame::{flags, Hello};
use super::process::Process;
use super::spec::read_hello;
use super::ExternalSpec;
use crate::{EngineError, EngineOptions};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Mutex;

/// A process connected to the harness, said `hello`, and ready for `start`.
pub(super) struct Connected {
    pub process: Process,
    pub stream: TcpStream,
    pub hello: Hello,
    /// The address it connects to again after its run, if it may be kept.
    pub listener: Option<TcpListener>,
}

/// Whether a run may take a kept process, and give it back after: any run in one process
/// of an engine that declares it reusable, and no run of a cluster (a member of a
/// multi-process run, or an engine's own cluster, setting `processes`), whose processes
/// are started, placed and sized for that run. An engine setting may change how the
/// engine deploys itself, so a run with settings gets a process of its own too.
pub fn may_share(options: &EngineOptions) -> bool {
    options.cluster.is_none() && options.settings.is_empty()
}

/// The processes waiting for a run: at most one per engine (a run uses one at a time).
static IDLE: Mutex<Vec<(&'static ExternalSpec, Connected)>> = Mutex::new(Vec::new());

/// A process for one run of `spec`: the one kept from an earlier run if `share` and one is
/// idle and alive, else a new one (started so that it can be kept if `share`).
pub(super) fn connect(spec: &'static ExternalSpec, share: bool) -> Result<Connected, EngineError> {
    if share {
        let mut idle = IDLE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = idle.iter().position(|(s, _)| *s == spec) {
            let (_, mut kept) = idle.swap_remove(i);
            drop(idle);
            if kept.process.alive() {
                return Ok(kept);
            }
            // It died while idle: a new one takes the run (the old one is reaped on drop).
        }
        let (mut process, mut stream, listener) = Process::start_kept(spec)?;
        let hello = read_hello(spec, &mut process, &mut stream)?;
        let listener = (hello.flags & flags::REUSABLE != 0).then_some(listener);
        return Ok(Connected {
            process,
            stream,
            hello,
            listener,
        });
    }
    let (mut process, mut stream) = Process::start(spec)?;
    let hello = read_hello(spec, &mut process, &mut stream)?;
    Ok(Connected {
        process,
        stream,
        hello,
        listener: None,
    })
}

/// Ends a run that went well: closes its connection and, if the process may be kept,
/// waits (up to the connect timeout) for it to connect again and say the same `hello`,
/// which means it has ended the run, then keeps it for the next run. Waiting here keeps
/// its clean-up out of whatever runs next. A process that does not come back, or that
/// finds another one already kept, is ended (`Process` gives it a moment, then kills it).
pub(super) fn give_back(
    spec: &'static ExternalSpec,
    mut process: Process,
    stream: &TcpStream,
    hello: Hello,
    listener: TcpListener,
) {
    let _ = stream.shutdown(Shutdown::Both);
    let back = process.accept(&listener, spec).and_then(|mut again| {
        let h = read_hello(spec, &mut process, &mut again)?;
        Ok((again, h))
    });
    let mut idle = IDLE.lock().unwrap_or_else(|e| e.into_inner());
    match back {
        Ok((again, h)) if h == hello && idle.iter().all(|(s, _)| *s != spec) => {
            let kept = Connected {
                process,
                stream: again,
                hello,
                listener: Some(listener),
            };
            idle.push((spec, kept));
        }
        // Closed first, so the process cannot connect again in its grace period.
        _ => drop(listener),
    }
}

/// Ends every kept process: each reads the end of its connection, finds the address closed
/// and exits, cleaning up after itself (`Process` kills one that takes more than a moment).
/// Called when streambench's command has ended.
pub fn release_kept() {
    let idle = std::mem::take(&mut *IDLE.lock().unwrap_or_else(|e| e.into_inner()));
    for (_, mut kept) in idle {
        let _ = kept.stream.shutdown(Shutdown::Both);
        // Closed before the process's grace period starts, so it cannot connect again.
        drop(kept.listener.take());
    }
}
