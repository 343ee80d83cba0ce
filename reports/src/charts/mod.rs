//! SVG charts for the HTML report, drawn with plotters into strings that are inlined in
//! the page. Each chart returns `Ok(None)` when there is nothing to draw, so the page can
//! say so instead of showing empty axes.

mod bars;
mod common;
pub mod cpu;
pub mod hockey;
pub mod latency;
mod lines;
pub mod membership;
pub mod palette;
pub mod prediction;
pub mod recovery;
pub mod scaling;
pub mod sim_scaling;
pub mod state;
pub mod state_per_key;
pub mod throughput;
pub mod timeseries;

pub use common::workloads;
pub use cpu::cpu_chart;
pub use hockey::hockey_chart;
pub use latency::latency_chart;
pub use membership::membership_chart;
pub use palette::Palette;
pub use prediction::prediction_chart;
pub use recovery::recovery_chart;
pub use scaling::scaling_chart;
pub use sim_scaling::sim_scaling_chart;
pub use state::state_chart;
pub use state_per_key::state_per_key_chart;
pub use throughput::throughput_chart;
pub use timeseries::timeseries_chart;

#[cfg(test)]
mod sim_tests;
