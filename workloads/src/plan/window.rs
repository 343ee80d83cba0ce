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

    /// Calls `f(end)` for each fixed window containing `t`, in increasing order.
    ///
    /// Fixed windows are `[start, start + size)` with `start` a multiple of the slide (of the
    /// size, for tumbling windows) counted from time 0, as Beam aligns them to the epoch; a
    /// window is named by its end. For sliding windows the first windows start before time
    /// 0 (`[-500 ms, 500 ms)` for 1 s every 500 ms): they are real windows (Beam emits them)
    /// and are created like any other, but their start is negative, which the unsigned
    /// [`Time`] cannot hold — so windows are named by their end, which is always above the
    /// event's time and, for one kind of window, tells windows apart. Windows whose end
    /// would overflow [`Time`] are not created. Sessions have no fixed windows; for them
    /// this calls nothing.
    #[inline]
    pub fn for_each_window(&self, t: Time, mut f: impl FnMut(Time)) {
        match *self {
            Window::Tumbling { size } => {
                if let Some(end) = (t - t % size).checked_add(size) {
                    f(end);
                }
            }
            Window::Sliding { size, slide } => {
                // Ends e = k*slide + size (k any integer) with t < e <= t + size, ascending.
                let (t, size, slide) = (i128::from(t), i128::from(size), i128::from(slide));
                let mut end = t + 1 + (size - t - 1).rem_euclid(slide);
                while end <= t + size {
                    let Ok(e) = Time::try_from(end) else { break };
                    f(e);
                    end += slide;
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

    fn windows(w: Window, t: Time) -> Vec<Time> {
        let mut v = Vec::new();
        w.for_each_window(t, |e| v.push(e));
        v
    }

    #[test]
    fn tumbling_assigns_one_window() {
        assert_eq!(windows(Window::tumbling(10), 0), vec![10]);
        assert_eq!(windows(Window::tumbling(10), 19), vec![20]);
        assert_eq!(windows(Window::tumbling(10), Time::MAX - 3), vec![]);
    }

    #[test]
    fn sliding_windows_before_time_zero_are_created() {
        // 10 every 5: time 0 is in [-5, 5) and [0, 10); time 7 in [0, 10) and [5, 15).
        let w = Window::sliding(10, 5);
        assert_eq!(windows(w, 0), vec![5, 10]);
        assert_eq!(windows(w, 4), vec![5, 10]);
        assert_eq!(windows(w, 7), vec![10, 15]);
        // 30 every 1: time 0 is in the 30 windows [-29, 1) .. [0, 30).
        assert_eq!(
            windows(Window::sliding(30, 1), 0),
            (1..=30).collect::<Vec<_>>()
        );
    }

    #[test]
    fn sliding_agrees_with_brute_force() {
        for (size, slide) in [(10, 5), (10, 3), (4, 10), (7, 7), (30, 1)] {
            let w = Window::sliding(size, slide);
            for t in 0..100 {
                // Every start k*slide, negative ones included.
                let brute: Vec<Time> = (-(size as i64) / slide as i64 - 1
                    ..=t as i64 / slide as i64)
                    .map(|k| k * slide as i64)
                    .filter(|&s| s <= t as i64 && t as i64 - s < size as i64)
                    .map(|s| (s + size as i64) as Time)
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
