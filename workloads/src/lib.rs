//! The data side of streambench: what flows into an engine and what the right answer is.
//!
//! * [`Event`] is the record every engine processes; [`Input`] adds the driver's schedule.
//! * [`SyntheticConfig`] generates a deterministic, seeded [`Stream`] of events and watermarks,
//!   offered on a [`RateShape`] (constant, ramp, step, sine, burst, square; even or Poisson).
//! * [`Plan`] is the query algebra (filter, map, key-by, windows with aggregates, windowed
//!   join, top, last-n, closing intervals, unwindowed stream join).
//! * [`reference::evaluate`] is the sequential oracle every engine is checked against.
//! * [`catalog`] names the ready-made workloads a suite can pick.
//! * [`nexmark`] is Apache Beam's Nexmark benchmark: a faithful port of its generator, a
//!   source, and queries q0–q8 and q11 as plans.
#![warn(missing_docs)]

pub mod catalog;
mod chunks;
mod event;
mod keys;
pub mod nexmark;
mod output;
mod payload_size;
pub mod plan;
pub mod reference;
mod rng;
mod schedule;
mod scheduled;
mod shape;
mod shape_pieces;
mod shape_spec;
#[cfg(test)]
mod shape_tests;
mod source_info;
mod stream;
mod synthetic;
pub mod ysb;

pub use chunks::{Chunk, Chunks};
pub use event::{Event, Field, Input, Payload, Time, NANOS_PER_MILLI, NANOS_PER_SEC};
pub use keys::{KeyDistribution, KeySampler};
pub use output::{fingerprint, Output};
pub use payload_size::PayloadSize;
pub use plan::{Aggregate, Plan, PlanError, Window};
pub use rng::SplitMix64;
pub use schedule::{Arrivals, Scheduler};
pub use scheduled::ScheduledSource;
pub use shape::{RateShape, ShapeError};
pub use shape_spec::{parse_shape, shape_spec, SHAPE_KINDS};
pub use source_info::describe_shape;
pub use stream::{Step, Stream, WatermarkAt, WatermarkPolicy, Watermarker};
pub use synthetic::{Disorder, SyntheticConfig};
