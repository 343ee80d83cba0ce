//! One hand-computed case per rule where streambench once differed from Beam's Nexmark
//! (`WinningBids`, `Query4`, `Query6`): each would fail under the old rule.

use super::fixtures::{auction, bid, run, MS};
use super::*;
use crate::event::NANOS_PER_SEC;

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
    let (rows, _) = run(&q4(), inputs.clone());
    let end = 20 * MS + MS;
    assert_eq!(rows, vec![(NANOS_PER_SEC - 1, 10, 101, end)]);
    // q6: after the first closing the mean is 100, after the second 100.5 -> 101.
    let (rows, _) = run(&q6(), inputs);
    let values: Vec<i64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(values, [100, 101]);
}
