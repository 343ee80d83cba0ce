//! Shared helpers for the cross-crate tests, and the engines that misbehave on purpose.
#![warn(missing_docs)]

pub mod mock;
