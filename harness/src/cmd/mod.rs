//! The commands, one module each; everything they share lives outside this folder.

pub mod calibrate;
pub mod compare;
pub mod conform;
pub mod dump;
mod dump_nexmark;
pub mod list;
pub mod member;
pub mod report;
pub mod run;
pub mod simulate;
pub mod sustain;
pub mod worker;
pub mod workloads;
