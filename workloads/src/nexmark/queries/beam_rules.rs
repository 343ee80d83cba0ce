//! One hand-computed case per rule where streambench once differed from Beam's Nexmark
//! (`WinningBids`, `Query4`, `Query6`): each would fail under the old rule.

use super::fixtures::{auction, bid, config, run, MS};
use super::*;
use crate::event::NANOS_PER_SEC;
use crate::nexmark::access::{auction as auction_of, int};
use crate::nexmark::gen::BASE_TIME_MS;
use crate::nexmark::NexmarkSource;
use crate::reference::evaluate;

#[test]
fn means_round_half_up_as_math_round() {
    // Two auctions of category 10 (seller 7) won at 100 and 101: the mean 100.5 is 101
    // (Math.round), where the floor gave 100.
    let inputs = vec![
        auction(0, 1, 7, 10, 1, 100),
        auction(0, 2, 7, 10, 1, 200),
        bid(10, 1, 5, 100),
        bid(20, 2, 5, 101),
    ];
    let (rows, _) = run(&q4(&config()), inputs.clone());
    let end = 20 * MS + MS;
    let windows = [500 * MS - 1, NANOS_PER_SEC - 1];
    assert_eq!(rows, windows.map(|t| (t, 10, 101, end)));
    // q6: after the first closing the mean is 100, after the second 100.5 -> 101.
    let (rows, _) = run(&q6(&config()), inputs);
    let values: Vec<i64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(values, [100, 101]);
}

#[test]
fn the_first_sliding_window_starts_before_the_first_event() {
    // Beam's sliding windows are aligned to the epoch (so to the base time, a multiple of
    // 10 s): the first events fall in [-500 ms, 500 ms), which Beam emits. Here three
    // auctions tie in it with 2 bids each; [0, 1 s) has auction 3 alone on top.
    let inputs = vec![
        bid(0, 1, 5, 1),
        bid(100, 2, 5, 1),
        bid(200, 3, 5, 1),
        bid(300, 1, 5, 1),
        bid(400, 2, 5, 1),
        bid(450, 3, 5, 1),
        bid(600, 3, 5, 1),
    ];
    let (rows, events) = run(&q5(&config()), inputs);
    // The first window closes on the watermark of the bid at 600 ms.
    let first: Vec<_> = rows.iter().filter(|r| r.0 == 500 * MS - 1).collect();
    assert_eq!(first, [&(500 * MS - 1, 0, 2, 600 * MS); 3]);
    let tied: Vec<i64> = events
        .iter()
        .filter(|e| e.time == 500 * MS - 1)
        .map(|e| int(e, 0))
        .collect();
    assert_eq!(tied, [1, 2, 3]);
    assert_eq!(rows[3], (NANOS_PER_SEC - 1, 0, 3, 601 * MS));
}

#[test]
fn bids_placed_before_their_auction_opened_can_win() {
    // Beam's example at 100 k events/s: auction 1252 opens at +42 ms, expires at +46 ms,
    // reserve 42,735; its only bid at or above the reserve was placed at +40 ms, before the
    // auction opened (the generator bids on auctions up to ten ids ahead), and wins.
    let source = NexmarkSource::new(100_000.0, 6_000, 0, 1);
    let stream = source.generate();
    let opened = stream
        .events
        .iter()
        .find_map(|i| auction_of(&i.event).filter(|a| a.id == 1252).cloned());
    let a = opened.expect("auction 1252 is among the first 6,000 events");
    let since_base = (a.date_time - BASE_TIME_MS, a.expires - BASE_TIME_MS);
    assert_eq!((since_base, a.reserve), ((42, 46), 42_735));
    let plan = winning_bids(source.config().nexmark());
    let e = evaluate(&plan, &stream);
    let won: Vec<_> = e.outputs.iter().filter(|o| o.event.key == 1252).collect();
    assert_eq!(won.len(), 1);
    let (time, price, bid_time) = (won[0].event.time, won[0].event.value, int(&won[0].event, 3));
    assert_eq!((time, price), (46 * MS - 1, 2_111_090));
    assert_eq!(
        bid_time,
        (40 * MS) as i64,
        "placed 2 ms before the auction opened"
    );
}

#[test]
fn a_bid_older_than_the_bid_window_does_not_count() {
    // The bid window at 10,000 events/s is 2 * 167 ms: a bid placed 334 ms or more before
    // its auction opens has seen its window close (it can no longer win); one placed 333 ms
    // before can.
    assert_eq!(bid_window(&config()), 334 * MS - 1);
    let inputs = vec![
        bid(0, 1, 5, 500),
        bid(1, 1, 6, 400),
        auction(334, 1, 7, 10, 1, 400),
    ];
    let (rows, _) = run(&winning_bids(&config()), inputs);
    assert_eq!(rows, vec![(400 * MS - 1, 1, 400, 335 * MS)]);
}

#[test]
fn q6_takes_a_sellers_auctions_closing_in_one_millisecond_in_auction_order() {
    // Seller 7's auctions 1 and 2 both expire at 100 ms, won at 300 and 100. In auction
    // order the running means are 300, then 200; in ascending price they were 100, then 200.
    let inputs = vec![
        auction(0, 1, 7, 10, 1, 100),
        auction(1, 2, 7, 10, 1, 100),
        bid(10, 1, 5, 300),
        bid(20, 2, 5, 100),
    ];
    let (rows, events) = run(&q6(&config()), inputs);
    let values: Vec<i64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(values, [200, 300]);
    // Each result still carries its auction: the mean 300 is auction 1's closing.
    let auctions: Vec<(i64, i64)> = events.iter().map(|e| (e.value, int(e, 0))).collect();
    assert_eq!(auctions, [(200, 2), (300, 1)]);
}
