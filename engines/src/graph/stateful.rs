//! The stateful operators behind one enum, so a graph can hold any of them.

use super::acc::{Pair, Word};
use super::{Closing, FixedWindows, LastN, Sessions, StreamJoin, WindowJoin, WindowTop};
use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use workloads::plan::{Aggregate, Plan, Window};
use workloads::{Output, Time};

/// The state of one window or join node.
pub enum Stateful {
    /// Tumbling or sliding windows of a one-word aggregate.
    Fixed(FixedWindows<Word>),
    /// Tumbling or sliding windows of an average.
    FixedAvg(FixedWindows<Pair>),
    /// Session windows.
    Session(Sessions),
    /// A windowed join.
    Join(WindowJoin),
    /// The largest record(s) per window and key.
    Top(WindowTop),
    /// An aggregate over each key's last `n` records.
    LastN(LastN),
    /// Intervals opened by left records, closed with their best right record.
    Closing(Closing),
    /// An unwindowed incremental join.
    StreamJoin(StreamJoin),
}

impl Stateful {
    /// Fresh state for a plan node, if the node holds state.
    pub fn for_plan(plan: &Plan) -> Option<Stateful> {
        Some(match plan {
            Plan::Window {
                window, aggregate, ..
            } => match *window {
                Window::Session { gap } => Stateful::Session(Sessions::new(gap, *aggregate)),
                w if *aggregate == Aggregate::Avg => {
                    Stateful::FixedAvg(FixedWindows::new(w, *aggregate))
                }
                w => Stateful::Fixed(FixedWindows::new(w, *aggregate)),
            },
            Plan::Join {
                window, combine, ..
            } => Stateful::Join(WindowJoin::new(*window, combine.clone())),
            Plan::Top { window, ties, .. } => Stateful::Top(WindowTop::new(*window, *ties)),
            Plan::LastN {
                n,
                aggregate,
                rank,
                order,
                ..
            } => Stateful::LastN(LastN::new(*n, *aggregate, rank.clone(), order.clone())),
            Plan::Closing {
                lookback,
                end,
                accept,
                combine,
                ..
            } => Stateful::Closing(Closing::new(
                *lookback,
                end.clone(),
                accept.clone(),
                combine.clone(),
            )),
            Plan::StreamJoin { combine, .. } => {
                Stateful::StreamJoin(StreamJoin::new(combine.clone()))
            }
            Plan::Source | Plan::Filter { .. } | Plan::Map { .. } | Plan::KeyBy { .. } => {
                return None
            }
        })
    }

    /// Adds a record arriving on input `port` (0 = left/only, 1 = right). Operators that emit
    /// on arrival (the unwindowed join) put their results in `out`.
    #[inline]
    pub fn insert(&mut self, port: usize, rec: &Output, out: &mut Vec<Output>) {
        match self {
            Stateful::Fixed(s) => s.insert(rec),
            Stateful::FixedAvg(s) => s.insert(rec),
            Stateful::Session(s) => s.insert(rec),
            Stateful::Join(s) => s.insert(port == 0, rec),
            Stateful::Top(s) => s.insert(rec),
            Stateful::LastN(s) => s.insert(rec),
            Stateful::Closing(s) => s.insert(port == 0, rec),
            Stateful::StreamJoin(s) => s.insert(port == 0, rec, out),
        }
    }

    /// Emits everything the watermark closes.
    pub fn fire(&mut self, watermark: Time, cause: Time, out: &mut Vec<Output>) {
        match self {
            Stateful::Fixed(s) => s.fire(watermark, cause, out),
            Stateful::FixedAvg(s) => s.fire(watermark, cause, out),
            Stateful::Session(s) => s.fire(watermark, cause, out),
            Stateful::Join(s) => s.fire(watermark, cause, out),
            Stateful::Top(s) => s.fire(watermark, cause, out),
            Stateful::LastN(s) => s.fire(watermark, cause, out),
            Stateful::Closing(s) => s.fire(watermark, cause, out),
            Stateful::StreamJoin(_) => {}
        }
    }

    /// Logical state size.
    pub fn state_bytes(&self) -> u64 {
        match self {
            Stateful::Fixed(s) => s.state_bytes(),
            Stateful::FixedAvg(s) => s.state_bytes(),
            Stateful::Session(s) => s.state_bytes(),
            Stateful::Join(s) => s.state_bytes(),
            Stateful::Top(s) => s.state_bytes(),
            Stateful::LastN(s) => s.state_bytes(),
            Stateful::Closing(s) => s.state_bytes(),
            Stateful::StreamJoin(s) => s.state_bytes(),
        }
    }

    /// Number of inputs (1, or 2 for the two-input operators).
    pub fn inputs(&self) -> usize {
        match self {
            Stateful::Join(_) | Stateful::Closing(_) | Stateful::StreamJoin(_) => 2,
            _ => 1,
        }
    }

    /// Serialises the state, tagged with its kind.
    pub fn encode(&self, e: &mut Encoder) {
        match self {
            Stateful::Fixed(s) => {
                e.u64(1);
                s.encode(e)
            }
            Stateful::Session(s) => {
                e.u64(2);
                s.encode(e)
            }
            Stateful::Join(s) => {
                e.u64(3);
                s.encode(e)
            }
            Stateful::FixedAvg(s) => {
                e.u64(4);
                s.encode(e)
            }
            Stateful::Top(s) => {
                e.u64(5);
                s.encode(e)
            }
            Stateful::LastN(s) => {
                e.u64(6);
                s.encode(e)
            }
            Stateful::Closing(s) => {
                e.u64(7);
                s.encode(e)
            }
            Stateful::StreamJoin(s) => {
                e.u64(8);
                s.encode(e)
            }
        }
    }

    /// Replaces the state with a decoded one of the same kind.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        let tag = d.u64()?;
        match (self, tag) {
            (Stateful::Fixed(s), 1) => s.decode(d),
            (Stateful::Session(s), 2) => s.decode(d),
            (Stateful::Join(s), 3) => s.decode(d),
            (Stateful::FixedAvg(s), 4) => s.decode(d),
            (Stateful::Top(s), 5) => s.decode(d),
            (Stateful::LastN(s), 6) => s.decode(d),
            (Stateful::Closing(s), 7) => s.decode(d),
            (Stateful::StreamJoin(s), 8) => s.decode(d),
            (_, t) => Err(EngineError::Snapshot(format!(
                "operator kind {t} does not match this plan"
            ))),
        }
    }
}
