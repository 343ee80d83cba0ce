//! The stream a run injects, generated ahead of its schedule part by part rather than
//! materialised before the clock starts: the driver holds the part it is injecting and the
//! next, so a run's memory does not grow with its length.
//!
//! Generation is deterministic, so a source rewound to a checkpoint's offset replays the
//! same events: the parts since the latest checkpoint are kept for that, and a rewind to
//! anywhere before them (a crash before the first checkpoint restarts from the beginning)
//! generates the stream again from its start. The time spent generating is counted apart
//! (the harness's, not the engine's), as the driver spends it instead of spinning.

use crate::recovery::Position;
use std::collections::VecDeque;
use std::time::Instant;
use workloads::catalog::Source;
use workloads::{Chunks, Input, Time, WatermarkAt};

/// Events per generated part: small enough that generating one while the driver is ahead
/// of its schedule (a few µs for the synthetic source) delays no input noticeably.
pub const PART_EVENTS: usize = 1024;

/// Events generated ahead of the driver's position, at least, when it has time to spare.
const LOOKAHEAD: usize = 2 * PART_EVENTS;

/// A source's stream, generated as the driver reaches it.
pub struct Ahead<'w> {
    source: &'w Source,
    parts: Chunks<'w>,
    /// Generated parts not yet released, each with the index of its first event.
    events: VecDeque<(usize, Vec<Input>)>,
    /// Generated watermarks not yet released (`after` counts from the stream's start) and
    /// the index of the first.
    watermarks: VecDeque<WatermarkAt>,
    watermarks_base: usize,
    /// Events and watermarks generated so far.
    generated: Position,
    /// The stream's end, once its last part is generated.
    end: Option<Time>,
    /// Nothing from here on is released: the latest checkpoint's position.
    keep: Option<Position>,
    /// Nanoseconds spent generating.
    spent: Time,
}

impl<'w> Ahead<'w> {
    /// Nothing generated yet.
    pub fn new(source: &'w Source) -> Self {
        Ahead {
            source,
            parts: Chunks::new(source, PART_EVENTS),
            events: VecDeque::new(),
            watermarks: VecDeque::new(),
            watermarks_base: 0,
            generated: Position::default(),
            end: None,
            keep: None,
            spent: 0,
        }
    }

    /// Nanoseconds spent generating so far.
    pub fn spent(&self) -> Time {
        self.spent
    }

