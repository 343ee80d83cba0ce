//! What the coordinator and its member processes say to each other: one JSON message per
//! line over a TCP connection the member opens.

use crate::measure::Record;
use crate::suite::SuiteSource;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

/// One run for the members to take part in: enough to generate the same stream everywhere.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Job {
    /// The suite, as the coordinator read it.
    pub suite: SuiteSource,
    /// Engine name.
    pub engine: String,
    /// Workload name.
    pub workload: String,
    /// Offered rate.
    pub rate: f64,
    /// Distinct keys.
    pub keys: u64,
    /// Worker threads per process.
    pub workers: usize,
    /// Where each process listens for its peers.
    pub addresses: Vec<String>,
}

/// From the coordinator.
#[derive(Debug, Serialize, Deserialize)]
pub enum ToMember {
    /// Prepare this run and build the engine (which connects to its peers).
    Prepare(Box<Job>),
    /// Reply with your wall clock (for the clock offset).
    Ping,
    /// Start the schedule at this wall-clock time (ns since the Unix epoch, in the member's
    /// own clock: the coordinator has applied the measured offset).
    Start(u64),
    /// No more runs: exit.
    Bye,
}

/// From a member.
#[derive(Debug, Serialize, Deserialize)]
pub enum ToCoordinator {
    /// First message: which process this is.
    Hello(usize),
    /// The engine is built and connected to its peers.
    Ready,
    /// Wall clock, ns since the Unix epoch.
    Pong(u64),
    /// The run finished: this process's measurement record.
    Done(Box<Record>),
    /// The run failed in this process.
    Failed(String),
}

/// A message connection.
pub struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    line: String,
}

impl Conn {
    /// Wraps a connected stream.
    pub fn new(stream: TcpStream) -> std::io::Result<Self> {
        stream.set_nodelay(true)?;
        Ok(Conn {
            writer: stream.try_clone()?,
            reader: BufReader::new(stream),
            line: String::new(),
        })
    }

    /// Sends one message.
    pub fn send<T: Serialize>(&mut self, msg: &T) -> std::io::Result<()> {
        let mut text = serde_json::to_string(msg).map_err(std::io::Error::other)?;
        text.push('\n');
        self.writer.write_all(text.as_bytes())
    }

    /// Waits for the next message; an error when the peer has gone or sent nonsense.
    pub fn recv<T: DeserializeOwned>(&mut self) -> std::io::Result<T> {
        self.line.clear();
        if self.reader.read_line(&mut self.line)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        serde_json::from_str(&self.line).map_err(std::io::Error::other)
    }
}

/// Wall clock now, ns since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}
