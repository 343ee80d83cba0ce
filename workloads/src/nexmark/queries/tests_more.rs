//! The queries beyond q0–q8 and q11 on hand-made records, each result computed by hand.

use super::fixtures::{at, auction, bid, config, row, run, MS};
use super::*;
use crate::event::{Field, Input, NANOS_PER_SEC};
use crate::nexmark::gen::{Bid, NexmarkEvent, BASE_TIME_MS};

const W1: u64 = NANOS_PER_SEC - 1;
const W2: u64 = 2 * NANOS_PER_SEC - 1;

#[test]
fn q9_outputs_each_auctions_winning_bid() {
    let inputs = vec![
        auction(0, 1, 9, 10, 100, 300),
        auction(0, 2, 9, 10, 1000, 300), // no bid reaches the reserve
        bid(50, 1, 5, 150),
        bid(100, 1, 6, 200),
        bid(150, 2, 6, 999),
    ];
    let (rows, events) = run(&q9(&config()), inputs);
    assert_eq!(rows, vec![(300 * MS - 1, 1, 200, 151 * MS)]);
    let want = [1, 9, 10, (100 * MS) as i64].map(Field::Int);
    assert_eq!(row(&events[0]), want);
}

#[test]
fn q12_counts_bids_per_bidder_per_event_time_window() {
    let inputs = vec![
        bid(0, 1, 5, 1),
        bid(100, 2, 6, 1),
        bid(500, 3, 5, 1),
        bid(1200, 1, 5, 1),
    ];
    let (rows, _) = run(&q12(&config()), inputs);
    assert_eq!(
        rows,
        vec![
            (W1, 5, 2, 1200 * MS),
            (W1, 6, 1, 1200 * MS),
            (W2, 5, 1, 1201 * MS)
        ]
    );
}

#[test]
fn q13_enriches_bids_from_the_side_input_by_auction_mod_500() {
    let inputs = vec![
        bid(3, 1001, 5, 70),
        auction(4, 1500, 9, 10, 1, 9),
        bid(5, 1500, 6, 80),
    ];
    let (rows, events) = run(&q13(), inputs);
    assert_eq!(
        rows,
        vec![(3 * MS, 1001, 70, 3 * MS), (5 * MS, 1500, 80, 5 * MS)]
    );
    let first = [
        Field::Int(1001),
        Field::Int(5),
        Field::Int(70),
        Field::Int(BASE_TIME_MS + 3),
        Field::str("1"),
    ];
    assert_eq!(row(&events[0]), first);
    assert_eq!(row(&events[1])[4], Field::str("0"));
}

fn bid_with_extra(ms: i64, price: i64, extra: &str) -> Input {
    at(
        ms,
        NexmarkEvent::Bid(Bid {
            auction: 1,
            bidder: 5,
            price,
            date_time: BASE_TIME_MS + ms,
            extra: extra.into(),
        }),
    )
}

#[test]
fn q14_keeps_converted_prices_strictly_inside_the_bounds() {
    // 908 * 1,101,322 = 1,000,000,376 > 10^9; 908 * 1,101,321 = 999,999,468 is not.
    // 908 * 55,066,079 = 49,999,999,732 < 5 * 10^10; 908 * 55,066,080 = 50,000,000,640 is not.
    let inputs = vec![
        bid_with_extra(0, 1_101_321, ""),
        bid_with_extra(1, 1_101_322, "cacbc"),
        bid_with_extra(2, 55_066_079, ""),
        bid_with_extra(3, 55_066_080, ""),
    ];
    let (rows, events) = run(&q14(), inputs);
    assert_eq!(
        rows,
        vec![(MS, 1, 1_000_000, MS), (2 * MS, 1, 49_999_999, 2 * MS)]
    );
    let want = [
        Field::Int(1),
        Field::Int(5),
        Field::Int(1_000_000),
        Field::str("nightTime"),
        Field::Int(BASE_TIME_MS + 1),
        Field::str("cacbc"),
        Field::Int(3),
    ];
    assert_eq!(row(&events[0]), want);
}

#[test]
fn q14_names_the_time_of_day_by_utc_hour() {
    // Beam's base time is midnight UTC.
    let at_hour = |h: i64| bid_time_type(BASE_TIME_MS + h * 3_600_000);
    let names: Vec<_> = [0, 6, 7, 8, 18, 19, 20, 23].map(at_hour).to_vec();
    assert_eq!(
        names,
        [
            "nightTime",
            "nightTime",
            "otherTime",
            "dayTime",
            "dayTime",
            "otherTime",
            "nightTime",
            "nightTime"
        ]
    );
}

#[test]
fn q15_counts_bids_bidders_and_auctions_in_total_and_per_price_range() {
    let inputs = vec![
        bid(0, 1, 5, 500),        // range 1 (below $100)
        bid(10, 1, 6, 500),       // range 1
        bid(20, 2, 5, 50_000),    // range 2
        bid(30, 2, 5, 60_000),    // range 2, same bidder and auction
        bid(40, 3, 7, 2_000_000), // range 3 ($10,000 and up)
        bid(1000, 1, 5, 1),       // the next window holds range 1 only: no row
    ];
    let (rows, events) = run(&q15(&config()), inputs);
    assert_eq!(rows, vec![(W1, 0, 5, 1000 * MS)]);
    let bids = [5, 2, 2, 1];
    let bidders = [3, 2, 1, 1];
    let auctions = [3, 1, 1, 1];
    let want: Vec<Field> = [bids, bidders, auctions]
        .concat()
        .into_iter()
        .map(Field::Int)
        .collect();
    assert_eq!(row(&events[0]), want);
    assert_eq!(
        [9_999, 10_000, 999_999, 1_000_000].map(price_range),
        [1, 2, 2, 3]
    );
}

