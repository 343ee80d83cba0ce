//! The queries the Flink Nexmark kit adds beyond Beam's that Beam's records allow: q14
//! (filter and computed columns), q15 (bidding statistics with count-distinct), q17
//! (auction statistics per window), q18 (last bid per
//! bidder and auction), q19 (top 10 bids per auction) and q20 (bids joined with category-10
//! auctions). The kit's SQL groups by day and emits an update per record (a retracting
//! changelog); here every grouping is per event-time tumbling window of the window size
//! (`NexmarkConfig::window_size`) and emits once,
//! when the watermark closes it, so every engine gives the same results.

use crate::event::Time;
use crate::event::{Event, Field, Payload};
use crate::nexmark::access::{auction, bid, int};
use crate::nexmark::gen::{Bid, NexmarkConfig};
use crate::plan::{mean, Aggregate, Plan, Ties, Window};

/// How many bids per auction and window q19 keeps (the kit's `rank_number <= 10`).
pub const Q19_TOP: usize = 10;
/// The category q20 joins bids with (the kit's `A.category = 10`).
pub const Q20_CATEGORY: i64 = 10;

fn bids() -> Plan {
    Plan::source().filter(|e| bid(e).is_some())
}

/// q14's price conversion, the kit's `0.908 * price`, in integer cents (truncated).
pub fn q14_price(price: i64) -> i64 {
    price * 908 / 1000
}

/// q14's `bidTimeType` of a bid placed at `date_time` (epoch ms): by the hour of day, in UTC,
/// `dayTime` from 8 to 18, `nightTime` up to 6 and from 20, `otherTime` in between.
pub fn bid_time_type(date_time: i64) -> &'static str {
    let hour = date_time.rem_euclid(86_400_000) / 3_600_000;
    match hour {
        8..=18 => "dayTime",
        0..=6 | 20..=23 => "nightTime",
        _ => "otherTime",
    }
}

/// q14, filter and computed columns: the bids whose converted price ([`q14_price`]) lies
/// strictly between 1,000,000 and 50,000,000, with that price, the [`bid_time_type`] and
/// the number of `c`s in `extra` (the kit's user function `count_char`). The kit compares
/// `0.908 * price` as a double; here `908 * price` against 1,000 times the bounds, exactly.
/// Output: key = auction, value = converted price, row `[auction, bidder, converted price,
/// bid time type, bid time (epoch ms), extra, c count]`.
pub fn q14() -> Plan {
    bids()
        .filter(|e| {
            bid(e).is_some_and(|b| {
                let scaled = i128::from(b.price) * 908;
                scaled > 1_000_000_000 && scaled < 50_000_000_000
            })
        })
        .map(|e| {
            let b = bid(e).expect("filtered to bids");
            let price = q14_price(b.price);
            Event {
                value: price,
                payload: Payload::row([
                    Field::Int(b.auction),
                    Field::Int(b.bidder),
                    Field::Int(price),
                    Field::str(bid_time_type(b.date_time)),
                    Field::Int(b.date_time),
                    Field::str(&b.extra),
                    Field::Int(b.extra.matches('c').count() as i64),
                ]),
                ..e.clone()
            }
        })
}

/// One aggregate of the bids' prices per auction and window, its value in a one-column row.
fn per_auction(w: Time, aggregate: Aggregate) -> Plan {
    bids().window(Window::tumbling(w), aggregate)
}

/// Pairs two per-auction results of one window into a row of both rows' columns.
fn beside(w: Time, left: Plan, right: Plan) -> Plan {
    left.join(right, Window::tumbling(w), |l, r| {
        let cols = |e: &Event| match &e.payload {
            Payload::Row(f) => f.to_vec(),
            _ => vec![Field::Int(e.value)],
        };
        let mut row = cols(l);
        row.extend(cols(r));
        Event {
            value: l.value,
            payload: Payload::row(row),
            ..Event::default()
        }
    })
}

/// q17, auction statistics: per auction and tumbling window (the kit: per
/// auction and day), the number of bids and the smallest, largest, mean (`Math.round`ed, as
/// [`Aggregate::Avg`]) and total price. In the algebra: four windowed aggregates of the
/// same bids, paired by three windowed joins of the same window (each aggregate's result,
/// stamped `end - 1`, falls in the window it came from). Output: key = auction, value =
/// bids, row `[bids, min, max, avg, sum]`, time = window end - 1.
pub fn q17(config: &NexmarkConfig) -> Plan {
    let w = config.window_size;
    let count_sum = beside(
        w,
        per_auction(w, Aggregate::Count),
        per_auction(w, Aggregate::Sum),
    );
    let min_max = beside(
        w,
        per_auction(w, Aggregate::Min),
        per_auction(w, Aggregate::Max),
    );
    beside(w, count_sum, min_max).map(|e| {
        let (count, sum, min, max) = (int(e, 0), int(e, 1), int(e, 2), int(e, 3));
        Event {
            payload: Payload::row([count, min, max, mean(sum, count as u64), sum].map(Field::Int)),
            ..e.clone()
        }
    })
}

/// q15's price ranges (the kit's `rank1` to `rank3`): below $100, below $10,000, the rest.
pub fn price_range(price: i64) -> i64 {
    match price {
        ..10_000 => 1,
        10_000..1_000_000 => 2,
        _ => 3,
    }
}

/// The bids of a price range (0: every bid).
fn range_bids(range: i64) -> Plan {
    bids().filter(move |e| range == 0 || bid(e).is_some_and(|b| price_range(b.price) == range))
}

