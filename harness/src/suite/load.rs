//! The load settings of a suite beyond the rate: shape, arrivals, key distribution and
//! payload size, parsed from their suite-file or flag form. Messages name no location; the
//! caller prefixes the file, line and key or the flag.

use serde::Deserialize;
use workloads::{parse_shape, Arrivals, KeyDistribution, PayloadSize, RateShape};

/// `payload_bytes = 16` or `payload_bytes = [8, 64]`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum PayloadBytes {
    /// Every payload this long.
    Fixed(usize),
    /// Uniform in `[lo, hi]`.
    Range([usize; 2]),
}

impl Default for PayloadBytes {
    fn default() -> Self {
        PayloadBytes::Fixed(0)
    }
}

impl PayloadBytes {
    /// The size range, or why it is unreasonable.
    pub(crate) fn size(self) -> Result<PayloadSize, String> {
        let s = match self {
            PayloadBytes::Fixed(n) => PayloadSize::fixed(n),
            PayloadBytes::Range([a, b]) => PayloadSize::range(a, b),
        };
        if s.max > 1 << 20 {
            return Err(format!("at most 1 MiB per event, got {}", s.max));
        }
        Ok(s)
    }
}

/// A shape spec (see `workloads::parse_shape`) in multiples of the rate.
pub(crate) fn shape(spec: &str, duration_s: f64) -> Result<RateShape, String> {
    parse_shape(spec, duration_s).map_err(|e| e.0)
}

/// `even` or `poisson`.
pub(crate) fn arrivals(name: &str) -> Result<Arrivals, String> {
    match name {
        "even" => Ok(Arrivals::Even),
        "poisson" => Ok(Arrivals::Poisson),
        other => Err(format!(
            "unknown arrivals `{other}` (expected `even` or `poisson`)"
        )),
    }
}

/// The arrivals' suite-file name.
pub(crate) fn arrivals_name(a: Arrivals) -> &'static str {
    match a {
        Arrivals::Even => "even",
        Arrivals::Poisson => "poisson",
    }
}

/// `uniform`, `zipf` (with its exponent) or `hot-set` (with its keys and fraction). The
/// error names the key at fault: `(key, message)`.
pub(crate) fn distribution(
    name: &str,
    zipf_exponent: f64,
    hot_keys: u64,
    hot_fraction: f64,
) -> Result<KeyDistribution, (&'static str, String)> {
    match name {
        "uniform" => Ok(KeyDistribution::Uniform),
        "zipf" if !(zipf_exponent.is_finite() && zipf_exponent > 0.0) => Err((
            "zipf_exponent",
            format!("the Zipf exponent must be positive, got {zipf_exponent}"),
        )),
        "zipf" => Ok(KeyDistribution::Zipf {
            exponent: zipf_exponent,
        }),
        "hot-set" if hot_keys == 0 => Err(("hot_keys", "hot_keys must be at least 1".into())),
        "hot-set" if !(0.0..=1.0).contains(&hot_fraction) => Err((
            "hot_fraction",
            format!("must be between 0 and 1, got {hot_fraction}"),
        )),
        "hot-set" => Ok(KeyDistribution::HotSet {
            hot: hot_keys,
            fraction: hot_fraction,
        }),
        other => Err((
            "distribution",
            format!("unknown distribution `{other}` (expected `uniform`, `zipf` or `hot-set`)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::suite::{Overrides, Suite};
    use workloads::{Arrivals, KeyDistribution, PayloadSize, RateShape};

    const HEAD: &str =
        "name = \"x\"\nworkloads = [\"stateless\"]\nrates = [1000]\nduration_s = 4\n";

    fn parse(extra: &str, o: &Overrides) -> Result<Suite, String> {
        Suite::parse(&format!("{HEAD}{extra}"), "s.toml", o).map_err(|e| e.0)
    }

    #[test]
    fn load_settings_are_read() {
        let s = parse(
            "shape = \"ramp:from=1,to=3\"\narrivals = \"poisson\"\ndistribution = \"hot-set\"\nhot_keys = 5\nhot_fraction = 0.5\npayload_bytes = [64, 8]\n",
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(
            s.shape,
            RateShape::Ramp {
                from: 1.0,
                to: 3.0,
                over_s: 4.0
            }
        );
        assert_eq!(s.arrivals, Arrivals::Poisson);
        assert_eq!(
            s.distribution,
            KeyDistribution::HotSet {
                hot: 5,
                fraction: 0.5
            }
        );
        assert_eq!(s.payload, PayloadSize { min: 8, max: 64 });
        assert_eq!(s.settings()["shape (× rate)"], "ramp:from=1,to=3,over=4");
        let s = parse("payload_bytes = 16\n", &Overrides::default()).unwrap();
        assert_eq!(
            (s.payload, s.shape),
            (PayloadSize::fixed(16), RateShape::default())
        );
    }

    #[test]
    fn example_suites_parse() {
        for (name, text) in [
            ("ysb", include_str!("../../../suites/ysb.toml")),
            ("shapes", include_str!("../../../suites/shapes.toml")),
        ] {
            let s = Suite::parse(text, name, &Overrides::default()).unwrap();
            assert_eq!(s.name, name);
        }
    }

    #[test]
    fn bad_load_settings_name_line_and_key_or_flag() {
        let d = Overrides::default();
        for (extra, starts) in [
            (
                "shape = \"sine:amplitude=2\"\n",
                "s.toml:5: key `shape`: shape `sine:amplitude=2`",
            ),
            (
                "arrivals = \"poison\"\n",
                "s.toml:5: key `arrivals`: unknown arrivals `poison`",
            ),
            (
                "distribution = \"hot-set\"\nhot_fraction = 1.5\n",
                "s.toml:6: key `hot_fraction`",
            ),
            (
                "distribution = \"hot-set\"\nhot_keys = 0\n",
                "s.toml:6: key `hot_keys`",
            ),
            (
                "distribution = \"hot\"\n",
                "s.toml:5: key `distribution`: unknown distribution",
            ),
            (
                "payload_bytes = [1, 2000000]\n",
                "s.toml:5: key `payload_bytes`",
            ),
            ("shape_amplitude = 3\n", "s.toml:5"),
        ] {
            let e = parse(extra, &d).unwrap_err();
            assert!(e.starts_with(starts), "{extra}: {e}");
        }
        let o = Overrides {
            shape: Some("burst:width=3".into()),
            ..Default::default()
        };
        let e = parse("shape = \"sine\"\n", &o).unwrap_err();
        assert!(e.starts_with("--shape: shape `burst:width=3`"), "{e}");
        let o = Overrides {
            arrivals: Some("x".into()),
            ..Default::default()
        };
        assert!(parse("", &o).unwrap_err().starts_with("--arrivals: "));
    }
}
