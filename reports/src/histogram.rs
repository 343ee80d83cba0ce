//! Run latency histograms: decoding `Run.latency_histogram` (base64 of a V2-deflate
//! serialised HdrHistogram) and printing a histogram as HdrHistogram's percentile
//! distribution text — the `.hgrm` format of `outputPercentileDistribution`, which
//! HdrHistogram's plotter and wrk2 read and write.
//!
//! The writer is ours because the `hdrhistogram` crate (7.x) has none: it serialises (V2,
//! used above) and iterates quantiles, but has no port of Java's
//! `outputPercentileDistribution`; the iteration it offers is what this builds on.

use crate::error::ReportError;
use crate::schema::Latency;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use hdrhistogram::serialization::{Deserializer, Serializer, V2DeflateSerializer};
use hdrhistogram::Histogram;
use std::fmt::Write as _;

/// Nanoseconds per output unit: values are printed in milliseconds, like wrk2 and
/// HdrHistogram's usual `outputValueUnitScalingRatio` of 1e6 for nanosecond recordings.
pub const NS_PER_MS: f64 = 1e6;

/// Percentile steps per halving of the remaining distance to 100 %, as in HdrHistogram's
/// default output.
const TICKS_PER_HALF_DISTANCE: u32 = 5;

/// Decodes a run's `latency_histogram`; `run` names it in errors.
pub fn decode_histogram(encoded: &str, run: &str) -> Result<Histogram<u64>, ReportError> {
    let error = |message: String| ReportError::Histogram {
        run: run.to_owned(),
        message,
    };
    // Padding optional: writers differ on it, and it carries no information.
    let engine = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(encoded.trim())
        .map_err(|e| error(format!("not base64: {e}")))?;
    Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .map_err(|e| error(format!("not a serialised HdrHistogram: {e:?}")))
}

/// The percentile distribution of `h` in HdrHistogram's text format, values divided by
/// `scale` (use [`NS_PER_MS`] for nanosecond recordings printed in milliseconds).
pub fn percentile_distribution(h: &Histogram<u64>, scale: f64) -> String {
    let digits = usize::from(h.sigfig());
    let mut out = format!(
        "{:>12} {:>14} {:>10} {:>14}\n\n",
        "Value", "Percentile", "TotalCount", "1/(1-Percentile)"
    );
    let mut total = 0u64;
    for v in h.iter_quantiles(TICKS_PER_HALF_DISTANCE) {
        total += v.count_since_last_iteration();
        let value = v.value_iterated_to() as f64 / scale;
        let q = v.quantile_iterated_to();
        // Writing to a String cannot fail.
        if q < 1.0 {
            let _ = writeln!(
                out,
                "{value:12.digits$} {q:2.12} {total:10} {:14.2}",
                1.0 / (1.0 - q)
            );
        } else {
            let _ = writeln!(out, "{value:12.digits$} {q:2.12} {total:10}");
        }
    }
    let _ = writeln!(
        out,
        "#[Mean    = {:12.digits$}, StdDeviation   = {:12.digits$}]",
        h.mean() / scale,
        h.stdev() / scale
    );
    let _ = writeln!(
        out,
        "#[Max     = {:12.digits$}, Total count    = {:12}]",
        h.max() as f64 / scale,
        h.len()
    );
    let _ = writeln!(
        out,
        "#[Buckets = {:12}, SubBuckets     = {:12}]",
        h.buckets(),
        sub_bucket_count(h.sigfig())
    );
    out
}

/// HdrHistogram's sub-bucket count for a precision: the power of two covering
/// 2 × 10^digits values at unit resolution.
fn sub_bucket_count(digits: u8) -> u64 {
    let largest_single_unit = 2 * 10u64.pow(u32::from(digits));
    largest_single_unit.next_power_of_two()
}

/// Summary figures and a percentile curve dense enough for "1/(1-p)" charts.
pub fn latency(h: &Histogram<u64>) -> Latency {
    if h.is_empty() {
        return Latency::default();
    }
    let distribution = h
        .iter_quantiles(4)
        .map(|v| (v.quantile_iterated_to(), v.value_iterated_to()))
        .fold(Vec::<(f64, u64)>::new(), |mut acc, p| {
            // One point per distinct quantile keeps the curve small.
            if acc.last().is_none_or(|l| p.0 > l.0) {
                acc.push(p);
            }
            acc
        });
    Latency {
        count: h.len(),
        mean: h.mean(),
        p50: h.value_at_quantile(0.5),
        p90: h.value_at_quantile(0.9),
        p99: h.value_at_quantile(0.99),
        p999: h.value_at_quantile(0.999),
        max: h.max(),
        distribution,
    }
}

/// The histogram in HdrHistogram's V2-deflate format, base64-encoded (standard alphabet).
pub fn encode_histogram(h: &Histogram<u64>) -> Option<String> {
    if h.is_empty() {
        return None;
    }
    let mut bytes = Vec::new();
    V2DeflateSerializer::new().serialize(h, &mut bytes).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::encode_histogram;

    #[test]
    fn decodes_what_the_harness_encodes() {
        let h =
            decode_histogram(&encode_histogram(&[(1_000_000, 3), (5_000_000, 1)]), "r").unwrap();
        assert_eq!(h.len(), 4);
        // The same without '=' padding.
        let encoded = encode_histogram(&[(7, 1)]);
        let unpadded = encoded.trim_end_matches('=');
        assert_ne!(
            unpadded.len(),
            encoded.len(),
            "pick values whose encoding is padded"
        );
        assert_eq!(decode_histogram(unpadded, "r").unwrap().len(), 1);
        assert_eq!(h.value_at_quantile(0.5), 1_000_447);
        let err = decode_histogram("@@@", "engine/w/x")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("engine/w/x") && err.contains("base64"),
            "{err}"
        );
        let err = decode_histogram("AAAA", "r").unwrap_err().to_string();
        assert!(err.contains("HdrHistogram"), "{err}");
    }

    #[test]
    fn distribution_text_matches_hdrhistogram_layout() {
        // 99 values of 1 ms and one of 100 ms: mean 1.99 ms; 1 ms is stored exactly
        // (its bucket's highest equivalent value is 1.000447 ms at 3 digits, 100 ms's is
        // 100.007935 ms: buckets there are 65536 ns wide).
        let h =
            decode_histogram(&encode_histogram(&[(1_000_000, 99), (100_000_000, 1)]), "r").unwrap();
        let text = percentile_distribution(&h, NS_PER_MS);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "       Value     Percentile TotalCount 1/(1-Percentile)"
        );
        assert_eq!(lines[1], "");
        assert_eq!(
            lines[2],
            "       1.000 0.000000000000         99           1.00"
        );
        let last = lines[lines.len() - 4];
        assert!(
            last.starts_with("     100.008 1.000000000000        100"),
            "{last}"
        );
        assert_eq!(last.split_whitespace().count(), 3, "{last}");
        // Mean and deviation use bucket midpoints (1.000192 and 99.975168 ms): the exact
        // 1.99 / 9.8504 become 1.98994 / 9.84789.
        assert_eq!(
            lines[lines.len() - 3],
            "#[Mean    =        1.990, StdDeviation   =        9.848]"
        );
        assert_eq!(
            lines[lines.len() - 2],
            "#[Max     =      100.008, Total count    =          100]"
        );
        assert!(lines[lines.len() - 1].ends_with("SubBuckets     =         2048]"));
    }
}