/// How many distinct `of(bid)` the bids of a price range hold per window: a count per
/// distinct value and window, then a count of those per window (each first count is
/// stamped `end - 1`, so it falls in the window it counts).
fn distinct(w: Time, range: i64, of: fn(&Bid) -> i64) -> Plan {
    range_bids(range)
        .key_by(move |e| bid(e).map_or(0, |b| of(b) as u64))
        .window(Window::tumbling(w), Aggregate::Count)
        .key_by(|_| 0)
        .window(Window::tumbling(w), Aggregate::Count)
}

/// q15, bidding statistics: per tumbling window (the kit: per day), the
/// number of bids, of distinct bidders and of distinct auctions, each in total and per
/// [`price_range`]: twelve counts. In the algebra: each count its own pipeline of the bids
/// (a count-distinct is a count per distinct value, then a count of those), the twelve
/// paired by windowed joins of the same window into one row. A window in which one of the
/// price ranges has no bid emits no row (the kit's would hold zeros); each range takes
/// about a third of the bids (prices are log-uniform from $1 to $1 M), so at the rates a
/// benchmark runs every window has bids of all three. Output: key 0, value =
/// bids, row `[bids, rank1 bids, rank2 bids, rank3 bids, bidders, rank1 bidders, …,
/// auctions, rank1 auctions, …]`, time = window end - 1.
pub fn q15(config: &NexmarkConfig) -> Plan {
    let w = config.window_size;
    let bids_in = |range| {
        range_bids(range)
            .key_by(|_| 0)
            .window(Window::tumbling(w), Aggregate::Count)
    };
    let mut columns: Vec<Plan> = (0..4).map(bids_in).collect();
    columns.extend((0..4).map(|r| distinct(w, r, |b| b.bidder)));
    columns.extend((0..4).map(|r| distinct(w, r, |b| b.auction)));
    side_by_side(w, columns)
}

/// The plans' per-window results of one key paired into one row, columns in plan order.
fn side_by_side(w: Time, mut plans: Vec<Plan>) -> Plan {
    while plans.len() > 1 {
        let mut paired = Vec::with_capacity(plans.len().div_ceil(2));
        let mut it = plans.into_iter();
        while let Some(left) = it.next() {
            paired.push(match it.next() {
                Some(right) => beside(w, left, right),
                None => left,
            });
        }
        plans = paired;
    }
    plans.pop().expect("at least one plan")
}

/// The key of a (bidder, auction) pair: the bidder in the high 32 bits, the auction in the
/// low ones (one key per pair while ids stay below 2³², four billion).
pub fn bidder_auction(bidder: i64, auction: i64) -> u64 {
    ((bidder as u64) << 32) | (auction as u64 & 0xFFFF_FFFF)
}

/// q18, last bid: per bidder, auction and tumbling window, the bid with the
/// latest event time (the kit: `ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY
/// dateTime DESC) = 1`, unwindowed, retracting the previous last bid). Bids of one
/// millisecond go to the smallest record. In the algebra: the value set to the event time,
/// `top(first)` per (bidder, auction) and window, the price put back. Output: the bid (key
/// = auction, value = price) at time window end - 1.
pub fn q18(config: &NexmarkConfig) -> Plan {
    bids()
        .key_by(|e| bid(e).map_or(0, |b| bidder_auction(b.bidder, b.auction)))
        .map(|e| Event {
            value: e.time as i64,
            ..e.clone()
        })
        .top(Window::tumbling(config.window_size), Ties::First)
        .map(|e| {
            let b = bid(e).expect("a bid");
            Event {
                key: b.auction as u64,
                value: b.price,
                ..e.clone()
            }
        })
}

/// q19, auction top bids: per auction and tumbling window, the
/// [`Q19_TOP`] highest bids (the kit: `ROW_NUMBER() OVER (PARTITION BY auction ORDER BY
/// price DESC) <= 10`, unwindowed and retracting). Bids of equal price are ranked in record
/// order, so exactly ten are kept where there are ten. In the algebra: `top` keeping the
/// ten best ([`Ties::Best`]). Output: the bids (key = auction, value = price) at time
/// window end - 1.
pub fn q19(config: &NexmarkConfig) -> Plan {
    bids().top(Window::tumbling(config.window_size), Ties::Best(Q19_TOP))
}

/// q20, expanding bids: every bid on a category-10 auction joined with its auction,
/// unwindowed (the kit: `bid JOIN auction ON auction = id WHERE category = 10`); a pair
/// is emitted as soon as both have arrived (`stream_join`; state is kept for the run).
/// Output: key = auction, value = price, row `[auction, bidder, price, bid time, item name,
/// description, initial bid, reserve, auction time, expires, seller, category]` (times in
/// epoch ms; the records' `extra` padding is left out).
pub fn q20() -> Plan {
    let auctions =
        Plan::source().filter(|e| auction(e).is_some_and(|a| a.category == Q20_CATEGORY));
    bids().stream_join(auctions, |b, a| {
        let (b, a) = (bid(b).expect("a bid"), auction(a).expect("an auction"));
        Event {
            value: b.price,
            payload: Payload::row([
                Field::Int(b.auction),
                Field::Int(b.bidder),
                Field::Int(b.price),
                Field::Int(b.date_time),
                Field::str(&a.item_name),
                Field::str(&a.description),
                Field::Int(a.initial_bid),
                Field::Int(a.reserve),
                Field::Int(a.date_time),
                Field::Int(a.expires),
                Field::Int(a.seller),
                Field::Int(a.category),
            ]),
            ..Event::default()
        }
    })
}
