//! The wire protocol's frames (`docs/protocol.md`): a little-endian length, a type byte and
//! a body of 8-byte integers and length-prefixed byte strings, the same encoding snapshots
//! use ([`crate::codec`]), so one description covers both.

use crate::codec::{Decoder, Encoder};
use crate::{EngineError, EngineStats};
use std::io::{Read, Write};
use workloads::Time;

pub use super::records::{decode_events, decode_outputs, encode_events, encode_outputs};

/// The protocol version this build speaks; an engine saying another in `hello` is refused.
pub const VERSION: u64 = 1;

/// The largest frame either side accepts, in bytes (type byte and body).
pub const MAX_FRAME: usize = 64 << 20;

/// Frame types, engine to harness.
pub mod from_engine {
    /// First frame: version, name, workloads, flags.
    pub const HELLO: u8 = 1;
    /// A batch of results.
    pub const OUTPUTS: u8 = 2;
    /// Reply to `finish` and `restore`.
    pub const DONE: u8 = 3;
    /// Reply to `stats`.
    pub const STATS: u8 = 4;
    /// Reply to `snapshot`: the state bytes.
    pub const STATE: u8 = 5;
    /// The engine cannot go on; the body is the message.
    pub const ERROR: u8 = 6;
    /// Reply to `kill`: where the engine restarted from.
    pub const RECOVERED: u8 = 7;
}

/// Frame types, harness to engine.
pub mod to_engine {
    /// The run: workload, parameters, settings, workers, cluster, run id.
    pub const START: u8 = 16;
    /// A batch of events.
    pub const EVENTS: u8 = 17;
    /// A watermark and its scheduled time.
    pub const WATERMARK: u8 = 18;
    /// End of input.
    pub const FINISH: u8 = 19;
    /// Asks for `stats`.
    pub const STATS: u8 = 20;
    /// Asks for the state.
    pub const SNAPSHOT: u8 = 21;
    /// Replaces the state.
    pub const RESTORE: u8 = 22;
    /// Kill one of your own processes and recover (flag 64).
    pub const KILL: u8 = 23;
}

/// `hello`'s flag bits.
pub mod flags {
    /// `workers` sets the engine's threads.
    pub const WORKERS: u64 = 1;
    /// `snapshot` and `restore` work.
    pub const SNAPSHOTS: u64 = 2;
    /// The engine runs as several processes.
    pub const MULTI_PROCESS: u64 = 4;
    /// The engine answers `start` with `done` once it is ready for events (an engine that
    /// deploys a job first), so the run's schedule starts on a running engine.
    pub const READY: u64 = 8;
    /// The engine starts its own processes for `--processes N` (setting `processes`).
    pub const OWN_CLUSTER: u64 = 16;
    /// After a run's connection ends, the engine connects again for the next run (see
    /// `keeper`), so one process serves the runs that may share it.
    pub const REUSABLE: u64 = 32;
    /// With `--processes N` and a checkpoint interval, the engine takes checkpoints of its
    /// own and answers `kill` by killing one of its processes and recovering from them.
    pub const OWN_RECOVERY: u64 = 64;
}

/// What an engine says first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hello {
    /// Protocol version.
    pub version: u64,
    /// The engine's own name for itself.
    pub name: String,
    /// Catalog workloads it runs.
    pub workloads: Vec<String>,
    /// [`flags`] bits.
    pub flags: u64,
}

/// The run, as `start` carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Start {
    /// Catalog workload name.
    pub workload: String,
    /// The workload's parameters.
    pub parameters: Vec<(String, String)>,
    /// Engine settings.
    pub settings: Vec<(String, String)>,
    /// Worker threads.
    pub workers: u64,
    /// This process's index in a cluster (0 alone).
    pub process: u64,
    /// Every process's peer address (empty alone).
    pub peers: Vec<String>,
    /// A name for the run, for the engine's logs.
    pub run_id: String,
}

/// Writes one frame: length, type, body, in one write (a frame is never split into a small
/// header packet and its body).
pub fn write_frame(w: &mut impl Write, kind: u8, body: &[u8]) -> std::io::Result<()> {
    let mut frame = Vec::with_capacity(5 + body.len());
    frame.extend_from_slice(&(body.len() as u32 + 1).to_le_bytes());
    frame.push(kind);
    frame.extend_from_slice(body);
    w.write_all(&frame)
}

