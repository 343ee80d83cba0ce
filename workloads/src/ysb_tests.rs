//! YSB: record encoding, the campaign table, the generator, and the query against a direct
//! count.

use super::*;
use crate::reference::evaluate;
use std::collections::BTreeMap;

fn config(events: usize) -> YsbConfig {
    YsbConfig {
        shape: RateShape::constant(1000.0),
        events,
        ..YsbConfig::default()
    }
}

#[test]
fn ad_events_round_trip_through_event() {
    let a = AdEvent {
        user: u64::MAX - 3,
        page: 0x0102_0304_0506_0708,
        ad: 999,
        ad_type: 4,
        event_type: 2,
        time: 12_345,
        ip: 0xC0A8_0001,
    };
    let e = a.encode();
    assert_eq!((e.key, e.value, e.payload.len()), (999, 2 | 4 << 2, 20));
    assert_eq!(AdEvent::decode(&e), Some(a));
    assert_eq!(AdEvent::decode(&Event::new(0, 1, 2)), None);
}

#[test]
fn every_campaign_gets_its_ads_and_the_seed_decides_which() {
    let c = YsbConfig::default();
    let t = AdTable::new(&c);
    assert_eq!(t.ads(), 1000);
    let mut per = vec![0; 100];
    for ad in 0..1000 {
        per[t.campaign(ad) as usize] += 1;
    }
    assert!(per.iter().all(|&n| n == 10), "{per:?}");
    assert_eq!(t, AdTable::new(&c));
    assert_ne!(t, AdTable::new(&YsbConfig { seed: 2, ..c }));
}

#[test]
fn generator_is_seeded_and_spreads_types_and_ads() {
    let c = config(30_000);
    let s = c.generate();
    assert_eq!(s, c.generate());
    let mut types = [0usize; 3];
    let mut ad_types = [0usize; 5];
    for (i, input) in s.events.iter().enumerate() {
        let a = AdEvent::decode(&input.event).unwrap();
        assert_eq!(input.scheduled, i as u64 * 1_000_000);
        assert!(a.ad < 1000);
        types[a.event_type as usize] += 1;
        ad_types[a.ad_type as usize] += 1;
    }
    assert!(
        types.iter().all(|&n| (9_500..10_500).contains(&n)),
        "{types:?}"
    );
    assert!(
        ad_types.iter().all(|&n| (5_600..6_400).contains(&n)),
        "{ad_types:?}"
    );
}

#[test]
fn the_query_counts_views_per_campaign_per_ten_seconds() {
    // 25 s at 1000/s: windows [0,10), [10,20), [20,30).
    let c = config(25_000);
    let s = c.generate();
    let table = AdTable::new(&c);
    let mut direct: BTreeMap<(Time, u64), i64> = BTreeMap::new();
    for i in &s.events {
        let a = AdEvent::decode(&i.event).unwrap();
        if EVENT_TYPES[a.event_type as usize] == "view" {
            let end = (a.time / YSB_WINDOW + 1) * YSB_WINDOW;
            *direct.entry((end - 1, table.campaign(a.ad))).or_default() += 1;
        }
    }
    let out = evaluate(&c.plan(), &s);
    let got: BTreeMap<(Time, u64), i64> = out
        .outputs
        .iter()
        .map(|o| ((o.event.time, o.event.key), o.event.value))
        .collect();
    assert_eq!(got.len(), out.outputs.len());
    assert_eq!(got, direct);
    assert_eq!(direct.keys().filter(|k| k.0 == YSB_WINDOW - 1).count(), 100);
}

#[test]
fn ysb_latency_runs_from_the_window_end() {
    // The [0, 10 s) window's result has time 10 s - 1; emitted 250 ms after the window end.
    let o = crate::Output {
        event: Event::new(YSB_WINDOW - 1, 7, 42),
        cause: YSB_WINDOW + 20 * NANOS_PER_MILLI,
        latest: YSB_WINDOW - 3 * NANOS_PER_MILLI,
    };
    assert_eq!(
        ysb_latency(&o, YSB_WINDOW + 250 * NANOS_PER_MILLI),
        250 * NANOS_PER_MILLI
    );
    assert_eq!(ysb_latency(&o, 5), 0);
}
