//! The event model shared by every source, engine and the reference.

use crate::nexmark::gen::NexmarkEvent;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A point in time, in nanoseconds since the run's epoch.
///
/// Scheduled injection times, event times and emission times are all on this one clock,
/// which is what lets the harness report event-time latency without clock conversion.
pub type Time = u64;

/// Nanoseconds in one second.
pub const NANOS_PER_SEC: Time = 1_000_000_000;
/// Nanoseconds in one millisecond.
pub const NANOS_PER_MILLI: Time = 1_000_000;

/// One keyed record with an event-time timestamp.
///
/// `key` and `value` carry what the plan algebra computes on; `payload` carries anything
/// else a workload needs (padding bytes today, richer records later) without changing the
/// engine trait.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Event {
    /// Event time: when the event happened at its source.
    pub time: Time,
    /// Partitioning key.
    pub key: u64,
    /// The numeric value aggregates work on.
    pub value: i64,
    /// Opaque extra data, compared byte for byte by the correctness check.
    pub payload: Payload,
}

impl Event {
    /// An event without payload.
    pub fn new(time: Time, key: u64, value: i64) -> Self {
        Event {
            time,
            key,
            value,
            payload: Payload::None,
        }
    }
}

/// Extra data attached to an event. Cheap to clone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Payload {
    /// No extra data (the common case; costs nothing to clone).
    #[default]
    None,
    /// Opaque bytes, e.g. padding to a configured record size.
    Bytes(Arc<Vec<u8>>),
    /// A Nexmark person, auction or bid, as the generator made it.
    Nexmark(Arc<NexmarkEvent>),
    /// A result row of named-by-position fields (e.g. a query's projected columns).
    Row(Arc<Vec<Field>>),
}

/// One column of a [`Payload::Row`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    /// An integer column.
    Int(i64),
    /// A text column.
    Str(Arc<str>),
}

impl Field {
    /// A text field.
    pub fn str(s: &str) -> Field {
        Field::Str(Arc::from(s))
    }

    /// Logical size in bytes: 8 for an integer, the length of a string.
    pub fn byte_size(&self) -> usize {
        match self {
            Field::Int(_) => 8,
            Field::Str(s) => s.len(),
        }
    }
}

impl Payload {
    /// Size of the payload in bytes (for records and rows: 8 per integer field plus the
    /// length of each string field).
    pub fn len(&self) -> usize {
        match self {
            Payload::None => 0,
            Payload::Bytes(b) => b.len(),
            Payload::Nexmark(n) => n.byte_size(),
            Payload::Row(fields) => fields.iter().map(Field::byte_size).sum(),
        }
    }

    /// A row payload of these fields.
    pub fn row(fields: impl IntoIterator<Item = Field>) -> Payload {
        Payload::Row(Arc::new(fields.into_iter().collect()))
    }

    /// Whether the payload carries no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An event together with the time the driver is scheduled to inject it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// When the open-loop driver must hand this event to the engine.
    pub scheduled: Time,
    /// The event itself.
    pub event: Event,
}
