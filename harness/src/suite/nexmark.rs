//! A suite's `[nexmark]` table: Beam's `NexmarkConfiguration` knobs by their Beam names,
//! checked against the ranges Beam's generator works in, each bad value reported with the
//! file, line and key (`nexmark.<key>`).

use super::Origin;
use serde::Deserialize;
use std::collections::BTreeMap;
use workloads::nexmark::gen::RateShape;
use workloads::nexmark::NexmarkSettings;
use workloads::{NANOS_PER_MILLI, NANOS_PER_SEC};

/// The `[nexmark]` table as written; every key optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NexmarkTable {
    first_event_rate: Option<i64>,
    next_event_rate: Option<i64>,
    rate_shape: Option<String>,
    rate_period_s: Option<i64>,
    hot_auction_ratio: Option<i64>,
    hot_sellers_ratio: Option<i64>,
    hot_bidders_ratio: Option<i64>,
    num_active_people: Option<i64>,
    num_in_flight_auctions: Option<i64>,
    avg_person_byte_size: Option<i64>,
    avg_auction_byte_size: Option<i64>,
    avg_bid_byte_size: Option<i64>,
    out_of_order_group_size: Option<i64>,
    num_event_generators: Option<i64>,
    window_size_s: Option<f64>,
    window_period_s: Option<f64>,
}

/// Largest average record size accepted: 1 MiB, as `payload_bytes`.
const MAX_BYTES: i64 = 1 << 20;

/// The settings the table asks for, or the first bad value as `path:line: key ...: why`.
pub(super) fn settings(t: &NexmarkTable, origin: &Origin) -> Result<NexmarkSettings, String> {
    let fail = |key: &str, why: String| format!("{}: {why}", origin.at(&format!("nexmark.{key}")));
    // An i32 knob of Beam's, at least `min`.
    let int = |key: &str, v: Option<i64>, min: i64, max: i64| -> Result<Option<i32>, String> {
        match v {
            Some(v) if !(min..=max).contains(&v) => Err(fail(
                key,
                format!("must be between {min} and {max}, got {v}"),
            )),
            v => Ok(v.map(|v| v as i32)),
        }
    };
    let big = i64::from(i32::MAX);
    let rate_shape = match t.rate_shape.as_deref() {
        None => None,
        Some("sine") => Some(RateShape::Sine),
        Some("square") => Some(RateShape::Square),
        Some(other) => {
            return Err(fail(
                "rate_shape",
                format!("unknown rate shape `{other}`; known: sine, square"),
            ))
        }
    };
    if let Some(n) = t.num_event_generators.filter(|n| *n != 1) {
        return Err(fail(
            "num_event_generators",
            format!(
                "a run is one Beam generator per process (Beam's split, set by --processes), \
                 so this must be 1, got {n}"
            ),
        ));
    }
    let window = |key: &str, s: Option<f64>| -> Result<Option<u64>, String> {
        let Some(s) = s else { return Ok(None) };
        let ms = s * 1000.0;
        if !(s.is_finite() && (1.0..=86_400_000.0).contains(&ms) && ms.fract() == 0.0) {
            return Err(fail(
                key,
                format!("must be a whole number of milliseconds from 0.001 to 86400 s, got {s}"),
            ));
        }
        Ok(Some(ms as u64 * NANOS_PER_MILLI))
    };
    let settings = NexmarkSettings {
        first_event_rate: int("first_event_rate", t.first_event_rate, 1, big)?,
        next_event_rate: int("next_event_rate", t.next_event_rate, 1, big)?,
        rate_shape,
        rate_period_s: int("rate_period_s", t.rate_period_s, 1, big)?,
        hot_auction_ratio: int("hot_auction_ratio", t.hot_auction_ratio, 1, big)?,
        hot_sellers_ratio: int("hot_sellers_ratio", t.hot_sellers_ratio, 1, big)?,
        hot_bidders_ratio: int("hot_bidders_ratio", t.hot_bidders_ratio, 1, big)?,
        num_active_people: int("num_active_people", t.num_active_people, 1, big)?,
        num_in_flight_auctions: int("num_in_flight_auctions", t.num_in_flight_auctions, 1, big)?,
        avg_person_byte_size: int("avg_person_byte_size", t.avg_person_byte_size, 0, MAX_BYTES)?,
        avg_auction_byte_size: int(
            "avg_auction_byte_size",
            t.avg_auction_byte_size,
            0,
            MAX_BYTES,
        )?,
        avg_bid_byte_size: int("avg_bid_byte_size", t.avg_bid_byte_size, 0, MAX_BYTES)?,
        out_of_order_group_size: int("out_of_order_group_size", t.out_of_order_group_size, 1, big)?
            .map(i64::from),
        window_size: window("window_size_s", t.window_size_s)?,
        window_period: window("window_period_s", t.window_period_s)?,
    };
    let size = settings
        .window_size
        .unwrap_or(workloads::nexmark::queries::WINDOW);
    if let Some(p) = settings.window_period.filter(|p| *p > size) {
        return Err(fail(
            "window_period_s",
            format!(
                "the slide must not exceed the window size ({} s), got {} s",
                size as f64 / NANOS_PER_SEC as f64,
                p as f64 / NANOS_PER_SEC as f64
            ),
        ));
    }
    Ok(settings)
}

