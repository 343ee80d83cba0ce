//! What the coordinator and its member processes say to each other: one JSON message per
//! line over a TCP connection the member opens. A line is bounded ([`MAX_LINE`]), so a peer
//! that sends endless bytes without a newline costs a bounded buffer, not all memory.

use crate::measure::Record;
use crate::suite::SuiteSource;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
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
    /// The crashes to inject, when the suite asks for any.
    pub faults: Option<JobFaults>,
}

/// A multi-process run's crashes, as every member needs to know them: at each, the
/// coordinator kills one member with `SIGKILL` and starts a new one, and every member
/// builds its engine again, in a new cluster on the next set of addresses.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JobFaults {
    /// Clock times of the crashes, ascending.
    pub crash_at: Vec<workloads::Time>,
    /// The process killed at each crash.
    pub victims: Vec<usize>,
    /// Where each process listens after each crash.
    pub restarts: Vec<Vec<String>>,
    /// The sink's guarantee.
    pub guarantee: reports::Guarantee,
    /// For a member started to replace a killed one: the crashes already injected (it
    /// joins the cluster built after the last of them, and replays from the beginning).
    pub rejoin: usize,
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
    /// Another process failed: abandon this run (now or when it ends) and say `Idle`.
    Abandon,
    /// No more runs: exit.
    Bye,
    /// The coordinator does not admit this member, and says why (exit 2).
    Refused(String),
}

/// The protocol's version: a member of another streambench build is turned away with a
/// message instead of being misunderstood.
pub const VERSION: u32 = 3;

/// The longest message line. A member's record (histograms and time series) is the largest
/// message, well under this.
pub const MAX_LINE: usize = 64 << 20;

/// The longest first line of a connection: a hello is small, so a stranger cannot make the
/// coordinator buffer more than this before it is judged.
pub const MAX_HELLO: usize = 4096;

/// A member's introduction.
#[derive(Debug, Serialize, Deserialize)]
pub struct Hello {
    /// [`VERSION`] of the member's build.
    pub version: u32,
    /// Which process this is.
    pub process: usize,
    /// The suite's one-time token, which only members the user (or the coordinator) started
    /// know.
    pub token: String,
}

/// From a member.
#[derive(Debug, Serialize, Deserialize)]
pub enum ToCoordinator {
    /// First message: which process this is.
    Hello(Hello),
    /// The engine is built and connected to its peers.
    Ready,
    /// Wall clock, ns since the Unix epoch.
    Pong(u64),
    /// The run finished: this process's measurement record.
    Done(Box<Record>),
    /// The run failed in this process.
    Failed(String),
    /// Back to waiting for a run, after `Abandon`.
    Idle,
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
        if read_line(&mut self.reader, &mut self.line, MAX_LINE)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        serde_json::from_str(&self.line).map_err(std::io::Error::other)
    }
}

/// Reads one line into `line` (cleared first), refusing one longer than `max` bytes or not
/// UTF-8; `Ok(0)` at the end of the stream.
pub fn read_line(from: &mut impl BufRead, line: &mut String, max: usize) -> std::io::Result<usize> {
    line.clear();
    let mut bytes = Vec::new();
    // One byte over the limit is enough to know the line is too long.
    let n = from.take(max as u64 + 1).read_until(b'\n', &mut bytes)?;
    if n > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a message longer than {max} bytes"),
        ));
    }
    *line = String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a message that is not text",
        )
    })?;
    Ok(n)
}

/// Wall clock now, ns since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_bounded() {
        let mut line = String::new();
        let mut ok = &b"{}\nrest"[..];
        assert_eq!(read_line(&mut ok, &mut line, 8).unwrap(), 3);
        assert_eq!(line, "{}\n");
        let mut long = &[b'x'; 100][..];
        let e = read_line(&mut long, &mut line, 8).unwrap_err();
        assert_eq!(e.to_string(), "a message longer than 8 bytes");
        let mut binary = &b"\xff\xfe\n"[..];
        let e = read_line(&mut binary, &mut line, 8).unwrap_err();
        assert_eq!(e.to_string(), "a message that is not text");
        assert_eq!(read_line(&mut &b""[..], &mut line, 8).unwrap(), 0);
    }
}
