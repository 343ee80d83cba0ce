//! Window kinds and their assignment of event times to windows.

use crate::event::Time;
use serde::{Deserialize, Serialize};

/// An event-time window. Windows are half-open `[start, end)`; a window's result is emitted
/// once the watermark reaches `end`, stamped with event time `end - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Window {
    /// Fixed, non-overlapping windows `[k*size, (k+1)*size)`.
    Tumbling {
        /// Window length.
        size: Time,
    },
    /// Windows of length `size` starting every `slide` (an event is in `size/slide` windows).
    Sliding {
        /// Window length.
        size: Time,
        /// Distance between window starts.
        slide: Time,
    },
    /// Per key, events closer than `gap` to each other form one session `[first, last + gap)`.
    Session {
        /// Inactivity gap that closes a session.
        gap: Time,
    },
}

impl Window {
    /// A tumbling window of `size`.
    pub fn tumbling(size: Time) -> Self {
        Window::Tumbling { size }
    }

    /// A sliding window of `size` every `slide`.
    pub fn sliding(size: Time, slide: Time) -> Self {
        Window::Sliding { size, slide }
    }

    /// A session window closed by `gap` of inactivity.
    pub fn session(gap: Time) -> Self {
        Window::Session { gap }
    }

    /// Calls `f(start, end)` for each fixed window containing `t`, in increasing start order.
    /// Windows that would start before time 0 are not created. Sessions have no fixed
    /// windows; for them this calls nothing.
    #[inline]
    pub fn for_each_window(&self, t: Time, mut f: impl FnMut(Time, Time)) {
        match *self {
            Window::Tumbling { size } => {
                let start = t - t % size;
                f(start, start + size);
            }
            Window::Sliding { size, slide } => {
                let last = t - t % slide;
                // Smallest k*slide with k*slide + size > t.
                let first = if t >= size {
                    (t - size) / slide * slide + slide
                } else {
                    0
                };
                let mut start = first;
                while start <= last {
                    f(start, start + size);
                    start += slide;
                }
            }
            Window::Session { .. } => {}
        }
    }

    /// A short human description, e.g. `tumbling(1s)`.
    pub fn describe(&self) -> String {
        match *self {
            Window::Tumbling { size } => format!("tumbling({})", fmt_time(size)),
            Window::Sliding { size, slide } => {
                format!("sliding({}, every {})", fmt_time(size), fmt_time(slide))
            }
            Window::Session { gap } => format!("session(gap {})", fmt_time(gap)),
        }
    }
}

/// Formats a duration in the largest unit that divides it.
pub(crate) fn fmt_time(t: Time) -> String {
    const UNITS: [(Time, &str); 4] = [
        (1_000_000_000, "s"),
        (1_000_000, "ms"),
        (1_000, "µs"),
        (1, "ns"),
    ];
    for (n, u) in UNITS {
        if t >= n && t.is_multiple_of(n) {
            return format!("{}{u}", t / n);
        }
    }
    format!("{t}ns")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(w: Window, t: Time) -> Vec<(Time, Time)> {
        let mut v = Vec::new();
        w.for_each_window(t, |s, e| v.push((s, e)));
        v
    }

    #[test]
    fn tumbling_assigns_one_window() {
        assert_eq!(windows(Window::tumbling(10), 0), vec![(0, 10)]);
        assert_eq!(windows(Window::tumbling(10), 19), vec![(10, 20)]);
    }

    #[test]
    fn sliding_agrees_with_brute_force() {
        for (size, slide) in [(10, 5), (10, 3), (4, 10), (7, 7), (30, 1)] {
            let w = Window::sliding(size, slide);
            for t in 0..100 {
                let brute: Vec<(Time, Time)> = (0..=t / slide)
                    .map(|k| (k * slide, k * slide + size))
                    .filter(|&(s, e)| s <= t && t < e)
                    .collect();
                assert_eq!(windows(w, t), brute, "size {size} slide {slide} t {t}");
            }
        }
    }

    #[test]
    fn describes_in_natural_units() {
        assert_eq!(Window::tumbling(1_000_000_000).describe(), "tumbling(1s)");
        assert_eq!(
            Window::sliding(2_000_000, 500_000).describe(),
            "sliding(2ms, every 500µs)"
        );
    }
}
