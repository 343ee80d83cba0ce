//! The Nexmark queries of Beam's suite (`queries/Query0..Query13.java`) and those of the
//! Flink Nexmark kit that Beam's records allow (q14, q15, q17–q20), each a [`Plan`] over the
//! stream of [`super::NexmarkSource`].
//!
//! Window lengths are Beam's `windowSizeSec` / `windowPeriodSec` knobs, read from the
//! run's [`NexmarkConfig`](crate::nexmark::gen::NexmarkConfig) (a suite's `[nexmark]`
//! `window_size_s` / `window_period_s`); Beam defaults to 10 s / 5 s, streambench scales
//! them down tenfold ([`WINDOW`], [`PERIOD`]) so a run of a few seconds closes many windows
//! instead of firing everything at the end of input.
//!
//! [`Plan`]: crate::Plan

mod auctions;
mod beam_more;
mod flink;
mod joins;
mod stateless;
mod windowed;

pub use auctions::{bid_window, q4, q6, winning_bids, Q6_LAST};
pub use beam_more::{q12, q13, q9, side_input, SIDE_INPUT_ROWS};
pub use flink::{
    bid_time_type, bidder_auction, price_range, q14, q14_price, q15, q17, q18, q19, q20, Q19_TOP,
    Q20_CATEGORY,
};
pub use joins::{q3, q8};
pub use stateless::{q0, q1, q2};
pub use windowed::{q11, q5, q7};

use crate::event::{Time, NANOS_PER_MILLI};

/// The default window length of the windowed queries and q11's session gap (Beam: 10 s).
pub const WINDOW: Time = 1000 * NANOS_PER_MILLI;
/// The default slide of the sliding windows of q4 and q5 (Beam: 5 s).
pub const PERIOD: Time = 500 * NANOS_PER_MILLI;

#[cfg(test)]
mod beam_rules;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_more;