#[test]
fn q17_computes_count_min_max_avg_sum_per_auction_and_window() {
    let inputs = vec![
        bid(0, 1, 5, 10),
        bid(100, 1, 6, 31),
        bid(200, 1, 5, 20),
        bid(300, 2, 5, 7),
        bid(400, 2, 5, 8),
        bid(1100, 1, 5, 5),
    ];
    let (rows, events) = run(&q17(&config()), inputs);
    assert_eq!(
        rows,
        vec![
            (W1, 1, 3, 1100 * MS),
            (W1, 2, 2, 1100 * MS),
            (W2, 1, 1, 1101 * MS)
        ]
    );
    let stats: Vec<Vec<Field>> = events.iter().map(row).collect();
    // 61 / 3 = 20.33 -> 20; 15 / 2 = 7.5 -> 8 (Math.round).
    assert_eq!(
        stats,
        vec![
            [3, 10, 31, 20, 61].map(Field::Int).to_vec(),
            [2, 7, 8, 8, 15].map(Field::Int).to_vec(),
            [1, 5, 5, 5, 5].map(Field::Int).to_vec(),
        ]
    );
}

#[test]
fn q18_keeps_the_last_bid_per_bidder_and_auction_per_window() {
    let inputs = vec![
        bid(0, 1, 5, 10),
        bid(100, 1, 6, 50),
        bid(100, 1, 6, 40), // same millisecond: the smaller record (price 40) is last
        bid(200, 1, 5, 5),  // bidder 5's last on auction 1
        bid(300, 2, 5, 9),
        bid(1100, 1, 5, 1),
    ];
    let (rows, _) = run(&q18(&config()), inputs);
    let c = 1100 * MS;
    assert_eq!(
        rows,
        vec![
            (W1, 1, 5, c),
            (W1, 1, 40, c),
            (W1, 2, 9, c),
            (W2, 1, 1, 1101 * MS)
        ]
    );
    assert_ne!(bidder_auction(5, 1), bidder_auction(1, 5));
}

#[test]
fn q19_keeps_the_ten_highest_bids_per_auction_and_window() {
    let mut inputs: Vec<_> = (0..12).map(|i| bid(i, 1, 5, i)).collect();
    inputs.push(bid(20, 1, 7, 2)); // ties with price 2 of 2 ms, a larger record: cut
    inputs.push(bid(30, 2, 5, 3));
    inputs.push(bid(1000, 3, 5, 1));
    let (rows, events) = run(&q19(&config()), inputs);
    let c = 1000 * MS;
    let mut want: Vec<_> = (2..12).map(|p| (W1, 1, p, c)).collect();
    want.push((W1, 2, 3, c));
    want.push((W2, 3, 1, 1001 * MS));
    assert_eq!(rows, want);
    let price_two: Vec<i64> = events
        .iter()
        .filter(|e| e.key == 1 && e.value == 2)
        .filter_map(|e| crate::nexmark::access::bid(e).map(|b| b.bidder))
        .collect();
    assert_eq!(price_two, [5]);
}

#[test]
fn q20_joins_bids_with_category_10_auctions_as_soon_as_both_arrive() {
    let inputs = vec![
        auction(0, 1, 9, 10, 100, 500),
        auction(0, 2, 9, 11, 100, 500), // category 11
        bid(5, 1, 5, 70),
        bid(6, 2, 5, 80),
        bid(7, 3, 6, 90),               // before its auction ...
        auction(8, 3, 9, 10, 200, 600), // ... which opens now
    ];
    let (rows, events) = run(&q20(), inputs);
    assert_eq!(rows, vec![(5 * MS, 1, 70, 5 * MS), (8 * MS, 3, 90, 8 * MS)]);
    let b = BASE_TIME_MS;
    let want = [
        Field::Int(1),
        Field::Int(5),
        Field::Int(70),
        Field::Int(b + 5),
        Field::str(""),
        Field::str(""),
        Field::Int(1),
        Field::Int(100),
        Field::Int(b),
        Field::Int(b + 500),
        Field::Int(9),
        Field::Int(10),
    ];
    assert_eq!(row(&events[0]), want);
}

#[test]
fn windows_follow_the_configured_size() {
    assert_eq!(
        (config().window_size, config().window_period),
        (WINDOW, PERIOD)
    );
    // Beam's own 10 s, set through the suite's settings.
    let settings = crate::nexmark::NexmarkSettings {
        window_size: Some(10 * NANOS_PER_SEC),
        ..Default::default()
    };
    let mut c = config();
    settings.apply(&mut c);
    let inputs = vec![bid(0, 1, 5, 1), bid(9_000, 1, 5, 1), bid(10_100, 1, 5, 1)];
    let (rows, _) = run(&q12(&c), inputs);
    let ten = 10 * NANOS_PER_SEC;
    assert_eq!(
        rows,
        vec![
            (ten - 1, 5, 2, 10_100 * MS),
            (2 * ten - 1, 5, 1, 10_101 * MS)
        ]
    );
}
