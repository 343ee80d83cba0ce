//! Builder methods of [`Plan`]: each wraps `self` in one more operator.

use super::node::Ties;
use super::{Aggregate, Plan, Window};
use crate::event::{Event, Time};
use std::sync::Arc;

impl Plan {
    /// The input stream.
    pub fn source() -> Plan {
        Plan::Source
    }

    /// Keeps events for which `p` is true.
    pub fn filter(self, p: impl Fn(&Event) -> bool + Send + Sync + 'static) -> Plan {
        Plan::Filter {
            input: Box::new(self),
            predicate: Arc::new(p),
        }
    }

    /// Transforms each event (its event time is kept).
    pub fn map(self, f: impl Fn(&Event) -> Event + Send + Sync + 'static) -> Plan {
        Plan::Map {
            input: Box::new(self),
            f: Arc::new(f),
        }
    }

    /// Sets each event's key to `k(event)`.
    pub fn key_by(self, k: impl Fn(&Event) -> u64 + Send + Sync + 'static) -> Plan {
        Plan::KeyBy {
            input: Box::new(self),
            key: Arc::new(k),
        }
    }

    /// Aggregates per key and window.
    pub fn window(self, window: Window, aggregate: Aggregate) -> Plan {
        Plan::Window {
            input: Box::new(self),
            window,
            aggregate,
        }
    }

    /// Joins `self` (left) with `right` per key and window.
    pub fn join(
        self,
        right: Plan,
        window: Window,
        combine: impl Fn(&Event, &Event) -> Event + Send + Sync + 'static,
    ) -> Plan {
        Plan::Join {
            left: Box::new(self),
            right: Box::new(right),
            window,
            combine: Arc::new(combine),
        }
    }

    /// Per key and window, the record(s) with the largest value.
    pub fn top(self, window: Window, ties: Ties) -> Plan {
        Plan::Top {
            input: Box::new(self),
            window,
            ties,
        }
    }

    /// Per key, each record with `value` = `aggregate` over the key's last `n` records, by
    /// event time (records of one time taken in [`Event`] order).
    pub fn last_n(self, n: usize, aggregate: Aggregate) -> Plan {
        self.last_n_by(n, aggregate, |e| e.time, |_| 0)
    }

    /// Per key, each record with `value` = `aggregate` over the key's `n` records of largest
    /// `rank` so far, records of one event time taken by ascending `order` (see
    /// [`Plan::LastN`]).
    pub fn last_n_by(
        self,
        n: usize,
        aggregate: Aggregate,
        rank: impl Fn(&Event) -> Time + Send + Sync + 'static,
        order: impl Fn(&Event) -> u64 + Send + Sync + 'static,
    ) -> Plan {
        Plan::LastN {
            input: Box::new(self),
            n,
            aggregate,
            rank: Arc::new(rank),
            order: Arc::new(order),
        }
    }

    /// Pairs each record of `self` with the best accepted record of `right` of its key within
    /// `[time - lookback, end(left))`, when that interval closes (see [`Plan::Closing`]).
    pub fn closing(
        self,
        right: Plan,
        lookback: Time,
        end: impl Fn(&Event) -> Time + Send + Sync + 'static,
        accept: impl Fn(&Event, &Event) -> bool + Send + Sync + 'static,
        combine: impl Fn(&Event, &Event) -> Event + Send + Sync + 'static,
    ) -> Plan {
        Plan::Closing {
            left: Box::new(self),
            right: Box::new(right),
            lookback,
            end: Arc::new(end),
            accept: Arc::new(accept),
            combine: Arc::new(combine),
        }
    }

    /// Joins `self` (left) with `right` per key without windows, emitting each pair when its
    /// second record arrives (see [`Plan::StreamJoin`]).
    pub fn stream_join(
        self,
        right: Plan,
        combine: impl Fn(&Event, &Event) -> Event + Send + Sync + 'static,
    ) -> Plan {
        Plan::StreamJoin {
            left: Box::new(self),
            right: Box::new(right),
            combine: Arc::new(combine),
        }
    }
}
