//! The records of `events` and `outputs` frames (`docs/protocol.md`): payload-free ones,
//! nearly all of them, written and read at fixed offsets in one copy; others field by field
//! with the snapshot codec.

use super::frame::{from_engine, malformed, to_engine};
use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use workloads::{Event, Input, Output};

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
