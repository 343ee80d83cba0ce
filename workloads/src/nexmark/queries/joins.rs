//! Nexmark queries joining people and auctions: q3 (local item suggestion, unwindowed) and
//! q8 (new users, windowed).

use crate::event::{Event, Field, Payload};
use crate::nexmark::access::{auction, person};
use crate::nexmark::gen::NexmarkConfig;
use crate::plan::{Plan, Window};

/// The states q3 looks for sellers in.
pub const Q3_STATES: [&str; 3] = ["OR", "ID", "CA"];
/// The category q3 looks for auctions in.
pub const Q3_CATEGORY: i64 = 10;

/// q3, local item suggestion: `(name, city, state, auction id)` for each auction in category
/// 10 by a seller living in OR, ID or CA. Beam joins incrementally with per-person state
/// and no window; here `stream_join` of persons (keyed by id) with auctions (keyed by
/// seller), so each match is emitted as soon as both records have arrived. State is kept for
/// the whole run (Beam clears a person's state after `maxAuctionsWaitingTime`, 600 s, more
/// than any benchmark run). Output: key = person id, value = auction id, row `[name, city,
/// state, auction]`.
pub fn q3() -> Plan {
    let people =
        Plan::source().filter(|e| person(e).is_some_and(|p| Q3_STATES.contains(&p.state.as_str())));
    let auctions = Plan::source()
        .filter(|e| auction(e).is_some_and(|a| a.category == Q3_CATEGORY))
        .key_by(|e| auction(e).map_or(0, |a| a.seller as u64));
    people.stream_join(auctions, |p, a| {
        let (p, a) = (
            person(p).expect("a person"),
            auction(a).expect("an auction"),
        );
        Event {
            value: a.id,
            payload: Payload::row([
                Field::str(&p.name),
                Field::str(&p.city),
                Field::str(&p.state),
                Field::Int(a.id),
            ]),
            ..Event::default()
        }
    })
}

/// q8, monitor new users: people who opened an auction in the same tumbling window (of the
/// window size) as they registered, as `(person id, name, reserve)` per such auction (Beam:
/// both sides in fixed windows, co-grouped by person id = seller). Output: key = person id,
/// value = reserve, row `[id, name, reserve]`, time = window end - 1.
pub fn q8(config: &NexmarkConfig) -> Plan {
    let people = Plan::source().filter(|e| person(e).is_some());
    let auctions = Plan::source()
        .filter(|e| auction(e).is_some())
        .key_by(|e| auction(e).map_or(0, |a| a.seller as u64));
    people.join(auctions, Window::tumbling(config.window_size), |p, a| {
        let (p, a) = (
            person(p).expect("a person"),
            auction(a).expect("an auction"),
        );
        Event {
            value: a.reserve,
            payload: Payload::row([Field::Int(p.id), Field::str(&p.name), Field::Int(a.reserve)]),
            ..Event::default()
        }
    })
}
