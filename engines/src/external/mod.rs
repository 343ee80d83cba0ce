//! Engines in other processes, in any language, spoken to over the wire protocol described
//! in `docs/protocol.md`: the frames, the process that speaks them, the engine that drives
//! it, the processes kept between runs, and its registration at run time.

mod engine;
pub mod frame;
mod keeper;
mod process;
mod records;
mod spec;

pub use engine::{start, External};
pub use keeper::{may_share, release_kept};
pub use process::ADDR_VAR;
pub use spec::{probe, register, ExternalSpec};
