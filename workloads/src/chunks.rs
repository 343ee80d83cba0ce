//! A source's stream generated part by part, so that neither the driver nor the reference
//! ever holds the whole of it: each [`Chunk`] is a few thousand consecutive events with the
//! watermarks injected among them, and the parts put end to end are [`Source::generate`]'s
//! stream, exactly. Generation is deterministic: a second [`Chunks`] of the same source
//! yields the same parts, which is how a rewound source replays.

use crate::catalog::Source;
use crate::event::{Input, Time};
use crate::stream::{Stream, Watermarker};

/// Consecutive events of a stream and the watermarks injected after them.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    /// Index in the whole stream of the part's first event.
    pub first_event: usize,
    /// Index in the whole stream of the part's first watermark.
    pub first_watermark: usize,
    /// The part: its watermarks' `after` counts from its first event (a watermark after
    /// its last event is its own, not the next part's); its `end` is the next part's first
    /// scheduled time, or the whole stream's end.
    pub stream: Stream,
    /// Whether this is the stream's last part.
    pub last: bool,
}

/// The parts of a source's stream, in order; at least one (empty, for a stream without
/// events).
pub struct Chunks<'a> {
    inputs: std::iter::Peekable<Box<dyn Iterator<Item = Input> + 'a>>,
    marker: Watermarker,
    planned_end: Time,
    size: usize,
    events: usize,
    watermarks: usize,
    done: bool,
}

impl<'a> Chunks<'a> {
    /// Parts of at most `size` events (at least 1) of `source`'s stream.
    pub fn new(source: &'a Source, size: usize) -> Self {
        Chunks {
            inputs: source.inputs().peekable(),
            marker: Watermarker::new(source.watermark_policy()),
            planned_end: source.planned_end(),
            size: size.max(1),
            events: 0,
            watermarks: 0,
            done: false,
        }
    }
}

impl Iterator for Chunks<'_> {
    type Item = Chunk;

    fn next(&mut self) -> Option<Chunk> {
        if self.done {
            return None;
        }
        let (first_event, first_watermark) = (self.events, self.watermarks);
        let mut stream = Stream::default();
        let mut last_scheduled = 0;
        while stream.events.len() < self.size {
            let Some(input) = self.inputs.next() else {
                break;
            };
            if let Some(mut w) = self.marker.after(self.events, &input) {
                w.after -= first_event;
                stream.watermarks.push(w);
            }
            last_scheduled = input.scheduled;
            stream.events.push(input);
            self.events += 1;
        }
        self.watermarks += stream.watermarks.len();
        let last = match self.inputs.peek() {
            Some(next) => {
                stream.end = next.scheduled;
                false
            }
            None => {
                stream.end = last_scheduled.max(self.planned_end);
                self.done = true;
                true
            }
        };
        Some(Chunk {
            first_event,
            first_watermark,
            stream,
            last,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Params, ENTRIES};

    #[test]
    fn parts_end_to_end_are_the_whole_stream_for_every_source() {
        let params = Params {
            rate: 20_000.0,
            duration: 0.3,
            late_fraction: 0.05,
            ..Default::default()
        };
        for entry in ENTRIES {
            let source = entry.build(&params).source;
            let whole = source.generate();
            for size in [1, 333, 1 << 20] {
                let mut joined = Stream::default();
                let mut parts = 0;
                for c in Chunks::new(&source, size) {
                    assert_eq!(c.first_event, joined.events.len(), "{}", entry.name);
                    assert_eq!(c.first_watermark, joined.watermarks.len());
                    assert!(c.stream.watermarks.iter().all(|w| w.after >= 1));
                    joined
                        .watermarks
                        .extend(c.stream.watermarks.iter().map(|w| {
                            let mut w = *w;
                            w.after += c.first_event;
                            w
                        }));
                    joined.events.extend(c.stream.events);
                    joined.end = c.stream.end;
                    parts += 1;
                    assert_eq!(c.last, joined.events.len() == whole.events.len());
                }
                assert_eq!(joined, whole, "{} in parts of {size}", entry.name);
                assert_eq!(parts, whole.events.len().div_ceil(size).max(1));
            }
        }
    }
}
