//! Multi-process runs: the coordinator (the executor `streambench run` uses for
//! multi-process engines), and what it says to member processes (`streambench member`,
//! [`crate::cmd::member`]), each running one process of a multi-process engine.
//!
//! Every member generates the whole stream from the same suite and seed, injects the events
//! it owns (round-robin by index) and every watermark on the common schedule, and measures
//! the results its own engine process delivers. The coordinator merges those measurements
//! into one run and checks the merged results against the reference.
//!
//! Clocks: members on one host read the same monotonic clock and start at the same wall
//! clock instant, so latencies from different processes are comparable to within the
//! clock's resolution. Across hosts, the coordinator measures each member's wall-clock
//! offset by ping and corrects its start; the run records half the best round trip as the
//! bound of that correction (`clock_error_ns`), which assumes the hosts' clocks do not drift
//! apart during the run (NTP or PTP keeps them so).

mod coordinator;
mod crashes;
mod hosts;
mod members;
mod peer;
mod setup;
pub(crate) mod wire;

pub use coordinator::{ClusterSetup, Coordinator};
pub use hosts::parse_hosts;
pub use members::TOKEN_VAR;
pub(crate) use peer::error_line;
pub use setup::{coordinator, local_copies};
