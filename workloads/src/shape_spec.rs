//! The text form of a load shape, as written in suites and on the command line.
//!
//! `KIND[:NAME=VALUE,...]`, with every rate a multiple of the run's rate (so one shape
//! serves a whole sweep of rates) and every duration in seconds:
//!
//! | spec | rate over time |
//! |---|---|
//! | `constant` | the rate |
//! | `ramp:from=0.5,to=1.5,over=D` | linear from 0.5× to 1.5× over D s (default: the run), then 1.5× |
//! | `step:1@2,3@0.5,0.5@1` | 1× for 2 s, 3× for 0.5 s, then 0.5× to the end (`level@seconds`) |
//! | `sine:amplitude=0.5,period=10` | `1 + 0.5 sin(2π t / 10)` times the rate |
//! | `burst:height=4,width=0.1,period=1` | 1×, and 4× for the last 0.1 s of every second |
//! | `square:low=0.5,high=1.5,period=2` | 0.5× for 1 s, 1.5× for 1 s, repeated |
//!
//! Omitted parameters take the values shown.

use crate::shape::{RateShape, ShapeError};

/// The shape kinds, for messages.
pub const SHAPE_KINDS: &[&str] = &["constant", "ramp", "step", "sine", "burst", "square"];

/// Parses a spec into a shape in multiples of a rate of 1 (scale it with
/// [`RateShape::scaled`]); `duration_s` is the ramp's default length. The error says which
/// part of the spec is wrong.
pub fn parse_shape(spec: &str, duration_s: f64) -> Result<RateShape, ShapeError> {
    let spec = spec.trim();
    let (kind, rest) = spec.split_once(':').unwrap_or((spec, ""));
    let err = |m: String| ShapeError(format!("shape `{spec}`: {m}"));
    let shape = if kind == "step" {
        let mut levels = Vec::new();
        for part in rest.split(',').filter(|p| !p.trim().is_empty()) {
            let (l, s) = part
                .split_once('@')
                .ok_or_else(|| err(format!("`{part}` is not `level@seconds`")))?;
            levels.push((number(l, &err)?, number(s, &err)?));
        }
        RateShape::Step { levels }
    } else {
        let mut params = Params::new(rest, &err)?;
        let shape = match kind {
            "constant" => RateShape::Constant { rate: 1.0 },
            "ramp" => RateShape::Ramp {
                from: params.take("from", 0.5),
                to: params.take("to", 1.5),
                over_s: params.take("over", duration_s),
            },
            "sine" => RateShape::Sine {
                mean: 1.0,
                amplitude: params.take("amplitude", 0.5),
                period_s: params.take("period", 10.0),
            },
            "burst" => RateShape::Burst {
                base: 1.0,
                spike: params.take("height", 4.0),
                width_s: params.take("width", 0.1),
                period_s: params.take("period", 1.0),
            },
            "square" => RateShape::Square {
                low: params.take("low", 0.5),
                high: params.take("high", 1.5),
                period_s: params.take("period", 2.0),
            },
            other => {
                return Err(err(format!(
                    "unknown kind `{other}`; known: {}",
                    SHAPE_KINDS.join(", ")
                )))
            }
        };
        if let Some((name, _)) = params.left.first() {
            return Err(err(format!("`{kind}` has no parameter `{name}`")));
        }
        shape
    };
    shape.validate().map_err(|e| err(e.0))?;
    Ok(shape)
}

/// Renders a shape (in multiples of the rate) back in spec form.
pub fn shape_spec(shape: &RateShape) -> String {
    match shape {
        RateShape::Constant { .. } => "constant".into(),
        RateShape::Ramp { from, to, over_s } => format!("ramp:from={from},to={to},over={over_s}"),
        RateShape::Step { levels } => {
            let l: Vec<String> = levels.iter().map(|(r, s)| format!("{r}@{s}")).collect();
            format!("step:{}", l.join(","))
        }
        RateShape::Sine {
            amplitude,
            period_s,
            ..
        } => format!("sine:amplitude={amplitude},period={period_s}"),
        RateShape::Burst {
            spike,
            width_s,
            period_s,
            ..
        } => format!("burst:height={spike},width={width_s},period={period_s}"),
        RateShape::Square {
            low,
            high,
            period_s,
        } => format!("square:low={low},high={high},period={period_s}"),
    }
}

fn number(text: &str, err: &impl Fn(String) -> ShapeError) -> Result<f64, ShapeError> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(err(format!("`{t}` is not a number"))),
    }
}

/// `name=value` pairs not yet consumed.
struct Params {
    left: Vec<(String, f64)>,
}

impl Params {
    fn new(text: &str, err: &impl Fn(String) -> ShapeError) -> Result<Params, ShapeError> {
        let mut left = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| err(format!("`{part}` is not `name=value`")))?;
            left.push((k.trim().to_string(), number(v, err)?));
        }
        Ok(Params { left })
    }

    fn take(&mut self, name: &str, default: f64) -> f64 {
        match self.left.iter().position(|(k, _)| k == name) {
            Some(i) => self.left.remove(i).1,
            None => default,
        }
    }
}
