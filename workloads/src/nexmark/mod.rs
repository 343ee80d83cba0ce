//! Nexmark: Apache Beam's auction-site benchmark — its generator ([`gen`], a faithful port),
//! the source that turns it into a scheduled stream ([`NexmarkSource`]), and its queries
//! expressed in the plan algebra ([`queries`]).

pub mod access;
pub mod gen;
pub mod queries;
mod settings;
mod source;

pub use settings::NexmarkSettings;
pub use source::{to_event, to_time, NexmarkSource};
