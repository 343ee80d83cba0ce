//! Each query's reference result on a handful of hand-made records, computed by hand.

use super::fixtures::{auction, bid, config, person, row, run, MS};
use super::*;
use crate::event::{Event, Field, Payload, NANOS_PER_SEC};
use crate::nexmark::gen::NexmarkEvent;

#[test]
fn q0_passes_everything_through() {
    let inputs = vec![
        person(0, 1, "OR"),
        auction(1, 10, 1, 10, 5, 9),
        bid(2, 10, 1, 7),
    ];
    let want: Vec<Event> = inputs.iter().map(|i| i.event.clone()).collect();
    assert_eq!(run(&q0(), inputs).1, want);
}

#[test]
fn q1_converts_bid_prices_with_integer_arithmetic() {
    let inputs = vec![person(0, 1, "OR"), bid(1, 10, 1, 1000), bid(2, 11, 1, 101)];
    let (rows, events) = run(&q1(), inputs);
    // 1000 * 89 / 100 = 890; 101 * 89 = 8989, / 100 = 89.
    assert_eq!(rows, vec![(MS, 10, 890, MS), (2 * MS, 11, 89, 2 * MS)]);
    assert!(matches!(&events[1].payload, Payload::Nexmark(n)
        if matches!(&**n, NexmarkEvent::Bid(b) if b.price == 89)));
}

#[test]
fn q2_selects_every_123rd_auction() {
    let inputs = vec![
        bid(0, 1230, 1, 5),
        bid(1, 1231, 1, 6),
        auction(2, 1353, 1, 10, 1, 9),
    ];
    let (rows, events) = run(&q2(), inputs);
    assert_eq!(rows, vec![(0, 1230, 5, 0)]);
    assert_eq!(row(&events[0]), vec![Field::Int(1230), Field::Int(5)]);
}

#[test]
fn q3_joins_local_sellers_with_category_10_as_soon_as_both_arrive() {
    let inputs = vec![
        person(0, 1, "OR"),
        person(1, 2, "WA"),
        auction(2, 10, 1, 10, 5, 99), // OR seller, category 10: match now
        auction(3, 11, 1, 11, 5, 99), // wrong category
        auction(4, 12, 2, 10, 5, 99), // seller in WA
        auction(5, 13, 3, 10, 5, 99), // seller not seen yet
        person(6, 3, "CA"),           // ... matches auction 13 now
    ];
    let (rows, events) = run(&q3(), inputs);
    assert_eq!(rows, vec![(2 * MS, 1, 10, 2 * MS), (6 * MS, 3, 13, 6 * MS)]);
    let cols = row(&events[0]);
    assert_eq!(
        cols,
        vec![
            Field::str("p1"),
            Field::str("c1"),
            Field::str("OR"),
            Field::Int(10)
        ]
    );
}

#[test]
fn q4_averages_winning_prices_per_category() {
    let inputs = vec![
        auction(0, 1, 9, 10, 100, 300),
        auction(0, 3, 9, 11, 1000, 100),
        auction(10, 2, 9, 10, 50, 200),
        bid(20, 2, 5, 60),
        bid(30, 1, 5, 90), // below the reserve
        bid(50, 1, 5, 150),
        bid(60, 3, 5, 10),   // below the reserve: auction 3 has no winner
        bid(100, 1, 5, 200), // wins auction 1
        bid(150, 2, 5, 80),  // wins auction 2
        bid(350, 1, 5, 500), // after auction 1 expired
    ];
    let (rows, _) = run(&q4(&config()), inputs);
    // Both closings (at 300 ms and 200 ms) fall in the sliding windows [-500 ms, 500 ms)
    // and [0, 1 s).
    let mean = (200 + 80) / 2;
    assert_eq!(
        rows,
        vec![
            (500 * MS - 1, 10, mean, 351 * MS),
            (NANOS_PER_SEC - 1, 10, mean, 351 * MS)
        ]
    );
    let (winners, _) = run(
        &winning_bids(&config()),
        vec![
            auction(0, 1, 9, 10, 100, 300),
            bid(1, 1, 5, 150),
            bid(2, 1, 6, 150),
        ],
    );
    // Equal prices: the earlier bid wins; the result closes at expiry - 1.
    assert_eq!(winners, vec![(300 * MS - 1, 1, 150, 2 * MS + MS)]);
}

