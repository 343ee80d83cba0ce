//! `streambench dump`: a workload's generated events, and optionally the reference
//! evaluator's results for them, on stdout as JSON lines or CSV.
//!
//! Every record has a `kind`: `event` records come first, in injection order, with their
//! scheduled time, event time, key, value and payload (YSB events: their decoded fields);
//! with `--outputs`, `output` records follow with the result's time, key, value, cause,
//! latest contributing event time and payload (a row as a JSON array, a record as JSON).
//! CSV has one header with every column; a column that does not apply to a record is empty.

use crate::error::bad;
use crate::names::suggest;
use crate::suite::load as suite_load;
use clap::{Args, ValueEnum};
use std::io::{self, BufWriter, Write};
use workloads::catalog::{self, Params, Source};
use workloads::reference::evaluate;
use workloads::ysb::{AdEvent, AD_TYPES, EVENT_TYPES};
use workloads::{Event, Field, Payload};

/// Options of `streambench dump`.
#[derive(Args, Debug, Clone)]
pub struct DumpArgs {
    /// The workload whose events to write (see `streambench workloads`), or `nexmark` for the
    /// raw Nexmark stream in the Beam reference files' format.
    #[arg(long, value_name = "NAME")]
    pub workload: String,
    /// Number of events (default 10; for `nexmark`, the raw generator, 10,000: the first
    /// reference file).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub events: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Also write the reference evaluator's results, after the events.
    #[arg(long)]
    pub outputs: bool,
    /// Generator seed.
    #[arg(
        long,
        value_name = "S",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub seed: u64,
    /// Offered rate in events per second (default 100000).
    #[arg(long, value_name = "EVENTS_PER_S", allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Load shape in multiples of the rate, e.g. `sine:amplitude=0.5,period=10`.
    #[arg(long, value_name = "SPEC")]
    pub shape: Option<String>,
    /// Arrivals along the shape: `even` or `poisson`.
    #[arg(long, value_name = "KIND")]
    pub arrivals: Option<String>,
}

/// How records are written.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header line.
    Csv,
}

/// A rendered field value.
enum Cell {
    Num(i128),
    Text(String),
}

type Record = Vec<(&'static str, Cell)>;

/// Runs `streambench dump`.
pub fn run(args: &DumpArgs) -> anyhow::Result<()> {
    if args.workload == "nexmark" {
        return super::dump_nexmark::dump(args);
    }
    let events = args.events.unwrap_or(10);
    let mut names = catalog::names();
    names.push("nexmark");
    let entry = catalog::find(&args.workload).ok_or_else(|| {
        let hint = suggest(&args.workload, &names)
            .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        bad(format!(
            "--workload: unknown workload `{}`{hint}; known: {}",
            args.workload,
            names.join(", ")
        ))
    })?;
    let mut params = Params {
        seed: args.seed,
        ..Params::default()
    };
    if let Some(r) = args.rate {
        if !(r.is_finite() && r > 0.0) {
            return Err(bad(format!(
                "--rate: must be a positive number of events per second, got {r}"
            )));
        }
        params.rate = r;
    }
    params.duration = events.max(1) as f64 / params.rate;
    // Scheduled times are u64 nanoseconds (and Nexmark counts events in an i64).
    if params.duration * 1e9 >= u64::MAX as f64 || events as u128 > i64::MAX as u128 {
        return Err(bad(format!(
            "--events: {events} events at {} events/s would take {:.3e} s, past the end of \
             the scheduler's clock (584 years)",
            params.rate, params.duration
        )));
    }
    if let Some(spec) = &args.shape {
        params.shape =
            suite_load::shape(spec, params.duration).map_err(|m| bad(format!("--shape: {m}")))?;
    }
    if let Some(a) = &args.arrivals {
        params.arrivals = suite_load::arrivals(a).map_err(|m| bad(format!("--arrivals: {m}")))?;
    }
    let workload = entry.build(&params);
    let source = workload.source.with_events(events);
    if args.outputs {
        // The reference evaluates the whole stream at once: refuse what cannot fit before
        // writing anything, rather than abort half-way.
        crate::fit::check(events as f64, 0.0).map_err(|m| bad(format!("--events: {m}")))?;
    }
    // Events are generated and written one by one, so memory stays bounded whatever
    // --events is; the outputs (if asked for) are evaluated only once every event is out.
    let event_records = source
        .inputs()
        .map(|i| event_record(&source, i.scheduled, &i.event));
    let output_records = std::iter::once(args.outputs)
        .filter(|o| *o)
        .flat_map(|_| evaluate(&workload.plan, &source.generate()).outputs)
        .map(|o| {
            vec![
                ("kind", Cell::Text("output".into())),
                ("time", Cell::Num(o.event.time as i128)),
                ("key", Cell::Num(o.event.key as i128)),
                ("value", Cell::Num(o.event.value as i128)),
                ("cause", Cell::Num(o.cause as i128)),
                ("latest", Cell::Num(o.latest as i128)),
                ("payload", Cell::Text(output_payload(&o.event.payload))),
            ]
        });
    let records = event_records.chain(output_records);
    let mut columns = vec!["kind", "scheduled", "time", "key", "value"];
    columns.extend(source_columns(&source));
    if args.outputs {
        columns.extend(["cause", "latest"]);
        if !columns.contains(&"payload") {
            columns.push("payload");
        }
    }
    let out = io::stdout().lock();
    match write(BufWriter::new(out), args.format, &columns, records) {
        // `dump | head` closes the pipe early: not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| anyhow::anyhow!("writing to stdout: {e}")),
    }
}

fn source_columns(source: &Source) -> Vec<&'static str> {
    match source {
        Source::Ysb(_) => vec!["user", "page", "ad", "ad_type", "event_type", "ip"],
        _ => vec!["payload"],
    }
}