/// Reads one frame into `buf` (type byte first); `Ok(false)` at a clean end of stream.
pub fn read_frame(r: &mut impl Read, buf: &mut Vec<u8>) -> Result<bool, EngineError> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
        Err(e) => return Err(EngineError::Protocol(format!("connection: {e}"))),
    }
    let n = u32::from_le_bytes(len) as usize;
    if n == 0 || n > MAX_FRAME {
        return Err(EngineError::Protocol(format!(
            "malformed frame: length {n} (1 to {MAX_FRAME} bytes)"
        )));
    }
    // Not cleared first: only bytes beyond the previous frame's length get zeroed, and
    // read_exact overwrites every byte anyway.
    buf.resize(n, 0);
    r.read_exact(buf)
        .map_err(|e| EngineError::Protocol(format!("connection ended inside a frame: {e}")))?;
    Ok(true)
}

/// A decoding error as a protocol error naming the frame.
pub fn malformed(frame: &str) -> impl Fn(EngineError) -> EngineError + '_ {
    move |e| {
        let why = match e {
            EngineError::Snapshot(m) => m,
            other => other.to_string(),
        };
        EngineError::Protocol(format!("malformed {frame} frame: {why}"))
    }
}

fn string(d: &mut Decoder) -> Result<String, EngineError> {
    String::from_utf8(d.bytes()?.to_vec())
        .map_err(|_| EngineError::Snapshot("a string is not UTF-8".into()))
}

fn strings(e: &mut Encoder, items: &[String]) {
    e.u64(items.len() as u64);
    items.iter().for_each(|s| e.bytes(s.as_bytes()));
}

fn pairs(e: &mut Encoder, items: &[(String, String)]) {
    e.u64(items.len() as u64);
    for (k, v) in items {
        e.bytes(k.as_bytes());
        e.bytes(v.as_bytes());
    }
}

impl Hello {
    /// The body of a `hello` frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.u64(self.version);
        e.bytes(self.name.as_bytes());
        strings(&mut e, &self.workloads);
        e.u64(self.flags);
        e.buf
    }

    /// Reads a `hello` body.
    pub fn decode(body: &[u8]) -> Result<Hello, EngineError> {
        let d = &mut Decoder::new(body);
        let read = |d: &mut Decoder| -> Result<Hello, EngineError> {
            let version = d.u64()?;
            let name = string(d)?;
            let n = d.len(8)?;
            let workloads = (0..n).map(|_| string(d)).collect::<Result<_, _>>()?;
            let flags = d.u64()?;
            Ok(Hello {
                version,
                name,
                workloads,
                flags,
            })
        };
        let hello = read(d).map_err(malformed("hello"))?;
        Ok(hello)
    }
}

impl Start {
    /// The body of a `start` frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.bytes(self.workload.as_bytes());
        pairs(&mut e, &self.parameters);
        pairs(&mut e, &self.settings);
        e.u64(self.workers);
        e.u64(self.process);
        strings(&mut e, &self.peers);
        e.bytes(self.run_id.as_bytes());
        e.buf
    }
}

/// Two times: a `watermark` body (watermark, scheduled).
pub fn encode_times(times: &[Time]) -> Vec<u8> {
    let mut e = Encoder::default();
    times.iter().for_each(|t| e.u64(*t));
    e.buf
}

/// Reads a `stats` body.
pub fn decode_stats(body: &[u8]) -> Result<EngineStats, EngineError> {
    let d = &mut Decoder::new(body);
    let read = |d: &mut Decoder| -> Result<EngineStats, EngineError> {
        Ok(EngineStats {
            state_bytes: d.u64()?,
            late_events: d.u64()?,
        })
    };
    read(d).map_err(malformed("stats"))
}

/// Reads a `recovered` body: events and watermarks before the restored cut, its age in ns
/// (2^64 - 1: none, the beginning of the stream) and its bytes.
pub fn decode_recovered(body: &[u8]) -> Result<crate::Recovered, EngineError> {
    let d = &mut Decoder::new(body);
    let read = |d: &mut Decoder| -> Result<crate::Recovered, EngineError> {
        Ok(crate::Recovered {
            events: d.u64()?,
            watermarks: d.u64()?,
            age: Some(d.u64()?).filter(|&a| a != u64::MAX),
            bytes: d.u64()?,
        })
    };
    read(d).map_err(malformed("recovered"))
}

