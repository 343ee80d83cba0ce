//! Engines in other processes, in any language, spoken to over the wire protocol described
//! in `docs/protocol.md`: the frames, the process that speaks them, the engine that drives
//! it, and its registration at run time.

mod engine;
pub mod frame;
mod process;
mod records;
mod spec;

pub use engine::{start, External};
pub use process::ADDR_VAR;
pub use spec::{probe, register, ExternalSpec};
