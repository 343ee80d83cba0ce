//! Compares the generator, field by field, with the Java generator's own
//! output in `shared/nexmark/` beside the workspace (see its README). When that folder is
//! absent the tests print a note and pass without comparing.

use std::path::PathBuf;

use serde_json::Value;
use workloads::nexmark::gen::{
    GeneratedEvent, Generator, GeneratorConfig, NexmarkConfig, NexmarkEvent, BASE_TIME_MS,
};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/nexmark")
}

/// The reference lines of `file`, or `None` (with a note) if the data is absent.
fn load(file: &str) -> Option<Vec<Value>> {
    let path = data_dir().join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: {} not found; skipping the reference comparison",
            path.display()
        );
        return None;
    };
    Some(
        text.lines()
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect(),
    )
}

/// `(field, expected JSON, actual)` for every field of one line.
fn fields(g: &GeneratedEvent) -> Vec<(&'static str, Value)> {
    let mut v: Vec<(&'static str, Value)> = vec![
        ("n", g.event_number.into()),
        ("kind", g.event.kind().into()),
        ("event_ts_ms", g.timestamp_ms.into()),
    ];
    match &g.event {
        NexmarkEvent::Person(p) => v.extend([
            ("id", p.id.into()),
            ("name", p.name.as_str().into()),
            ("emailAddress", p.email_address.as_str().into()),
            ("creditCard", p.credit_card.as_str().into()),
            ("city", p.city.as_str().into()),
            ("state", p.state.as_str().into()),
            ("dateTime", p.date_time.into()),
            ("extra", p.extra.as_str().into()),
        ]),
        NexmarkEvent::Auction(a) => v.extend([
            ("id", a.id.into()),
            ("itemName", a.item_name.as_str().into()),
            ("description", a.description.as_str().into()),
            ("initialBid", a.initial_bid.into()),
            ("reserve", a.reserve.into()),
            ("dateTime", a.date_time.into()),
            ("expires", a.expires.into()),
            ("seller", a.seller.into()),
            ("category", a.category.into()),
            ("extra", a.extra.as_str().into()),
        ]),
        NexmarkEvent::Bid(b) => v.extend([
            ("auction", b.auction.into()),
            ("bidder", b.bidder.into()),
            ("price", b.price.into()),
            ("dateTime", b.date_time.into()),
            ("extra", b.extra.as_str().into()),
        ]),
    }
    v
}

/// Compares one line; returns a description of its first mismatch.
fn compare(line_no: usize, want: &Value, got: &GeneratedEvent) -> Result<(), String> {
    let obj = want.as_object().expect("object per line");
    let ours = fields(got);
    let extra_keys = obj.len() - usize::from(obj.contains_key("split"));
    if extra_keys != ours.len() {
        return Err(format!(
            "line {line_no}: {} keys in the file, {} generated",
            extra_keys,
            ours.len()
        ));
    }
    for (name, value) in ours {
        match obj.get(name) {
            Some(w) if *w == value => {}
            w => {
                return Err(format!(
                    "line {line_no}, field {name}: want {w:?}, got {value:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Checks `lines[i]` for each `(i, event)`; panics on the first mismatch.
fn check(
    label: &str,
    lines: &[Value],
    events: impl Iterator<Item = (usize, GeneratedEvent)>,
) -> usize {
    let mut matched = 0;
    for (i, got) in events {
        if let Err(e) = compare(i + 1, &lines[i], &got) {
            panic!("{label}: {matched} events matched before {e}");
        }
        matched += 1;
    }
    eprintln!("{label}: {matched} events match");
    matched
}

#[test]
fn one_generator_10000_events() {
    let file = "beam-default-1gen.jsonl";
    let Some(lines) = load(file) else { return };
    assert_eq!(lines.len(), 10_000);
    let events = Generator::new(GeneratorConfig::default())
        .take(lines.len())
        .enumerate();
    assert_eq!(check(file, &lines, events), 10_000);
}

#[test]
fn four_splits_500_events_each() {
    let file = "beam-default-4gen-split.jsonl";
    let Some(lines) = load(file) else { return };
    assert_eq!(lines.len(), 2_000);
    let nexmark = NexmarkConfig {
        num_event_generators: 4,
        ..NexmarkConfig::default()
    };
    let splits = GeneratorConfig::new(nexmark, BASE_TIME_MS, 0, 100_000, 0).split(4);
    assert_eq!(splits.len(), 4);
    let mut matched = 0;
    for (s, config) in splits.into_iter().enumerate() {
        for (i, line) in lines.iter().enumerate().skip(s * 500).take(500) {
            assert_eq!(line["split"], Value::from(s), "line {}: split", i + 1);
        }
        let events = Generator::new(config)
            .take(500)
            .enumerate()
            .map(|(i, e)| (s * 500 + i, e));
        matched += check(&format!("{file} split {s}"), &lines, events);
    }
    assert_eq!(matched, 2_000);
}

#[test]
fn record_time_equals_event_time_and_ids_follow_kind() {
    for g in Generator::new(GeneratorConfig::default()).take(5_000) {
        assert_eq!(g.event.date_time(), g.timestamp_ms);
        let kind = match g.event_id % 50 {
            0 => "person",
            1..=3 => "auction",
            _ => "bid",
        };
        assert_eq!(g.event.kind(), kind);
    }
}

#[test]
fn comparison_detects_mismatches() {
    let Some(lines) = load("beam-default-1gen.jsonl") else {
        return;
    };
    let mut g = Generator::new(GeneratorConfig::default());
    let first = g.next().unwrap();
    assert!(compare(2, &lines[1], &first).is_err()); // person vs auction
    let mut altered = first.clone();
    if let NexmarkEvent::Person(p) = &mut altered.event {
        p.extra.pop();
    }
    let err = compare(1, &lines[0], &altered).unwrap_err();
    assert!(err.contains("field extra"), "{err}");
}
