//! Windowed Nexmark queries over bids: q5 (hot items), q7 (highest bid), q11 (user sessions).

use crate::event::{Event, Field, Payload};
use crate::nexmark::access::bid;
use crate::nexmark::gen::NexmarkConfig;
use crate::plan::{Aggregate, Plan, Ties, Window};

fn bids() -> Plan {
    Plan::source().filter(|e| bid(e).is_some())
}

/// q5, hot items: per sliding window (the window size every period), the auction with the
/// most bids. Beam counts bids per auction in the sliding window, then keeps the maximum
/// count globally; here: `window(sliding, count)` keyed by auction, the auction moved into a
/// row and every count keyed to one group, then `top` over tumbling windows of one period
/// (each sliding window's counts, stamped `end - 1`, fall in exactly one). Like Beam's
/// `TopCombineFn`, every auction with the top count is emitted (`Ties::All`).
/// Output: key 0, value = count, row `[auction]`, time = window end - 1.
pub fn q5(config: &NexmarkConfig) -> Plan {
    let (size, period) = (config.window_size, config.window_period);
    bids()
        .window(Window::sliding(size, period), Aggregate::Count)
        .map(|e| Event {
            payload: Payload::row([Field::Int(e.key as i64)]),
            ..e.clone()
        })
        .key_by(|_| 0)
        .top(Window::tumbling(period), Ties::All)
}

/// q7, highest bid: per tumbling window of the window size, every bid with the window's highest
/// price (Beam: the maximum price as a side input, then the bids equal to it). Output: the
/// bid (key = auction, value = price) at time window end - 1.
pub fn q7(config: &NexmarkConfig) -> Plan {
    bids()
        .key_by(|_| 0)
        .top(Window::tumbling(config.window_size), Ties::All)
        .key_by(|e| bid(e).map_or(0, |b| b.auction as u64))
}

/// q11, user sessions: bids per bidder per session closed by the window size of inactivity.
/// Beam's trigger fires a pane per `maxLogEvents` (100,000) bids of a session; here the
/// count is emitted once, when the watermark closes the session (a session never reaches
/// 100,000 bids in a benchmark run). Output: key = bidder, value = number of bids.
pub fn q11(config: &NexmarkConfig) -> Plan {
    bids()
        .key_by(|e| bid(e).map_or(0, |b| b.bidder as u64))
        .window(Window::session(config.window_size), Aggregate::Count)
}
