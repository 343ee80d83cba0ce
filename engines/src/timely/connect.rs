//! Connecting the processes of a timely cluster.
//!
//! timely's own setup polls for peers once a second and prints to stdout while it waits,
//! which would add up to a second to every run and mix its messages into the harness's
//! output. This makes the same connections (each process connects to every lower index and
//! accepts every higher one, after announcing its index) with short retries and a deadline,
//! then hands the sockets to timely.

use crate::{Cluster, EngineError};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::ProcessBuilder;
use timely::communication::logging::{
    CommunicationEvent, CommunicationEventBuilder, CommunicationSetup,
};
use timely::communication::{AllocatorBuilder, Hooks};
use timely::logging_core::Logger;

/// Bytes of a message header on the wire (six `usize` fields).
const HEADER_BYTES: usize = 6 * std::mem::size_of::<u64>();

/// How long a process waits for all its peers before giving up.
const DEADLINE: Duration = Duration::from_secs(60);
const RETRY: Duration = Duration::from_millis(5);

fn worker_error(msg: String) -> EngineError {
    EngineError::Worker(msg)
}

/// One socket per peer (`None` for this process), connected as timely expects.
fn sockets(cluster: &Cluster) -> Result<Vec<Option<TcpStream>>, EngineError> {
    let me = cluster.process;
    let n = cluster.processes();
    let deadline = Instant::now() + DEADLINE;
    // Listen before connecting, so peers connecting to us find the port open.
    let listener = TcpListener::bind(&cluster.addresses[me])
        .map_err(|e| worker_error(format!("cannot listen on {}: {e}", cluster.addresses[me])))?;
    let mut sockets: Vec<Option<TcpStream>> = (0..n).map(|_| None).collect();
    for (peer, address) in cluster.addresses.iter().enumerate().take(me) {
        let mut stream = loop {
            match TcpStream::connect(address) {
                Ok(s) => break s,
                Err(e) if Instant::now() > deadline => {
                    return Err(worker_error(format!(
                        "cannot connect to process {peer} at {address}: {e}"
                    )))
                }
                Err(_) => std::thread::sleep(RETRY),
            }
        };
        stream
            .set_nodelay(true)
            .and_then(|_| stream.write_all(&(me as u64).to_be_bytes()))
            .map_err(|e| worker_error(format!("process {peer} at {address}: {e}")))?;
        sockets[peer] = Some(stream);
    }
    listener
        .set_nonblocking(true)
        .map_err(|e| worker_error(e.to_string()))?;
    while sockets[me + 1..].iter().any(Option::is_none) {
        match listener.accept() {
            Ok((mut stream, from)) => {
                let mut id = [0u8; 8];
                stream
                    .set_nonblocking(false)
                    .and_then(|_| stream.set_nodelay(true))
                    .and_then(|_| stream.read_exact(&mut id))
                    .map_err(|e| worker_error(format!("peer at {from}: {e}")))?;
                let peer = u64::from_be_bytes(id) as usize;
                if peer <= me || peer >= n || sockets[peer].is_some() {
                    return Err(worker_error(format!(
                        "unexpected peer at {from} calling itself process {peer}"
                    )));
                }
                sockets[peer] = Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() > deadline {
                    let missing: Vec<String> = (me + 1..n)
                        .filter(|&p| sockets[p].is_none())
                        .map(|p| p.to_string())
                        .collect();
                    return Err(worker_error(format!(
                        "process(es) {} did not connect within {} s",
                        missing.join(", "),
                        DEADLINE.as_secs()
                    )));
                }
                std::thread::sleep(RETRY);
            }
            Err(e) => return Err(worker_error(format!("accepting peers: {e}"))),
        }
    }
    Ok(sockets)
}

/// The allocators of this process's `threads` workers in the cluster, plus the guard that
/// keeps the network threads alive.
pub fn allocators(
    cluster: &Cluster,
    threads: usize,
) -> Result<(Vec<AllocatorBuilder>, Box<dyn std::any::Any + Send>), EngineError> {
    let sockets = sockets(cluster)?;
    // Each send thread's logger counts the bytes of the messages it sends (header and
    // payload); its buffer is flushed when the thread ends with the run.
    let log_fn = Arc::new(|setup: CommunicationSetup| {
        setup.sender.then(|| {
            Logger::<CommunicationEventBuilder>::new(
                Instant::now(),
                Duration::ZERO,
                |_: &Duration, batch: &mut Option<Vec<(Duration, CommunicationEvent)>>| {
                    for (_, event) in batch.iter().flatten() {
                        if let CommunicationEvent::Message(m) = event {
                            if m.is_send {
                                crate::exchange::add_sent((m.header.length + HEADER_BYTES) as u64);
                            }
                        }
                    }
                },
            )
        })
    });
    let hooks = Hooks {
        log_fn,
        ..Hooks::default()
    };
    let process =
        ProcessBuilder::new_typed_vector(threads, hooks.refill.clone(), hooks.spill.clone());
    let (builders, guard) =
        initialize_networking_from_sockets(process, sockets, cluster.process, threads, hooks)
            .map_err(|e| worker_error(format!("timely networking: {e}")))?;
    Ok((
        builders.into_iter().map(AllocatorBuilder::Tcp).collect(),
        Box::new(guard),
    ))
}