/// The settings that are set, as the report shows them (`nexmark.<key>`).
pub(super) fn describe(s: &NexmarkSettings, out: &mut BTreeMap<String, String>) {
    let mut put = |key: &str, v: Option<String>| {
        if let Some(v) = v {
            out.insert(format!("nexmark.{key}"), v);
        }
    };
    let text = |v: Option<i32>| v.map(|v| v.to_string());
    let secs = |v: Option<u64>| v.map(|v| (v as f64 / NANOS_PER_SEC as f64).to_string());
    put("first_event_rate", text(s.first_event_rate));
    put("next_event_rate", text(s.next_event_rate));
    put(
        "rate_shape",
        s.rate_shape.map(|r| format!("{r:?}").to_lowercase()),
    );
    put("rate_period_s", text(s.rate_period_s));
    put("hot_auction_ratio", text(s.hot_auction_ratio));
    put("hot_sellers_ratio", text(s.hot_sellers_ratio));
    put("hot_bidders_ratio", text(s.hot_bidders_ratio));
    put("num_active_people", text(s.num_active_people));
    put("num_in_flight_auctions", text(s.num_in_flight_auctions));
    put("avg_person_byte_size", text(s.avg_person_byte_size));
    put("avg_auction_byte_size", text(s.avg_auction_byte_size));
    put("avg_bid_byte_size", text(s.avg_bid_byte_size));
    put(
        "out_of_order_group_size",
        s.out_of_order_group_size.map(|v| v.to_string()),
    );
    put("window_size_s", secs(s.window_size));
    put("window_period_s", secs(s.window_period));
}

#[cfg(test)]
mod tests {
    use super::super::{matrix, Overrides, Suite};
    use workloads::catalog::{self, Source};
    use workloads::nexmark::gen::{reference_line, Generator};

    const HEAD: &str =
        "name = \"x\"\nworkloads = [\"nexmark-q5\"]\nrates = [50000]\nduration_s = 1\n";

    fn parse(table: &str) -> Result<Suite, String> {
        let text = format!("{HEAD}\n[nexmark]\n{table}\n");
        Suite::parse(&text, "s.toml", &Overrides::default()).map_err(|e| e.0)
    }

    #[test]
    fn bad_values_name_the_file_line_and_key() {
        let cases = [
            ("hot_auction_ratio = 0", "key `nexmark.hot_auction_ratio`: must be between 1"),
            ("first_event_rate = 1\nrate_shape = \"triangle\"", "s.toml:8: key `nexmark.rate_shape`: unknown rate shape `triangle`"),
            ("avg_bid_byte_size = -1", "key `nexmark.avg_bid_byte_size`: must be between 0"),
            ("window_size_s = 0.0005", "key `nexmark.window_size_s`: must be a whole number of milliseconds"),
            ("window_size_s = 2\nwindow_period_s = 3", "s.toml:8: key `nexmark.window_period_s`: the slide must not exceed the window size (2 s)"),
            ("num_event_generators = 4", "key `nexmark.num_event_generators`"),
        ];
        for (table, want) in cases {
            let e = parse(table).unwrap_err();
            assert!(e.starts_with("s.toml:") && e.contains(want), "{table}: {e}");
        }
        let e = parse("hot_auction_ratio = 2\nbogus = 1").unwrap_err();
        assert!(e.starts_with("s.toml:8") && e.contains("bogus"), "{e}");
        let e = parse("next_event_rate = \"fast\"").unwrap_err();
        assert!(e.starts_with("s.toml:7"), "{e}");
    }

    /// The first `n` events of the suite's first run of `nexmark-q5`, as Beam's reference
    /// files write them.
    fn lines(suite: &Suite, n: usize) -> Vec<String> {
        let params = matrix::params(suite, suite.rates[0], 1);
        let w = catalog::find("nexmark-q5").unwrap().build(&params);
        // As many events as Beam's reference run (the count is part of its configuration).
        let Source::Nexmark(s) = w.source.with_events(100_000) else {
            panic!("a Nexmark source")
        };
        let config = s.config();
        Generator::new(config)
            .take(n)
            .map(|g| reference_line(&g))
            .collect()
    }

    #[test]
    fn beams_defaults_reproduce_the_reference_vectors() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/nexmark/beam-default-1gen.jsonl"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} not found; skipping the reference comparison");
            return;
        };
        let want: Vec<&str> = text.lines().take(3000).collect();
        // The run offers 50,000 events/s; the table sets Beam's DEFAULT, 10,000 events/s.
        let beam = parse(
            "first_event_rate = 10000\nnext_event_rate = 10000\nrate_shape = \"sine\"\n\
             rate_period_s = 600\nhot_auction_ratio = 2\nhot_sellers_ratio = 4\n\
             hot_bidders_ratio = 4\nnum_active_people = 1000\nnum_in_flight_auctions = 100\n\
             avg_person_byte_size = 200\navg_auction_byte_size = 500\navg_bid_byte_size = 100\n\
             out_of_order_group_size = 1\nnum_event_generators = 1",
        )
        .unwrap();
        assert_eq!(lines(&beam, want.len()), want);
        // Without the table the timestamps follow the run's rate, and differ.
        let run_rate = Suite::parse(HEAD, "s.toml", &Overrides::default()).unwrap();
        assert_ne!(lines(&run_rate, want.len()), want);
        // Another setting changes the records.
        let hot = parse("first_event_rate = 10000\nnext_event_rate = 10000\nhot_bidders_ratio = 1")
            .unwrap();
        assert_ne!(lines(&hot, want.len()), want);
    }

    #[test]
    fn windows_are_settings() {
        let s = parse("window_size_s = 10\nwindow_period_s = 5").unwrap();
        let params = matrix::params(&s, 1000.0, 1);
        let w = catalog::find("nexmark-q5").unwrap().build(&params);
        assert!(
            w.plan.describe().contains("sliding(10s, every 5s)"),
            "{:?}",
            w.plan
        );
        assert_eq!(s.settings()["nexmark.window_size_s"], "10");
    }
}
