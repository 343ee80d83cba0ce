//! Per-event Nexmark queries: q0 (pass-through), q1 (currency conversion), q2 (selection).

use crate::event::{Event, Field, Payload};
use crate::nexmark::access::bid;
use crate::nexmark::gen::{Bid, NexmarkEvent};
use crate::plan::Plan;
use std::sync::Arc;

/// Beam's `auctionSkip`: q2 keeps bids on every 123rd auction.
pub const AUCTION_SKIP: i64 = 123;

/// q0, pass-through: every event, unchanged (Beam's Query0 measures the source and the
/// per-record overhead).
pub fn q0() -> Plan {
    Plan::source()
}

/// Beam's `Query1` conversion: `price * 89 / 100` in integer (long) arithmetic.
pub fn dollars_to_euros(price: i64) -> i64 {
    price * 89 / 100
}

/// q1, currency conversion: each bid with its price converted to euros (`value` is the new
/// price, the payload the converted bid).
pub fn q1() -> Plan {
    Plan::source().filter(|e| bid(e).is_some()).map(|e| {
        let b = bid(e).expect("filtered to bids");
        let price = dollars_to_euros(b.price);
        Event {
            value: price,
            payload: Payload::Nexmark(Arc::new(NexmarkEvent::Bid(Bid { price, ..b.clone() }))),
            ..e.clone()
        }
    })
}

/// q2, selection: `(auction, price)` of the bids on auctions whose id is a multiple of
/// [`AUCTION_SKIP`]; key = auction, value = price, row `[auction, price]`.
pub fn q2() -> Plan {
    Plan::source()
        .filter(|e| bid(e).is_some_and(|b| b.auction % AUCTION_SKIP == 0))
        .map(|e| {
            let b = bid(e).expect("filtered to bids");
            Event {
                payload: Payload::row([Field::Int(b.auction), Field::Int(b.price)]),
                ..e.clone()
            }
        })
}
