//! SVG charts for the HTML report, drawn with plotters into strings that are inlined in
//! the page. Each chart returns `Ok(None)` when there is nothing to draw, so the page can
//! say so instead of showing empty axes.

mod bars;
mod common;
pub mod cpu;
pub mod hockey;
pub mod latency;
mod lines;
pub mod palette;
pub mod recovery;
pub mod scaling;
pub mod state;
pub mod state_per_key;
pub mod throughput;
pub mod timeseries;

pub use common::workloads;
pub use cpu::cpu_chart;
pub use hockey::hockey_chart;
pub use latency::latency_chart;
pub use palette::Palette;
pub use recovery::recovery_chart;
pub use scaling::scaling_chart;
pub use state::state_chart;
pub use state_per_key::state_per_key_chart;
pub use throughput::throughput_chart;
pub use timeseries::timeseries_chart;