    /// The events from index `i` to the end of the part holding it; empty past the last.
    pub fn events_from(&mut self, i: usize) -> &[Input] {
        while self.generated.event <= i && self.end.is_none() {
            self.generate();
        }
        let k = self.events.partition_point(|(first, _)| *first <= i);
        match k.checked_sub(1).map(|k| &self.events[k]) {
            Some((first, part)) => part.get(i - first..).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Watermark `w` of the stream, if it has that many.
    pub fn watermark(&mut self, w: usize) -> Option<WatermarkAt> {
        while self.generated.watermark <= w && self.end.is_none() {
            self.generate();
        }
        let k = w.checked_sub(self.watermarks_base)?;
        self.watermarks.get(k).copied()
    }

    /// The stream's scheduled end (generating the rest when it is not known yet).
    pub fn end(&mut self) -> Time {
        loop {
            if let Some(end) = self.end {
                return end;
            }
            self.generate();
        }
    }

    /// Generates the next part when fewer than [`LOOKAHEAD`] events are generated beyond
    /// `pos`: what the driver does while it would otherwise wait for the schedule.
    pub fn prefetch(&mut self, pos: Position) {
        if self.end.is_none() && self.generated.event < pos.event + LOOKAHEAD {
            self.generate();
        }
    }

    /// The driver is at `pos`: what comes before it (and before the latest checkpoint) is
    /// not needed any more, but for the watermark just before it (a checkpoint records it).
    pub fn release(&mut self, pos: Position) {
        let keep = self.keep.unwrap_or(pos);
        let (events, watermarks) = (pos.event.min(keep.event), pos.watermark.min(keep.watermark));
        while self
            .events
            .front()
            .is_some_and(|(first, part)| first + part.len() <= events)
        {
            self.events.pop_front();
        }
        while self.watermarks_base + 1 < watermarks && self.watermarks.pop_front().is_some() {
            self.watermarks_base += 1;
        }
    }

    /// A checkpoint was taken at `pos`: keep everything from there for a rewind.
    pub fn keep_from(&mut self, pos: Position) {
        self.keep = Some(pos);
    }

    /// The source rewinds to `pos` (a crash's recovery): served from the parts kept, or
    /// generated again from the start of the stream.
    pub fn rewind(&mut self, pos: Position) {
        let kept_events = self.events.front().map_or(self.generated.event, |p| p.0);
        if pos.event >= kept_events && pos.watermark >= self.watermarks_base {
            return;
        }
        *self = Ahead {
            keep: self.keep,
            spent: self.spent,
            ..Ahead::new(self.source)
        };
        while self.generated.event <= pos.event && self.end.is_none() {
            self.generate();
            self.release(pos);
        }
        self.release(pos);
    }

    fn generate(&mut self) {
        let started = Instant::now();
        if let Some(c) = self.parts.next() {
            let first = c.first_event;
            self.generated.event += c.stream.events.len();
            self.generated.watermark += c.stream.watermarks.len();
            self.watermarks
                .extend(c.stream.watermarks.iter().map(|w| WatermarkAt {
                    after: w.after + first,
                    ..*w
                }));
            if !c.stream.events.is_empty() {
                self.events.push_back((first, c.stream.events));
            }
            if c.last {
                self.end = Some(c.stream.end);
            }
        }
        self.spent += started.elapsed().as_nanos() as Time;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::catalog::{find, Params};

    fn source() -> Source {
        let p = Params {
            rate: 10_000.0,
            duration: 1.0,
            late_fraction: 0.05,
            ..Params::default()
        };
        find("window-count").unwrap().build(&p).source
    }

    /// The driver's walk: every event and watermark in order, releasing as it goes.
    fn walk(a: &mut Ahead, from: Position, until: usize) -> (Vec<Input>, Vec<WatermarkAt>) {
        let (mut events, mut wms) = (Vec::new(), Vec::new());
        let mut pos = from;
        while pos.event < until {
            a.release(pos);
            let mark = a.watermark(pos.watermark);
            if let Some(w) = mark.filter(|w| w.after == pos.event) {
                wms.push(w);
                pos.watermark += 1;
                continue;
            }
            let run = a.events_from(pos.event);
            if run.is_empty() {
                break;
            }
            let n = run
                .len()
                .min(100)
                .min(until - pos.event)
                .min(mark.map_or(usize::MAX, |m| m.after - pos.event));
            events.extend_from_slice(&run[..n]);
            pos.event += n;
            a.prefetch(pos);
        }
        (events, wms)
    }

    #[test]
    fn walks_the_whole_stream_holding_a_few_parts() {
        let source = source();
        let whole = source.generate();
        let mut a = Ahead::new(&source);
        let (events, wms) = walk(&mut a, Position::default(), usize::MAX);
        assert!(events == whole.events, "the events differ");
        assert_eq!(wms.len(), whole.watermarks.len());
        assert_eq!(wms, whole.watermarks[..wms.len()]);
        assert_eq!(a.end(), whole.end);
        assert!(a.events.len() <= 3, "{} parts held", a.events.len());
    }

    #[test]
    fn rewinds_from_kept_parts_or_by_generating_again() {
        let source = source();
        let whole = source.generate();
        let at = |event: usize| Position {
            event,
            watermark: whole.watermarks.partition_point(|w| w.after < event),
        };
        let mut a = Ahead::new(&source);
        walk(&mut a, Position::default(), 3000);
        a.keep_from(at(2500));
        walk(&mut a, at(3000), 7000);
        // From the kept parts since the checkpoint.
        a.rewind(at(2500));
        assert!(a.events.front().is_some_and(|p| p.0 <= 2500));
        let (events, _) = walk(&mut a, at(2500), 4000);
        assert!(events == whole.events[2500..4000], "the kept events differ");
        // From before anything kept: generated again.
        a.rewind(at(1200));
        let (events, wms) = walk(&mut a, at(1200), usize::MAX);
        assert!(
            events == whole.events[1200..],
            "the generated events differ"
        );
        assert_eq!(wms[0], whole.watermarks[at(1200).watermark]);
    }
}
