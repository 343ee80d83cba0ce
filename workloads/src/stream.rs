//! A finite, scheduled input stream: events in injection order plus the watermarks between them.

use crate::event::{Input, Time};
use serde::{Deserialize, Serialize};

/// A watermark the driver injects between two events.
///
/// Semantics used everywhere in streambench: a watermark `w` promises that every later event
/// has `time >= w`. An event that arrives with `time < w` (the latest watermark injected
/// before it) is **late**: engines and the reference drop it at the source and count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatermarkAt {
    /// Injected after `events[..after]` and before `events[after]`.
    pub after: usize,
    /// The watermark's event time.
    pub watermark: Time,
    /// When the driver is scheduled to inject it (the scheduled time of the event before it).
    pub scheduled: Time,
}

/// When watermarks are generated: bounded out-of-orderness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatermarkPolicy {
    /// The watermark trails the largest event time seen so far by this much.
    pub bound: Time,
    /// A watermark is emitted at most once per this much scheduled time.
    pub interval: Time,
}

/// Watermarks by a [`WatermarkPolicy`], decided event by event as a stream is generated.
#[derive(Clone, Debug)]
pub struct Watermarker {
    policy: WatermarkPolicy,
    max_time: Option<Time>,
    last: Option<Time>,
    next_due: Time,
}

impl Watermarker {
    /// Before the first event.
    pub fn new(policy: WatermarkPolicy) -> Self {
        Watermarker {
            policy,
            max_time: None,
            last: None,
            next_due: 0,
        }
    }

    /// The watermark injected right after event `index` of the stream (`input`), if one is.
    pub fn after(&mut self, index: usize, input: &Input) -> Option<WatermarkAt> {
        let t = input.event.time;
        self.max_time = Some(self.max_time.map_or(t, |m| m.max(t)));
        if input.scheduled < self.next_due {
            return None;
        }
        self.next_due = input.scheduled + self.policy.interval.max(1);
        let wm = self.max_time.unwrap_or(0).saturating_sub(self.policy.bound);
        if self.last.is_some_and(|l| wm <= l) {
            return None;
        }
        self.last = Some(wm);
        Some(WatermarkAt {
            after: index + 1,
            watermark: wm,
            scheduled: input.scheduled,
        })
    }
}

/// A finite input: what the driver injects, in order, and what the reference evaluates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stream {
    /// Events in injection order; `scheduled` is non-decreasing.
    pub events: Vec<Input>,
    /// Watermarks in injection order; `after` and `watermark` are non-decreasing.
    pub watermarks: Vec<WatermarkAt>,
    /// The scheduled end of the stream (when the driver signals end of input).
    pub end: Time,
}

impl Stream {
    /// Builds a stream from scheduled events, adding watermarks by `policy`.
    pub fn with_watermarks(events: Vec<Input>, policy: WatermarkPolicy, end: Time) -> Self {
        let mut marker = Watermarker::new(policy);
        let watermarks = events
            .iter()
            .enumerate()
            .filter_map(|(i, input)| marker.after(i, input))
            .collect();
        Stream {
            events,
            watermarks,
            end,
        }
    }

    /// A source's stream: its scheduled events, watermarks by `policy`, and an end no earlier
    /// than `planned_end` (Poisson arrivals may run past the even schedule's end).
    pub fn from_inputs(events: Vec<Input>, policy: WatermarkPolicy, planned_end: Time) -> Self {
        let end = events.last().map_or(0, |e| e.scheduled).max(planned_end);
        Stream::with_watermarks(events, policy, end)
    }

    /// Splits the stream at event `at`: the first part holds `events[..at]` and the watermarks
    /// injected before `events[at]`; the second part holds the rest, re-indexed.
    pub fn split_at(&self, at: usize) -> (Stream, Stream) {
        let at = at.min(self.events.len());
        let cut = self.watermarks.partition_point(|w| w.after <= at);
        let first_end = self.events.get(at).map_or(self.end, |e| e.scheduled);
        let first = Stream {
            events: self.events[..at].to_vec(),
            watermarks: self.watermarks[..cut].to_vec(),
            end: first_end,
        };
        let second = Stream {
            events: self.events[at..].to_vec(),
            watermarks: self.watermarks[cut..]
                .iter()
                .map(|w| WatermarkAt {
                    after: w.after - at,
                    ..*w
                })
                .collect(),
            end: self.end,
        };
        (first, second)
    }

    /// The stream in injection order: maximal runs of events between watermarks, and each
    /// watermark, as the driver hands them to an engine.
    pub fn steps(&self) -> impl Iterator<Item = Step<'_>> + '_ {
        let mut from = 0;
        let mut wms = self.watermarks.iter().peekable();
        std::iter::from_fn(move || {
            if let Some(w) = wms.peek() {
                if w.after > from {
                    let run = &self.events[from..w.after];
                    from = w.after;
                    return Some(Step::Events(run));
                }
                return wms.next().map(Step::Watermark);
            }
            if from < self.events.len() {
                let run = &self.events[from..];
                from = self.events.len();
                return Some(Step::Events(run));
            }
            None
        })
    }
}

/// One step of [`Stream::steps`].
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// Consecutive events with no watermark between them.
    Events(&'a [Input]),
    /// A watermark.
    Watermark(&'a WatermarkAt),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Event;

    fn inputs(times: &[(Time, Time)]) -> Vec<Input> {
        times
            .iter()
            .map(|&(s, t)| Input {
                scheduled: s,
                event: Event::new(t, 0, 0),
            })
            .collect()
    }

    #[test]
    fn watermark_trails_max_by_bound_and_is_monotone() {
        let ev = inputs(&[(0, 50), (10, 40), (20, 70), (30, 60), (40, 90)]);
        let s = Stream::with_watermarks(
            ev,
            WatermarkPolicy {
                bound: 20,
                interval: 20,
            },
            50,
        );
        let wms: Vec<(usize, Time)> = s
            .watermarks
            .iter()
            .map(|w| (w.after, w.watermark))
            .collect();
        assert_eq!(wms, vec![(1, 30), (3, 50), (5, 70)]);
    }

    #[test]
    fn split_keeps_every_item_once() {
        let ev = inputs(&[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let s = Stream::with_watermarks(
            ev,
            WatermarkPolicy {
                bound: 0,
                interval: 1,
            },
            9,
        );
        let (a, b) = s.split_at(2);
        assert_eq!(a.events.len() + b.events.len(), 4);
        assert_eq!(a.watermarks.len() + b.watermarks.len(), s.watermarks.len());
        assert!(b.watermarks.iter().all(|w| w.after <= b.events.len()));
        assert_eq!(a.end, 2);
    }
}
