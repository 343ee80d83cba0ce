//! What every generator that schedules its events along a rate shape shares: where input
//! ends, the mean rate, and the stream with its watermarks all follow from the shape, the
//! event count, the watermark policy and the events themselves.

use crate::event::{Input, Time};
use crate::schedule::{mean_rate, offered_end};
use crate::shape::RateShape;
use crate::stream::{Stream, WatermarkPolicy};

/// A generator of scheduled events (the synthetic and the YSB sources).
pub trait ScheduledSource {
    /// The offered rate over time.
    fn shape(&self) -> &RateShape;
    /// Number of events.
    fn event_count(&self) -> usize;
    /// How watermarks follow the events.
    fn watermark_policy(&self) -> WatermarkPolicy;
    /// The scheduled events one by one, without storing them (what
    /// [`generate`](Self::generate) collects).
    fn inputs(&self) -> impl ExactSizeIterator<Item = Input> + '_;

    /// The scheduled end of input: where the shape has offered every event.
    fn end(&self) -> Time {
        offered_end(self.shape(), self.event_count())
    }

    /// Mean offered rate, events per second.
    fn mean_rate(&self) -> f64 {
        mean_rate(self.shape(), self.event_count())
    }

    /// Generates the stream: events, their schedule, and watermarks.
    fn generate(&self) -> Stream {
        Stream::from_inputs(self.inputs().collect(), self.watermark_policy(), self.end())
    }
}
