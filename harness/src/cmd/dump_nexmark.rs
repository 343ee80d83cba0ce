//! `streambench dump --workload nexmark`: the raw Nexmark stream as Beam's generator writes
//! it. With no other option it is the reference configuration (one generator, base time
//! 2015-07-15T00:00:00Z, 10,000 events/s, 100,000 events) and its first 10,000 events — the
//! same bytes as `shared/nexmark/beam-default-1gen.jsonl`.

use super::dump::{DumpArgs, Format};
use crate::error::bad;
use std::io::{self, BufWriter, Write};
use workloads::nexmark::gen::{
    reference_line, GeneratedEvent, Generator, GeneratorConfig, NexmarkConfig, NexmarkEvent,
    BASE_TIME_MS,
};

/// Events written when `--events` is not given: the reference file's length.
pub const DEFAULT_EVENTS: usize = 10_000;

const COLUMNS: [&str; 21] = [
    "n",
    "kind",
    "event_ts_ms",
    "id",
    "name",
    "emailAddress",
    "creditCard",
    "city",
    "state",
    "dateTime",
    "extra",
    "itemName",
    "description",
    "initialBid",
    "reserve",
    "expires",
    "seller",
    "category",
    "auction",
    "bidder",
    "price",
];

/// Writes the raw stream.
pub fn dump(args: &DumpArgs) -> anyhow::Result<()> {
    if args.outputs {
        return Err(bad("--outputs: the raw Nexmark stream has no query; dump a query instead (e.g. --workload nexmark-q5)"));
    }
    if args.shape.is_some() || args.arrivals.is_some() {
        return Err(bad(
            "--shape/--arrivals: the Nexmark generator has its own rate; use --rate",
        ));
    }
    let mut nexmark = NexmarkConfig::default();
    if let Some(r) = args.rate {
        if !(r.is_finite() && r >= 1.0 && r <= i32::MAX as f64) {
            return Err(bad(format!(
                "--rate: must be between 1 and {} events per second, got {r}",
                i32::MAX
            )));
        }
        nexmark.first_event_rate = r as i32;
        nexmark.next_event_rate = r as i32;
    }
    let events = args.events.unwrap_or(DEFAULT_EVENTS);
    if events as u128 > i64::MAX as u128 {
        return Err(bad(format!(
            "--events: {events} is more than the generator counts (at most {})",
            i64::MAX
        )));
    }
    let max_events = nexmark.num_events.max(events as i64);
    let config = GeneratorConfig::new(nexmark, BASE_TIME_MS, 0, max_events, 0);
    let generator = Generator::new(config).take(events);
    let out = BufWriter::new(io::stdout().lock());
    let written = match args.format {
        Format::Jsonl => jsonl(out, generator),
        Format::Csv => csv(out, generator),
    };
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| anyhow::anyhow!("writing to stdout: {e}")),
    }
}

fn jsonl(mut out: impl Write, events: impl Iterator<Item = GeneratedEvent>) -> io::Result<()> {
    for g in events {
        writeln!(out, "{}", reference_line(&g))?;
    }
    out.flush()
}

fn csv(mut out: impl Write, events: impl Iterator<Item = GeneratedEvent>) -> io::Result<()> {
    writeln!(out, "{}", COLUMNS.join(","))?;
    for g in events {
        let mut cells = vec![String::new(); COLUMNS.len()];
        let mut set = |name: &str, v: String| {
            let i = COLUMNS
                .iter()
                .position(|c| *c == name)
                .expect("a known column");
            cells[i] = v;
        };
        set("n", g.event_number.to_string());
        set("kind", g.event.kind().into());
        set("event_ts_ms", g.timestamp_ms.to_string());
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        match &g.event {
            NexmarkEvent::Person(p) => {
                set("id", p.id.to_string());
                set("name", q(&p.name));
                set("emailAddress", q(&p.email_address));
                set("creditCard", q(&p.credit_card));
                set("city", q(&p.city));
                set("state", q(&p.state));
                set("dateTime", p.date_time.to_string());
                set("extra", q(&p.extra));
            }
            NexmarkEvent::Auction(a) => {
                set("id", a.id.to_string());
                set("itemName", q(&a.item_name));
                set("description", q(&a.description));
                set("initialBid", a.initial_bid.to_string());
                set("reserve", a.reserve.to_string());
                set("dateTime", a.date_time.to_string());
                set("expires", a.expires.to_string());
                set("seller", a.seller.to_string());
                set("category", a.category.to_string());
                set("extra", q(&a.extra));
            }
            NexmarkEvent::Bid(b) => {
                set("auction", b.auction.to_string());
                set("bidder", b.bidder.to_string());
                set("price", b.price.to_string());
                set("dateTime", b.date_time.to_string());
                set("extra", q(&b.extra));
            }
        }
        writeln!(out, "{}", cells.join(","))?;
    }
    out.flush()
}
