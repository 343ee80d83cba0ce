//! Hand-made Nexmark records and a runner for the query tests: each record at a time in
//! ms after Beam's base time, a watermark at the largest time after every record.

use crate::event::{Event, Field, Input, Payload, Time, NANOS_PER_MILLI};
use crate::nexmark::gen::{Auction, Bid, NexmarkConfig, NexmarkEvent, Person, BASE_TIME_MS};
use crate::nexmark::to_event;
use crate::plan::Plan;
use crate::reference::evaluate;
use crate::stream::{Stream, WatermarkPolicy};

pub(super) const MS: Time = NANOS_PER_MILLI;

/// The configuration the auction queries are built for: Beam's default, 10,000 events/s,
/// whose bid window is 334 ms.
pub(super) fn config() -> NexmarkConfig {
    NexmarkConfig::default()
}

pub(super) fn at(ms: i64, record: NexmarkEvent) -> Input {
    let event = to_event(BASE_TIME_MS + ms, record);
    Input {
        scheduled: event.time,
        event,
    }
}

pub(super) fn person(ms: i64, id: i64, state: &str) -> Input {
    at(
        ms,
        NexmarkEvent::Person(Person {
            id,
            name: format!("p{id}"),
            email_address: String::new(),
            credit_card: String::new(),
            city: format!("c{id}"),
            state: state.into(),
            date_time: BASE_TIME_MS + ms,
            extra: String::new(),
        }),
    )
}

pub(super) fn auction(
    ms: i64,
    id: i64,
    seller: i64,
    category: i64,
    reserve: i64,
    expires_ms: i64,
) -> Input {
    at(
        ms,
        NexmarkEvent::Auction(Auction {
            id,
            item_name: String::new(),
            description: String::new(),
            initial_bid: 1,
            reserve,
            date_time: BASE_TIME_MS + ms,
            expires: BASE_TIME_MS + expires_ms,
            seller,
            category,
            extra: String::new(),
        }),
    )
}

pub(super) fn bid(ms: i64, auction: i64, bidder: i64, price: i64) -> Input {
    at(
        ms,
        NexmarkEvent::Bid(Bid {
            auction,
            bidder,
            price,
            date_time: BASE_TIME_MS + ms,
            extra: String::new(),
        }),
    )
}

/// `(time, key, value, cause)` of one result.
pub(super) type Row = (Time, u64, i64, Time);

/// Runs `plan` over `inputs` (in this order, a watermark at the largest time after each)
/// and returns `(time, key, value, cause)` of each result, sorted, with the events.
pub(super) fn run(plan: &Plan, inputs: Vec<Input>) -> (Vec<Row>, Vec<Event>) {
    let end = inputs.last().map_or(0, |i| i.scheduled + MS);
    let policy = WatermarkPolicy {
        bound: 0,
        interval: 1,
    };
    let e = evaluate(plan, &Stream::with_watermarks(inputs, policy, end));
    let mut rows: Vec<_> = e
        .outputs
        .iter()
        .map(|o| (o.event.time, o.event.key, o.event.value, o.cause))
        .collect();
    rows.sort();
    let mut events: Vec<Event> = e.outputs.into_iter().map(|o| o.event).collect();
    events.sort();
    (rows, events)
}

pub(super) fn row(e: &Event) -> Vec<Field> {
    match &e.payload {
        Payload::Row(f) => f.to_vec(),
        _ => Vec::new(),
    }
}
