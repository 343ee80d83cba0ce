//! The rest of Beam's suite: q9 (winning bids as an output of their own), q12 (bids per
//! bidder per window, on event time rather than Beam's processing time) and q13 (bids
//! enriched from a bounded side input).

use super::winning_bids;
use crate::event::{Event, Field, Payload};
use crate::nexmark::access::bid;
use crate::nexmark::gen::NexmarkConfig;
use crate::plan::{Aggregate, Plan, Window};

/// Rows of q13's side input (Beam's `sideInputRowCount` default).
pub const SIDE_INPUT_ROWS: i64 = 500;

fn bids() -> Plan {
    Plan::source().filter(|e| bid(e).is_some())
}

/// q9, winning bids: Beam's `WinningBids` sub-query (the core of q4 and q6) as the query's
/// own output: each auction with its highest bid at or above the reserve, emitted when the
/// auction expires. Output as [`winning_bids`]: key = auction, value = winning price, row
/// `[auction, seller, category, winning bid's event time]`, time = expiry - 1.
pub fn q9(config: &NexmarkConfig) -> Plan {
    winning_bids(config)
}

/// q12, bids per bidder per window. Beam's Query12 counts bids per bidder in a global window
/// fired by a *processing-time* trigger a window size after a pane's first bid, so its panes
/// depend on when records happen to arrive and no two runs agree. Here the same count is
/// taken over event-time tumbling windows of the window size, which every engine and the
/// reference agree on. Output: key = bidder, value = bids in the window.
pub fn q12(config: &NexmarkConfig) -> Plan {
    bids()
        .key_by(|e| bid(e).map_or(0, |b| b.bidder as u64))
        .window(Window::tumbling(config.window_size), Aggregate::Count)
}

/// The side input of q13 for `key`: Beam fills row `i` with the text of `i`.
pub fn side_input(key: i64) -> String {
    key.to_string()
}

/// q13, bounded side-input join: each bid enriched with the side-input row of `auction mod
/// 500` ([`SIDE_INPUT_ROWS`]), as Beam's Query13 (and the Flink kit's) join a stream to a
/// static table. The table is fixed and small, so the join is a lookup in a `map`, as
/// YSB's campaign join is. Output: key = auction, value = price, row `[auction, bidder,
/// price, bid time (ms since the epoch), side-input value]`.
pub fn q13() -> Plan {
    bids().map(|e| {
        let b = bid(e).expect("filtered to bids");
        Event {
            payload: Payload::row([
                Field::Int(b.auction),
                Field::Int(b.bidder),
                Field::Int(b.price),
                Field::Int(b.date_time),
                Field::str(&side_input(b.auction.rem_euclid(SIDE_INPUT_ROWS))),
            ]),
            ..e.clone()
        }
    })
}
