//! What tools need to know about a [`Source`] besides its stream: its settings, listed by
//! `streambench workloads`, and resizing to a given number of events, for `streambench dump`.

use crate::catalog::Source;
use crate::event::Time;
use crate::schedule::Arrivals;
use crate::shape::RateShape;
use crate::synthetic::Disorder;
use crate::ysb::{AD_TYPES, EVENT_TYPES};

impl Source {
    /// The source's kind, e.g. `synthetic`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Synthetic(_) => "synthetic",
            Source::Ysb(_) => "ysb",
            Source::Nexmark(_) => "nexmark",
        }
    }

    /// The source's settings as `(name, value)` pairs, in a stable order.
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        let common = |shape: &RateShape, arrivals: Arrivals, d: &Disorder| {
            vec![
                ("shape", describe_shape(shape)),
                (
                    "arrivals",
                    match arrivals {
                        Arrivals::Even => "even".into(),
                        Arrivals::Poisson => "poisson".into(),
                    },
                ),
                ("max delay", fmt_time(d.max_delay)),
                ("late fraction", d.late_fraction.to_string()),
            ]
        };
        match self {
            Source::Synthetic(c) => {
                let mut v = vec![
                    ("keys", c.keys.to_string()),
                    ("distribution", c.distribution.describe()),
                    ("values", format!("{}..={}", c.values.0, c.values.1)),
                    ("payload bytes", c.payload.describe()),
                ];
                v.extend(common(&c.shape, c.arrivals, &c.disorder));
                v.push(("watermark every", fmt_time(c.watermark_interval)));
                v
            }
            Source::Ysb(c) => {
                let mut v = vec![
                    ("campaigns", c.campaigns.to_string()),
                    ("ads per campaign", c.ads_per_campaign.to_string()),
                    ("event types", EVENT_TYPES.join("/")),
                    ("ad types", AD_TYPES.join("/")),
                    ("window", fmt_time(c.window)),
                ];
                v.extend(common(&c.shape, c.arrivals, &c.disorder));
                v.push(("watermark every", fmt_time(c.watermark_interval)));
                v
            }
            Source::Nexmark(c) => vec![
                ("rate", format!("{}/s", c.rate)),
                ("events", c.events.to_string()),
                (
                    "generator",
                    "Apache Beam's, event for event (person:auction:bid = 1:3:46)".into(),
                ),
                ("share", format!("{} of {}", c.part, c.parts)),
                ("windows", {
                    let config = c.config();
                    let n = config.nexmark();
                    format!(
                        "{} every {}",
                        fmt_time(n.window_size),
                        fmt_time(n.window_period)
                    )
                }),
                ("max delay", fmt_time(c.max_delay)),
                ("watermark every", fmt_time(c.watermark_interval)),
            ],
        }
    }

    /// The same source generating `events` events.
    pub fn with_events(&self, events: usize) -> Source {
        let mut s = self.clone();
        match &mut s {
            Source::Synthetic(c) => c.events = events,
            Source::Ysb(c) => c.events = events,
            Source::Nexmark(c) => c.events = events,
        }
        s
    }
}

/// A duration in ms, or s when whole seconds.
fn fmt_time(t: Time) -> String {
    if t >= 1_000_000_000 && t.is_multiple_of(1_000_000_000) {
        format!("{} s", t / 1_000_000_000)
    } else {
        format!("{} ms", t as f64 / 1e6)
    }
}

/// A shape in events per second, e.g. `sine(mean 100000/s, ±50000/s, period 10 s)`.
pub fn describe_shape(shape: &RateShape) -> String {
    match shape {
        RateShape::Constant { rate } => format!("constant({rate}/s)"),
        RateShape::Ramp { from, to, over_s } => format!("ramp({from}/s → {to}/s over {over_s} s)"),
        RateShape::Step { levels } => {
            let l: Vec<String> = levels
                .iter()
                .map(|(r, s)| format!("{r}/s for {s} s"))
                .collect();
            format!("step({})", l.join(", "))
        }
        RateShape::Sine {
            mean,
            amplitude,
            period_s,
        } => format!("sine(mean {mean}/s, ±{amplitude}/s, period {period_s} s)"),
        RateShape::Burst {
            base,
            spike,
            width_s,
            period_s,
        } => format!("burst({base}/s, {spike}/s for {width_s} s every {period_s} s)"),
        RateShape::Square {
            low,
            high,
            period_s,
        } => format!("square({low}/s ↔ {high}/s, period {period_s} s)"),
    }
}
