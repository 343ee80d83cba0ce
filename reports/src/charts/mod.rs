//! SVG charts for the HTML report, drawn with plotters into strings that are inlined in
//! the page. Each chart returns `Ok(None)` when there is nothing to draw, so the page can
//! say so instead of showing empty axes.

mod common;
pub mod latency;
pub mod palette;
pub mod throughput;

pub use common::workloads;
pub use latency::latency_chart;
pub use palette::Palette;
pub use throughput::throughput_chart;