fn event_record(source: &Source, scheduled: u64, e: &Event) -> Record {
    let mut r = vec![
        ("kind", Cell::Text("event".into())),
        ("scheduled", Cell::Num(scheduled as i128)),
        ("time", Cell::Num(e.time as i128)),
        ("key", Cell::Num(e.key as i128)),
        ("value", Cell::Num(e.value as i128)),
    ];
    match (source, AdEvent::decode(e)) {
        (Source::Ysb(_), Some(a)) => r.extend([
            ("user", Cell::Text(format!("{:016x}", a.user))),
            ("page", Cell::Text(format!("{:016x}", a.page))),
            ("ad", Cell::Num(a.ad as i128)),
            (
                "ad_type",
                Cell::Text(AD_TYPES[a.ad_type as usize % 5].into()),
            ),
            (
                "event_type",
                Cell::Text(EVENT_TYPES[a.event_type as usize % 3].into()),
            ),
            ("ip", Cell::Text(std::net::Ipv4Addr::from(a.ip).to_string())),
        ]),
        _ => r.push(("payload", Cell::Text(payload_text(&e.payload)))),
    }
    r
}

/// Printable ASCII as is, anything else as `0x` and hex; empty for no payload.
fn payload_text(p: &Payload) -> String {
    match p {
        Payload::Bytes(b) if b.iter().all(|c| c.is_ascii_graphic() || *c == b' ') => {
            String::from_utf8_lossy(b).into_owned()
        }
        Payload::Bytes(b) => b.iter().fold("0x".to_string(), |mut s, c| {
            s.push_str(&format!("{c:02x}"));
            s
        }),
        _ => String::new(),
    }
}

/// A result's payload, checkable from outside: a row as a JSON array of its columns (q3's
/// `["name","city","OR",1042]`), a Nexmark record as JSON (`{"Bid":{…}}`), bytes as
/// [`payload_text`]; empty for no payload.
fn output_payload(p: &Payload) -> String {
    let json = match p {
        Payload::Row(fields) => fields
            .iter()
            .map(|f| match f {
                Field::Int(v) => serde_json::Value::from(*v),
                Field::Str(s) => serde_json::Value::from(&**s),
            })
            .collect(),
        Payload::Nexmark(record) => serde_json::to_value(&**record).unwrap_or_default(),
        Payload::None | Payload::Bytes(_) => return payload_text(p),
    };
    json.to_string()
}

fn write(
    mut w: impl Write,
    format: Format,
    columns: &[&str],
    records: impl Iterator<Item = Record>,
) -> io::Result<()> {
    if format == Format::Csv {
        writeln!(w, "{}", columns.join(","))?;
    }
    for r in records {
        match format {
            Format::Jsonl => {
                let fields: Vec<String> = r
                    .iter()
                    .map(|(k, v)| match v {
                        Cell::Num(n) => format!("\"{k}\":{n}"),
                        Cell::Text(t) => format!("\"{k}\":{}", serde_json::Value::from(t.as_str())),
                    })
                    .collect();
                writeln!(w, "{{{}}}", fields.join(","))?;
            }
            Format::Csv => {
                let cells: Vec<String> = columns
                    .iter()
                    .map(|c| match r.iter().find(|(k, _)| k == c) {
                        Some((_, Cell::Num(n))) => n.to_string(),
                        Some((_, Cell::Text(t))) => csv_field(t),
                        None => String::new(),
                    })
                    .collect();
                writeln!(w, "{}", cells.join(","))?;
            }
        }
    }
    w.flush()
}

/// Quotes a CSV field when it holds a comma, quote or line break.
fn csv_field(t: &str) -> String {
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t.to_string()
    }
}
