//! Comparing two results files: matching configurations, statistics, verdicts per metric,
//! and the terminal table and `compare.html` that show them.

mod html;
mod judge;
mod metrics;
pub mod stats;
mod table;
#[cfg(test)]
mod tests;

pub use html::compare_html;
pub use judge::{compare, Change, Comparison, Method, Row, ALPHA};
pub use metrics::{Metric, METRICS, SUSTAINABLE};
pub use table::compare_table;
