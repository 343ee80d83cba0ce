//! What the wire protocol costs: closed-loop throughput of the event-driven engine in
//! process, and of the same engine behind the protocol (a Rust client of it in another
//! process, started by the `external` engine), on the same pre-generated stream of the
//! `stateless` and `window-count` workloads. The figures are in BENCHMARKS.md.
//!
//! `cargo bench -p engines --bench protocol` (env: `BENCH_EVENTS`, default 4 M; `BENCH_REPS`,
//! default 3, medians printed). The bench binary is its own client: started with
//! `PROTOCOL_BENCH_CLIENT` set, it speaks the protocol instead.

use engines::codec::{Decoder, Encoder};
use engines::external::frame::{self, from_engine, to_engine, Hello, VERSION};
use engines::external::{register, ExternalSpec, ADDR_VAR};
use engines::{EngineOptions, NamedWorkload, Sink};
use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use workloads::catalog::{find, Params};
use workloads::{Input, Output};

const CLIENT: &str = "PROTOCOL_BENCH_CLIENT";
const WORKLOADS: [&str; 2] = ["stateless", "window-count"];

fn main() {
    if std::env::var_os(CLIENT).is_some() {
        client().expect("protocol client");
        return;
    }
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (events, reps) = (env("BENCH_EVENTS", 4_000_000), env("BENCH_REPS", 3));
    let exe = std::env::current_exe().expect("the bench's path");
    let mut spec = ExternalSpec::new("protocol-client", vec![exe.display().to_string()]);
    spec.env.push((CLIENT.into(), "1".into()));
    let external = register(spec).expect("registered");
    println!("closed loop, {events} events, median of {reps}: events/s");
    println!(
        "{:<14} {:>14} {:>14} {:>7}",
        "workload", "in process", "protocol", "ratio"
    );
    for name in WORKLOADS {
        let w = find(name).expect("catalog").build(&Params {
            rate: 1_000_000.0,
            duration: events as f64 / 1e6,
            ..Params::default()
        });
        let stream = w.source.generate();
        let options = EngineOptions {
            workload: Some(NamedWorkload::of(&w)),
            ..EngineOptions::default()
        };
        let run = |info: &engines::EngineInfo| {
            let sink = Arc::new(Count::default());
            let t = Instant::now();
            let mut e = info.build(&w.plan, &options, sink.clone()).expect("engine");
            engines::conformance::feed(e.as_mut(), &stream).expect("feed");
            e.finish(stream.end).expect("finish");
            let secs = t.elapsed().as_secs_f64();
            (
                stream.events.len() as f64 / secs,
                sink.0.load(Ordering::Relaxed),
            )
        };
        let (mut inproc, mut proto) = (Vec::new(), Vec::new());
        for _ in 0..reps {
            let (a, n_a) = run(&engines::event_driven::INFO);
            let (b, n_b) = run(external);
            assert_eq!(n_a, n_b, "the same results both ways");
            inproc.push(a);
            proto.push(b);
        }
        let (a, b) = (median(inproc), median(proto));
        println!("{name:<14} {a:>14.0} {b:>14.0} {:>6.2}x", b / a);
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Counts results and drops them.
#[derive(Default)]
struct Count(AtomicU64);

impl Sink for Count {
    fn emit(&self, _worker: usize, outputs: &mut Vec<Output>) {
        self.0.fetch_add(outputs.len() as u64, Ordering::Relaxed);
        outputs.clear();
    }
}

/// Sends every batch of results as one `outputs` frame.
struct Wire(Mutex<(TcpStream, Encoder)>);

impl Sink for Wire {
    fn emit(&self, _worker: usize, outputs: &mut Vec<Output>) {
        let mut guard = self.0.lock().unwrap();
        let (stream, e) = &mut *guard;
        frame::encode_outputs(e, outputs);
        stream.write_all(&e.buf).expect("send outputs");
        outputs.clear();
    }
}

/// The protocol's engine side, in Rust: the event-driven engine on the named workload.
fn client() -> Result<(), Box<dyn std::error::Error>> {
    let stream = TcpStream::connect(std::env::var(ADDR_VAR)?)?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let hello = Hello {
        version: VERSION,
        name: "rust-client".into(),
        workloads: WORKLOADS.iter().map(|w| w.to_string()).collect(),
        flags: 0,
    };
    frame::write_frame(&mut writer, from_engine::HELLO, &hello.encode())?;
    let mut reader = BufReader::with_capacity(1 << 20, stream);
    let mut buf = Vec::new();
    if !frame::read_frame(&mut reader, &mut buf)? || buf[0] != to_engine::START {
        return Ok(()); // the registration's probe: hello is all it reads
    }
    let name = String::from_utf8(Decoder::new(&buf[1..]).bytes()?.to_vec())?;
    let plan = find(&name).ok_or("unknown workload")?.plan();
    let sink = Arc::new(Wire(Mutex::new((writer.try_clone()?, Encoder::default()))));
    let mut engine = engines::event_driven::INFO.build(&plan, &EngineOptions::default(), sink)?;
    let mut inputs: Vec<Input> = Vec::new();
    while frame::read_frame(&mut reader, &mut buf)? {
        let d = &mut Decoder::new(&buf[1..]);
        match buf[0] {
            to_engine::EVENTS => {
                inputs.clear();
                frame::decode_events(&buf[1..], &mut inputs)?;
                engine.on_events(&inputs)?;
            }
            to_engine::WATERMARK => engine.on_watermark(d.u64()?, d.u64()?)?,
            to_engine::FINISH => {
                engine.finish(d.u64()?)?;
                frame::write_frame(&mut writer, from_engine::DONE, &[])?;
            }
            to_engine::STATS => {
                let s = engine.stats();
                let mut e = Encoder::default();
                e.u64(s.state_bytes);
                e.u64(s.late_events);
                frame::write_frame(&mut writer, from_engine::STATS, &e.buf)?;
            }
            other => return Err(format!("unexpected frame {other}").into()),
        }
        writer.flush()?;
    }
    Ok(())
}
