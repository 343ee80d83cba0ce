//! Human-readable numbers for tables: durations, byte sizes and rates, each to three
//! significant digits, which is as much precision as a benchmark figure deserves.

/// Formats `v` (≥ 0, < 1000 after rounding) with three significant digits.
fn sig3(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Rounds to three significant digits, so unit selection sees the value that will be
/// printed (999.7 ns must become "1.00 µs", not "1000 ns").
fn round_sig3(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(2 - v.log10().floor() as i32);
    // Below about 1e-305 the scale overflows to infinity and the rounding would be NaN.
    if !scale.is_finite() {
        return v;
    }
    (v * scale).round() / scale
}

/// A duration in nanoseconds as `812 ns`, `1.23 µs`, `45.6 ms`, `2.00 s`.
pub fn format_duration_ns(ns: f64) -> String {
    if !ns.is_finite() {
        return "-".to_owned();
    }
    let r = round_sig3(ns.max(0.0));
    if r < 1e3 {
        // Nanoseconds are the recording resolution: no decimals.
        format!("{:.0} ns", ns.max(0.0))
    } else if r < 1e6 {
        format!("{} µs", sig3(r / 1e3))
    } else if r < 1e9 {
        format!("{} ms", sig3(r / 1e6))
    } else {
        let s = r / 1e9;
        if s >= 1000.0 {
            format!("{s:.0} s")
        } else {
            format!("{} s", sig3(s))
        }
    }
}

/// A byte count as `512 B`, `1.50 KiB`, `12.3 MiB`, `2.00 GiB`, `1.10 TiB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while unit + 1 < UNITS.len() && v.round() >= 1024.0 {
        v /= 1024.0;
        unit += 1;
    }
    let r = round_sig3(v);
    // Between 1000 and 1023 of a unit, a fourth digit is clearer than "0.98 MiB".
    let digits = if r >= 1000.0 {
        format!("{v:.0}")
    } else {
        sig3(r)
    };
    format!("{digits} {}", UNITS[unit])
}

/// A count or rate with an SI prefix: `950`, `12.3k`, `1.50M`, `2.00G`. Values below
/// 1000 keep up to one decimal only when they have a fractional part.
pub fn format_si(v: f64) -> String {
    if !v.is_finite() {
        return "-".to_owned();
    }
    if v < 0.0 {
        return format!("-{}", format_si(-v));
    }
    let r = round_sig3(v);
    if r < 1e3 {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            sig3(r)
        }
    } else if r < 1e6 {
        format!("{}k", sig3(r / 1e3))
    } else if r < 1e9 {
        format!("{}M", sig3(r / 1e6))
    } else if r < 1e12 {
        format!("{}G", sig3(r / 1e9))
    } else {
        format!("{}T", sig3(r / 1e12))
    }
}

/// A latency percentile as a duration, or `–` when the distribution has fewer samples
/// than the percentile needs ([`crate::schema::min_samples`]): a number from too few
/// samples would look like a measurement and is not one.
pub fn format_percentile(latency: &crate::schema::Latency, p: crate::schema::Percentile) -> String {
    latency
        .get(p)
        .map_or_else(|| "–".to_owned(), |ns| format_duration_ns(ns as f64))
}

/// A rate in events per second, e.g. `1.50M ev/s`.
pub fn format_rate(eps: f64) -> String {
    format!("{} ev/s", format_si(eps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(format_duration_ns(0.0), "0 ns");
        assert_eq!(format_duration_ns(812.0), "812 ns");
        assert_eq!(format_duration_ns(999.0), "999 ns");
        assert_eq!(format_duration_ns(999.7), "1.00 µs");
        assert_eq!(format_duration_ns(1_234.0), "1.23 µs");
        assert_eq!(format_duration_ns(12_345.0), "12.3 µs");
        assert_eq!(format_duration_ns(123_456.0), "123 µs");
        assert_eq!(format_duration_ns(999_600.0), "1.00 ms");
        assert_eq!(format_duration_ns(45_600_000.0), "45.6 ms");
        assert_eq!(format_duration_ns(2e9), "2.00 s");
        assert_eq!(format_duration_ns(1.5e12), "1500 s");
        assert_eq!(format_duration_ns(f64::NAN), "-");
    }

    #[test]
    fn bytes() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1024), "1.00 KiB");
        assert_eq!(format_bytes(1536), "1.50 KiB");
        assert_eq!(format_bytes(12_900_000), "12.3 MiB");
        assert_eq!(format_bytes(1000 * 1024), "1000 KiB");
        assert_eq!(format_bytes(1024 * 1024 - 1), "1.00 MiB");
        assert_eq!(format_bytes(2 << 30), "2.00 GiB");
        assert_eq!(format_bytes(1 << 50), "1024 TiB");
    }

    #[test]
    fn si_and_rates() {
        // The smallest subnormal is a number, not "NaNT".
        assert_eq!(format_rate(5e-324), "0.00 ev/s");
        assert_eq!(format_si(0.0), "0");
        assert_eq!(format_si(950.0), "950");
        assert_eq!(format_si(2.5), "2.50");
        assert_eq!(format_si(12_345.0), "12.3k");
        assert_eq!(format_si(999_999.0), "1.00M");
        assert_eq!(format_si(1_500_000.0), "1.50M");
        assert_eq!(format_si(2e9), "2.00G");
        assert_eq!(format_si(-1500.0), "-1.50k");
        assert_eq!(format_rate(250_000.0), "250k ev/s");
    }
}
