//! Comparing two results files: matching configurations, statistics, verdicts per metric,
//! and the terminal table and `compare.html` that show them.

mod chart;
mod html;
mod judge;
mod matching;
mod metrics;
#[cfg(test)]
mod noise_tests;
pub mod stats;
mod table;
#[cfg(test)]
mod tests;

pub use chart::change_chart;
pub use html::{compare_html, compare_title, Side};
pub use judge::{compare, Change, Comparison, Method, Row, TooFew, Why, CONFIDENCE};
pub use matching::{Collapsed, Ignore, IGNORABLE};
pub use metrics::{Metric, METRICS, SUSTAINABLE};
pub use table::compare_table;
