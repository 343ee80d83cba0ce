//! streambench's cluster model: predicts how a plan runs on N nodes × S slots from costs
//! measured on this machine, so a user can weigh partitioning, key skew, replication and a
//! node's loss at a scale they cannot rent.
//!
//! * [`CostProfile`] is what calibration measured (DS2's true processing rates, exchange and
//!   state costs) — all the model knows of an engine; it never depends on `engines`.
//! * [`SimConfig`] is the modelled deployment; [`simulate`] runs the discrete-event model
//!   and returns a [`SimResult`], which [`SimResult::figures`] turns into the same figures a
//!   measured run has.
//! * [`Placement`] assigns keys to nodes by consistent hashing (virtual nodes) or modulo,
//!   with replicas, and counts what a membership change moves.
#![warn(missing_docs)]

mod config;
pub mod delay;
mod hosts;
mod keyspace;
mod membership;
mod placement;
mod profile;
pub mod queue;
mod result;
mod sim;
mod source;
mod stages;
mod step;
mod tasks;

pub use config::{Change, Partitioning, SimConfig, SimError};
pub use delay::{monotone, LoadDelay, Spread, DELAY_QUANTILES};
pub use keyspace::key_probabilities;
pub use placement::Placement;
pub use profile::{CostProfile, ExchangeCost, OperatorCost, ProfileError, PROFILE_VERSION};
pub use result::SimResult;
pub use sim::{simulate, utilisation};
pub use stages::{execution_order, Firing, Stages};
#[cfg(test)]
mod sim_tests;
