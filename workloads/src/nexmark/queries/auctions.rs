//! Nexmark queries over closed auctions: the winning-bid sub-query, q4 (average closing
//! price per category) and q6 (average selling price per seller).

use crate::event::{Event, Field, Payload, Time, NANOS_PER_MILLI};
use crate::nexmark::access::{auction, bid, int};
use crate::nexmark::gen::NexmarkConfig;
use crate::nexmark::to_time;
use crate::plan::{Aggregate, Plan, Window};

/// How many closed auctions of a seller q6 averages over (Beam: 10).
pub const Q6_LAST: usize = 10;

/// Beam's `WinningBids` for the run `config` describes: for each auction, its highest bid
/// (ties: the earliest) among those at or above the reserve placed before the auction
/// expires, emitted when it expires; auctions without such a bid emit nothing.
///
/// Bids placed before the auction opened count too: the generator bids on auctions up to
/// ten ids ahead, and Beam gives each bid a window `[time, time + 2 * expected auction
/// duration)` that merges into its auction's window if the auction comes while it is open
/// ([`bid_window`]). In the algebra: `closing` of auctions (keyed by id) with bids (keyed
/// by auction), the bid window as its lookback. Output: key = auction, value = winning
/// price, row `[auction, seller, category, winning bid's event time]`, time = expiry - 1.
pub fn winning_bids(config: &NexmarkConfig) -> Plan {
    let auctions = Plan::source().filter(|e| auction(e).is_some());
    let bids = Plan::source().filter(|e| bid(e).is_some());
    auctions.closing(
        bids,
        bid_window(config),
        |a| auction(a).map_or(0, |a| to_time(a.expires)),
        |a, b| {
            let (a, b) = (auction(a).expect("an auction"), bid(b).expect("a bid"));
            b.price >= a.reserve
        },
        |a, b| {
            let a = auction(a).expect("an auction");
            Event {
                value: b.value,
                payload: Payload::row([
                    Field::Int(a.id),
                    Field::Int(a.seller),
                    Field::Int(a.category),
                    Field::Int(b.time as i64),
                ]),
                ..Event::default()
            }
        },
    )
}

/// How long before its auction opens a bid still counts for it: Beam's bid window, twice
/// the expected auction duration at the run's slowest rate (34 ms at 100 k events/s), less
/// 1 ns as the window is half-open. The generator's earliest bid on an auction precedes it
/// by at most about 200 events (ten auction ids of 50/3 events each, plus the group the bid
/// is in), under a tenth of this window at any rate, so on generated data every early bid
/// counts, as in Beam; the window is what bounds the bids the closing operator keeps.
pub fn bid_window(config: &NexmarkConfig) -> Time {
    let ms = config.expected_auction_duration_ms().max(0) as Time;
    (2 * ms * NANOS_PER_MILLI).saturating_sub(1)
}

/// q4, average closing price per category over sliding windows (the window size every
/// period), as Beam's Query4 re-windows the winning bids. Beam's `Mean` is a double
/// that Query4 outputs as `Math.round(mean)`; `Aggregate::Avg` is that rounding, computed in
/// integers. Output: key = category, value = mean.
pub fn q4(config: &NexmarkConfig) -> Plan {
    winning_bids(config).key_by(|e| int(e, 2) as u64).window(
        Window::sliding(config.window_size, config.window_period),
        Aggregate::Avg,
    )
}

/// q6, average selling price per seller over the seller's last [`Q6_LAST`] closed auctions,
/// updated at each closing (Beam: a global window firing per element, keeping the ten
/// winning bids latest by bid time then price). In the algebra: `last_n_by` ranked by the
/// winning bid's time. Output: key = seller, value = the mean (Beam: `Math.round((double)
/// sum / count)`, which `Aggregate::Avg` computes exactly), time = the auction's expiry - 1.
///
/// A seller's auctions closing in the same millisecond are taken in the auctions' order
/// (ascending id, the order the generator opened them). Beam leaves this order to the
/// runner; it changes the intermediate means (about a fifth of them on generated data),
/// never the set of ten kept, so it has to be fixed for results to be comparable.
pub fn q6(config: &NexmarkConfig) -> Plan {
    winning_bids(config).key_by(|e| int(e, 1) as u64).last_n_by(
        Q6_LAST,
        Aggregate::Avg,
        |e| int(e, 3) as Time,
        |e| int(e, 0) as u64,
    )
}