/// Reads a body holding one byte string (`state`, `error`).
pub fn decode_bytes(body: &[u8], frame: &str) -> Result<Vec<u8>, EngineError> {
    let d = &mut Decoder::new(body);
    d.bytes().map(<[u8]>::to_vec).map_err(malformed(frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::{Event, Input, Output};

    #[test]
    fn frames_round_trip_and_bad_lengths_are_refused() {
        let hello = Hello {
            version: VERSION,
            name: "py".into(),
            workloads: vec!["stateless".into(), "nexmark-q7".into()],
            flags: flags::WORKERS | flags::SNAPSHOTS,
        };
        let mut wire = Vec::new();
        write_frame(&mut wire, from_engine::HELLO, &hello.encode()).unwrap();
        let (mut r, mut buf) = (&wire[..], Vec::new());
        assert!(read_frame(&mut r, &mut buf).unwrap());
        assert_eq!(buf[0], from_engine::HELLO);
        assert_eq!(Hello::decode(&buf[1..]).unwrap(), hello);
        assert!(!read_frame(&mut r, &mut buf).unwrap(), "clean end");
        // A truncated hello, an oversized and an empty frame.
        let err = Hello::decode(&buf[1..9]).unwrap_err().to_string();
        assert!(err.starts_with("malformed hello frame: "), "{err}");
        for len in [0u32, MAX_FRAME as u32 + 1] {
            let bytes = len.to_le_bytes();
            let err = read_frame(&mut &bytes[..], &mut buf).unwrap_err();
            assert!(err.to_string().contains("malformed frame: length"), "{err}");
        }
        let mut e = Encoder::default();
        let input = Input {
            scheduled: 7,
            event: Event::new(5, 3, -2),
        };
        encode_events(&mut e, std::slice::from_ref(&input));
        // One whole frame: length, type, count, then 40 bytes per payload-free event.
        assert_eq!(e.buf.len(), 5 + 8 + 40);
        assert!(read_frame(&mut &e.buf[..], &mut buf).unwrap());
        assert_eq!(buf[0], to_engine::EVENTS);
        // The one-copy path writes what the field-by-field one does, and events with and
        // without payloads read back.
        let d = &mut Decoder::new(&buf[1..]);
        assert_eq!((d.u64().unwrap(), d.u64().unwrap()), (1, 7));
        assert_eq!(d.event().unwrap(), input.event);
        let mut with = input.clone();
        with.event.payload = workloads::Payload::Bytes(std::sync::Arc::new(vec![1, 2, 3]));
        let inputs = vec![input.clone(), with, input.clone()];
        encode_events(&mut e, &inputs);
        let mut back = Vec::new();
        decode_events(&e.buf[5..], &mut back).unwrap();
        assert_eq!(back, inputs);
        let err = decode_events(&e.buf[5..e.buf.len() - 1], &mut back).unwrap_err();
        assert!(
            err.to_string().starts_with("malformed events frame: "),
            "{err}"
        );
        let mut long = e.buf[5..].to_vec();
        long.push(0);
        let err = decode_events(&long, &mut back).unwrap_err();
        assert!(
            err.to_string().contains("1 bytes after the last record"),
            "{err}"
        );
        // Results read back without cause or latest time.
        let mut out = Vec::new();
        let results: Vec<Output> = inputs
            .iter()
            .map(|i| Output {
                event: i.event.clone(),
                cause: 3,
                latest: 4,
            })
            .collect();
        encode_outputs(&mut e, &results);
        assert!(read_frame(&mut &e.buf[..], &mut buf).unwrap());
        assert_eq!(buf[0], from_engine::OUTPUTS);
        decode_outputs(&buf[1..], &mut out).unwrap();
        assert_eq!(out.len(), 3);
        assert!(out.iter().zip(&inputs).all(|(o, i)| o.event == i.event));
        assert!(out.iter().all(|o| (o.cause, o.latest) == (0, 0)));
    }
}
