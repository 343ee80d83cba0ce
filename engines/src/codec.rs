//! A small binary codec for state snapshots: fixed-width little-endian fields, length-prefixed
//! sequences. Hand-written so snapshot cost is visible and free of serializer overhead.

use crate::EngineError;
use workloads::plan::Accumulator;
use workloads::{Event, Output};

/// Appends fields to a snapshot.
#[derive(Default)]
pub struct Encoder {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Encoder {
    /// Writes a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// Writes an `i64`.
    pub fn i64(&mut self, v: i64) {
        self.u64(v as u64);
    }

    /// Writes a length-prefixed byte string.
    pub fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.buf.extend_from_slice(b);
    }

    /// Writes an event.
    pub fn event(&mut self, e: &Event) {
        self.u64(e.time);
        self.u64(e.key);
        self.i64(e.value);
        self.payload(&e.payload);
    }

    /// Writes a result with its timing fields.
    pub fn output(&mut self, o: &Output) {
        self.event(&o.event);
        self.u64(o.cause);
        self.u64(o.latest);
    }

    /// Writes an accumulator.
    pub fn acc(&mut self, a: &Accumulator) {
        self.u64(a.count);
        self.i64(a.sum);
        self.i64(a.min);
        self.i64(a.max);
    }
}

/// Reads fields back in the order they were written.
pub struct Decoder<'a> {
    rest: &'a [u8],
}

impl<'a> Decoder<'a> {
    /// A decoder over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Decoder { rest: bytes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], EngineError> {
        if self.rest.len() < n {
            return Err(EngineError::Snapshot(format!(
                "truncated: wanted {n} more bytes, {} left",
                self.rest.len()
            )));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Reads a `u64`.
    pub fn u64(&mut self) -> Result<u64, EngineError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    /// Reads an `i64`.
    pub fn i64(&mut self) -> Result<i64, EngineError> {
        Ok(self.u64()? as i64)
    }

    /// Reads a length that must fit in what is left (guards allocations on corrupt input).
    pub fn len(&mut self, min_item_bytes: usize) -> Result<usize, EngineError> {
        let n = self.u64()? as usize;
        if n.saturating_mul(min_item_bytes.max(1)) > self.rest.len() {
            return Err(EngineError::Snapshot(format!(
                "length {n} exceeds the snapshot"
            )));
        }
        Ok(n)
    }

    /// Reads a length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], EngineError> {
        let n = self.len(1)?;
        self.take(n)
    }

    /// Reads an event.
    pub fn event(&mut self) -> Result<Event, EngineError> {
        let (time, key, value) = (self.u64()?, self.u64()?, self.i64()?);
        let payload = self.payload()?;
        Ok(Event {
            time,
            key,
            value,
            payload,
        })
    }

    /// Reads a result.
    pub fn output(&mut self) -> Result<Output, EngineError> {
        Ok(Output {
            event: self.event()?,
            cause: self.u64()?,
            latest: self.u64()?,
        })
    }

    /// Reads an accumulator.
    pub fn acc(&mut self) -> Result<Accumulator, EngineError> {
        Ok(Accumulator {
            count: self.u64()?,
            sum: self.i64()?,
            min: self.i64()?,
            max: self.i64()?,
        })
    }

    /// Fails unless every byte was read.
    pub fn finish(self) -> Result<(), EngineError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(EngineError::Snapshot(format!(
                "{} trailing bytes",
                self.rest.len()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use workloads::Payload;

    #[test]
    fn round_trip_and_truncation() {
        let o = Output {
            event: Event {
                time: 1,
                key: 2,
                value: -3,
                payload: Payload::Bytes(Arc::new(b"abc".to_vec())),
            },
            cause: 4,
            latest: 5,
        };
        let mut e = Encoder::default();
        e.output(&o);
        let mut d = Decoder::new(&e.buf);
        assert_eq!(d.output().unwrap(), o);
        d.finish().unwrap();
        let mut short = Decoder::new(&e.buf[..e.buf.len() - 1]);
        assert!(short.output().is_err());
    }
}