#[test]
fn q5_picks_the_auction_with_most_bids_per_sliding_window() {
    let inputs = vec![
        bid(100, 1, 5, 1),
        bid(100, 2, 5, 1),
        bid(200, 1, 5, 1),
        bid(300, 1, 5, 1),
        bid(600, 2, 5, 1),
        bid(700, 2, 5, 1),
    ];
    let (rows, events) = run(&q5(&config()), inputs);
    // [-500 ms, 500 ms): auction 1 (3 bids); [0, 1 s): 3 bids each, both auctions tie at
    // the top; [500 ms, 1.5 s): auction 2. The first closes on the bid at 600 ms.
    let end = 701 * MS;
    assert_eq!(
        rows,
        vec![
            (500 * MS - 1, 0, 3, 600 * MS),
            (NANOS_PER_SEC - 1, 0, 3, end),
            (NANOS_PER_SEC - 1, 0, 3, end),
            (1500 * MS - 1, 0, 2, end)
        ]
    );
    let auctions: Vec<Vec<Field>> = events.iter().map(row).collect();
    assert_eq!(
        auctions,
        vec![
            vec![Field::Int(1)],
            vec![Field::Int(1)],
            vec![Field::Int(2)],
            vec![Field::Int(2)]
        ]
    );
}

#[test]
fn q6_averages_each_sellers_last_ten_closings() {
    let mut inputs = Vec::new();
    for i in 1..=12 {
        inputs.push(auction(i * 10, i, 7, 10, 1, i * 10 + 5));
        inputs.push(bid(i * 10 + 1, i, 5, 10 * i));
    }
    let (rows, _) = run(&q6(&config()), inputs);
    let values: Vec<i64> = rows.iter().map(|r| r.2).collect();
    // Prices 10, 20, ..., 120: running means of the first ten, then of 20..110 and 30..120.
    assert_eq!(values, [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 65, 75]);
    assert!(rows.iter().all(|r| r.1 == 7));
}

#[test]
fn q6_keeps_the_ten_latest_winning_bids_by_bid_time() {
    // Auction 11 closes last but was won by the oldest bid (1000 at 1 ms): as in Beam, it
    // falls out of the seller's ten latest at once, and the mean stays that of 10..100.
    let mut inputs = vec![auction(0, 11, 7, 10, 1, 300), bid(1, 11, 5, 1000)];
    for i in 1..=10 {
        inputs.push(auction(i * 10, i, 7, 10, 1, 150 + i));
        inputs.push(bid(i * 10 + 1, i, 5, 10 * i));
    }
    let (rows, _) = run(&q6(&config()), inputs);
    let values: Vec<i64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(values, [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 55]);
}

#[test]
fn q7_emits_every_bid_with_the_windows_highest_price() {
    let inputs = vec![
        bid(0, 1, 5, 5),
        bid(10, 2, 5, 9),
        bid(20, 3, 6, 9),
        bid(30, 4, 5, 3),
        bid(1000, 5, 5, 4),
    ];
    let (rows, _) = run(&q7(&config()), inputs);
    let (w1, end) = (NANOS_PER_SEC - 1, 1001 * MS);
    assert_eq!(
        rows,
        vec![
            (w1, 2, 9, 1000 * MS),
            (w1, 3, 9, 1000 * MS),
            (2 * NANOS_PER_SEC - 1, 5, 4, end)
        ]
    );
}

#[test]
fn q8_finds_sellers_registered_in_the_same_window() {
    let inputs = vec![
        person(100, 1, "OR"),
        auction(500, 10, 1, 10, 70, 9000),
        person(900, 2, "OR"),
        auction(1100, 11, 2, 10, 80, 9000), // next window
        auction(1200, 12, 1, 10, 90, 9000), // next window
    ];
    let (rows, events) = run(&q8(&config()), inputs);
    assert_eq!(rows, vec![(NANOS_PER_SEC - 1, 1, 70, 1100 * MS)]);
    assert_eq!(
        row(&events[0]),
        vec![Field::Int(1), Field::str("p1"), Field::Int(70)]
    );
}

#[test]
fn q11_counts_bids_per_bidder_session() {
    let inputs = vec![
        bid(0, 1, 5, 1),
        bid(100, 1, 6, 1),
        bid(500, 1, 5, 1),
        bid(1400, 1, 5, 1),
        bid(3000, 1, 5, 1),
    ];
    let (rows, _) = run(&q11(&config()), inputs);
    let end = 3001 * MS;
    assert_eq!(
        rows,
        vec![
            (1100 * MS - 1, 6, 1, 1400 * MS),
            (2400 * MS - 1, 5, 3, 3000 * MS),
            (4000 * MS - 1, 5, 1, end),
        ]
    );
}
