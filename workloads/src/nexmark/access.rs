//! Reading the Nexmark record out of an [`Event`]'s payload, and the columns of result rows.

use super::gen::{Auction, Bid, NexmarkEvent, Person};
use crate::event::{Event, Field, Payload};

/// The Nexmark record an event carries, if any.
pub fn record(e: &Event) -> Option<&NexmarkEvent> {
    match &e.payload {
        Payload::Nexmark(n) => Some(n),
        _ => None,
    }
}

/// The person an event carries, if it is one.
pub fn person(e: &Event) -> Option<&Person> {
    match record(e)? {
        NexmarkEvent::Person(p) => Some(p),
        _ => None,
    }
}

/// The auction an event carries, if it is one.
pub fn auction(e: &Event) -> Option<&Auction> {
    match record(e)? {
        NexmarkEvent::Auction(a) => Some(a),
        _ => None,
    }
}

/// The bid an event carries, if it is one.
pub fn bid(e: &Event) -> Option<&Bid> {
    match record(e)? {
        NexmarkEvent::Bid(b) => Some(b),
        _ => None,
    }
}

/// Integer column `i` of a row payload (0 when absent or not an integer).
pub fn int(e: &Event, i: usize) -> i64 {
    match &e.payload {
        Payload::Row(fields) => match fields.get(i) {
            Some(Field::Int(v)) => *v,
            _ => 0,
        },
        _ => 0,
    }
}
