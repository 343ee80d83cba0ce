//! The wire protocol's frames (`docs/protocol.md`): a little-endian length, a type byte and
//! a body of 8-byte integers and length-prefixed byte strings, the same encoding snapshots
//! use ([`crate::codec`]), so one description covers both.

use crate::codec::{Decoder, Encoder};
use crate::{EngineError, EngineStats};
use std::io::{Read, Write};
use workloads::{Event, Input, Output, Time};

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
}

/// `hello`'s flag bits.
pub mod flags {
    /// `workers` sets the engine's threads.
    pub const WORKERS: u64 = 1;
    /// `snapshot` and `restore` work.
    pub const SNAPSHOTS: u64 = 2;
    /// The engine runs as several processes.
    pub const MULTI_PROCESS: u64 = 4;
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

/// Writes a whole `events` frame for `events` into `e` (cleared first): header and body, so
/// the frame goes out in one write.
pub fn encode_events(e: &mut Encoder, events: &[Input]) {
    e.buf.clear();
    // Payload-free events take 40 bytes each: reserve for them at once.
    e.buf.reserve(5 + 8 + 40 * events.len());
    e.buf.extend_from_slice(&[0, 0, 0, 0, to_engine::EVENTS]);
    e.u64(events.len() as u64);
    for i in events {
        match &i.event.payload {
            // The common case in one copy: scheduled, time, key, value, payload tag 0.
            workloads::Payload::None => {
                let mut bytes = [0u8; 40];
                bytes[..8].copy_from_slice(&i.scheduled.to_le_bytes());
                bytes[8..16].copy_from_slice(&i.event.time.to_le_bytes());
                bytes[16..24].copy_from_slice(&i.event.key.to_le_bytes());
                bytes[24..32].copy_from_slice(&i.event.value.to_le_bytes());
                e.buf.extend_from_slice(&bytes);
            }
            _ => {
                e.u64(i.scheduled);
                e.event(&i.event);
            }
        }
    }
    let len = (e.buf.len() - 4) as u32;
    e.buf[..4].copy_from_slice(&len.to_le_bytes());
}

/// Writes a whole `outputs` frame for `outputs` into `e` (cleared first): what a Rust
/// engine behind the protocol sends, in one write.
pub fn encode_outputs(e: &mut Encoder, outputs: &[Output]) {
    e.buf.clear();
    e.buf.reserve(5 + 8 + 32 * outputs.len());
    e.buf.extend_from_slice(&[0, 0, 0, 0, from_engine::OUTPUTS]);
    e.u64(outputs.len() as u64);
    for o in outputs {
        match &o.event.payload {
            workloads::Payload::None => {
                let mut bytes = [0u8; 32];
                bytes[..8].copy_from_slice(&o.event.time.to_le_bytes());
                bytes[8..16].copy_from_slice(&o.event.key.to_le_bytes());
                bytes[16..24].copy_from_slice(&o.event.value.to_le_bytes());
                e.buf.extend_from_slice(&bytes);
            }
            _ => e.event(&o.event),
        }
    }
    let len = (e.buf.len() - 4) as u32;
    e.buf[..4].copy_from_slice(&len.to_le_bytes());
}

/// Two times: a `watermark` body (watermark, scheduled).
pub fn encode_times(times: &[Time]) -> Vec<u8> {
    let mut e = Encoder::default();
    times.iter().for_each(|t| e.u64(*t));
    e.buf
}

/// The `u64` at `at` of `b`, which holds at least `at + 8` bytes.
fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Reads the records of an `events` body (`fixed` = 40: scheduled, time, key, value,
/// payload tag) or an `outputs` body (32: the same without scheduled), handing each event
/// and its scheduled time (0 for outputs) to `push`.
/// Payload-free records, the common case, are read at fixed offsets without a decoder.
fn decode_list(
    body: &[u8],
    fixed: usize,
    mut push: impl FnMut(u64, Event),
) -> Result<(), EngineError> {
    let d = &mut Decoder::new(body);
    let n = d.len(fixed)?;
    let head = fixed - 32; // 8 for events (the scheduled time), 0 for outputs
    let mut at = 8;
    for _ in 0..n {
        if body.len() >= at + fixed && u64_at(body, at + fixed - 8) == 0 {
            let scheduled = if head == 8 { u64_at(body, at) } else { 0 };
            let (t, k, v) = (at + head, at + head + 8, at + head + 16);
            let event = Event::new(u64_at(body, t), u64_at(body, k), u64_at(body, v) as i64);
            push(scheduled, event);
            at += fixed;
        } else {
            let d = &mut Decoder::new(&body[at..]);
            let scheduled = if head == 8 { d.u64()? } else { 0 };
            let event = d.event()?;
            at = body.len() - d.remaining();
            push(scheduled, event);
        }
    }
    if at != body.len() {
        return Err(EngineError::Snapshot(format!(
            "{} bytes after the last record",
            body.len() - at
        )));
    }
    Ok(())
}

/// Reads an `events` body into `out` (what a Rust engine behind the protocol needs).
pub fn decode_events(body: &[u8], out: &mut Vec<Input>) -> Result<(), EngineError> {
    decode_list(body, 40, |scheduled, event| {
        out.push(Input { scheduled, event })
    })
    .map_err(malformed("events"))
}

/// Reads an `outputs` body into `out`, as results without cause or latest time (the
/// harness takes both from the reference).
pub fn decode_outputs(body: &[u8], out: &mut Vec<Output>) -> Result<(), EngineError> {
    decode_list(body, 32, |_, event| {
        out.push(Output {
            event,
            cause: 0,
            latest: 0,
        })
    })
    .map_err(malformed("outputs"))
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

/// Reads a body holding one byte string (`state`, `error`).
pub fn decode_bytes(body: &[u8], frame: &str) -> Result<Vec<u8>, EngineError> {
    let d = &mut Decoder::new(body);
    d.bytes().map(<[u8]>::to_vec).map_err(malformed(frame))
}

#[cfg(test)]
mod tests {
    use super::*;

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
