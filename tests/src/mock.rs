//! Engines that misbehave on purpose, for testing the harness (hyperfine's `MockExecutor`
//! idea): one panics, one hangs asleep, one hangs spinning on a core, one aborts its
//! process, one has a fixed per-event cost and so a known capacity,
//! one declares only the stateless operators, and two misreport their results' attribution
//! (a cause 1 ms late, which would flatter latency; no latest event time); one damages its
//! checkpoint files on disk as it dies (a torn write).
//! They live in the test crate, so no build of `streambench` itself contains them: only the
//! test crate's `streambench-cli` registers them (unlisted, never part of `all`).

use engines::event_driven::EventDriven;
use engines::registry::EngineInfo;
use engines::Capabilities;
use engines::{Engine, EngineError, EngineOptions, EngineStats, Sink};
use std::sync::Arc;
use std::time::{Duration, Instant};
use workloads::plan::{Operator, Operators};
use workloads::{Input, Output, Plan, Time};

/// What every mock can do: what the event-driven engine inside it can.
const MOCK: Capabilities = Capabilities::ALL_OPERATORS.with_snapshots();

/// The mock engines.
pub const MOCKS: &[EngineInfo] = &[
    EngineInfo {
        name: "mock-panic",
        description: "panics after 1000 events",
        build: |p, o, s| Ok(Box::new(Mock::new(p, o, s, Behaviour::Panic)?)),
        // Each process acts alone: enough to test how the harness handles a failing member.
        capabilities: MOCK.with_multi_process(),
        external: None,
    },
    EngineInfo {
        name: "mock-hang",
        description: "stops answering after 1000 events",
        build: |p, o, s| Ok(Box::new(Mock::new(p, o, s, Behaviour::Hang)?)),
        // Each process acts alone: enough to test how the harness handles a failing member.
        capabilities: MOCK.with_multi_process(),
        external: None,
    },
    EngineInfo {
        name: "mock-spin",
        description: "stops answering after 1000 events, spinning on a core",
        build: |p, o, s| Ok(Box::new(Mock::new(p, o, s, Behaviour::Spin)?)),
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-abort",
        description: "aborts its process after 1000 events, saying so on stderr",
        build: |p, o, s| Ok(Box::new(Mock::new(p, o, s, Behaviour::Abort)?)),
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-slow",
        description: "correct, but spends `cost_us` (default 20) µs per event: capacity 1/cost",
        build: |p, o, s| {
            let us = o
                .settings
                .get("cost_us")
                .and_then(|v| v.parse().ok())
                .unwrap_or(20);
            Ok(Box::new(Mock::new(
                p,
                o,
                s,
                Behaviour::Slow(Duration::from_micros(us)),
            )?))
        },
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-truncate",
        description: "correct, but when dropped (crashed) truncates every checkpoint file under \
                      $STREAMBENCH_MOCK_TRUNCATE to half its length (a torn write)",
        build: |p, o, s| Ok(Box::new(Mock::new(p, o, s, Behaviour::Truncate)?)),
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-forgetful",
        description: "correct until restored: `restore` accepts a snapshot and keeps nothing",
        build: |p, o, s| Ok(Box::new(Mock::new(p, o, s, Behaviour::Forgetful)?)),
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-late-causes",
        description: "correct results, each stamped with a cause 1 ms later than the true one",
        build: |p, o, s| {
            let sink = Tamper::around(s, |o| o.cause += 1_000_000);
            Ok(Box::new(EventDriven::new(p, o, sink)?))
        },
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-no-latest",
        description: "correct results without their latest event time",
        build: |p, o, s| {
            let sink = Tamper::around(s, |o| o.latest = 0);
            Ok(Box::new(EventDriven::new(p, o, sink)?))
        },
        capabilities: MOCK,
        external: None,
    },
    EngineInfo {
        name: "mock-stateless",
        description: "the event-driven engine, declaring only the stateless operators",
        build: |p, o, s| Ok(Box::new(EventDriven::new(p, o, s)?)),
        capabilities: Capabilities::operators(
            Operators::NONE
                .with(Operator::Filter)
                .with(Operator::Map)
                .with(Operator::KeyBy),
        )
        .with_snapshots(),
        external: None,
    },
    EngineInfo {
        name: "mock-named",
        description: "the event-driven engine, declaring only the workload `stateless` by name",
        build: |p, o, s| Ok(Box::new(EventDriven::new(p, o, s)?)),
        capabilities: MOCK.only_workloads(&["stateless"]),
        external: None,
    },
];

/// A sink that alters every result on its way to the harness's sink.
struct Tamper {
    inner: Arc<dyn Sink>,
    alter: fn(&mut Output),
}

impl Tamper {
    fn around(inner: Arc<dyn Sink>, alter: fn(&mut Output)) -> Arc<dyn Sink> {
        Arc::new(Tamper { inner, alter })
    }
}

impl Sink for Tamper {
    fn emit(&self, worker: usize, outputs: &mut Vec<Output>) {
        outputs.iter_mut().for_each(self.alter);
        self.inner.emit(worker, outputs);
    }
}

enum Behaviour {
    Panic,
    Hang,
    Spin,
    Abort,
    Slow(Duration),
    /// Tears the checkpoint files when dropped.
    Truncate,
    /// Restores nothing.
    Forgetful,
}

/// Truncates every `*.ckpt` file under `dir` (recursively) to half its length.
fn truncate_checkpoints(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            truncate_checkpoints(&path);
        } else if path.extension().is_some_and(|x| x == "ckpt") {
            if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&path) {
                let len = f.metadata().map_or(0, |m| m.len());
                let _ = f.set_len(len / 2);
            }
        }
    }
}

struct Mock {
    inner: EventDriven,
    behaviour: Behaviour,
    seen: u64,
}

impl Mock {
    fn new(
        plan: &Plan,
        o: &EngineOptions,
        sink: Arc<dyn Sink>,
        behaviour: Behaviour,
    ) -> Result<Self, EngineError> {
        Ok(Mock {
            inner: EventDriven::new(plan, o, sink)?,
            behaviour,
            seen: 0,
        })
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let (Behaviour::Truncate, Some(dir)) = (
            &self.behaviour,
            std::env::var_os("STREAMBENCH_MOCK_TRUNCATE"),
        ) {
            truncate_checkpoints(dir.as_ref());
        }
    }
}

impl Engine for Mock {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        self.seen += events.len() as u64;
        match self.behaviour {
            Behaviour::Panic if self.seen > 1000 => {
                panic!("mock-panic: deliberate panic after {} events", self.seen)
            }
            Behaviour::Hang if self.seen > 1000 => loop {
                std::thread::sleep(Duration::from_secs(3600));
            },
            Behaviour::Spin if self.seen > 1000 => loop {
                std::hint::spin_loop();
            },
            Behaviour::Abort if self.seen > 1000 => {
                eprintln!("mock-abort: deliberate abort after {} events", self.seen);
                std::process::abort()
            }
            Behaviour::Slow(cost) => {
                let until = Instant::now() + cost * events.len() as u32;
                while Instant::now() < until {
                    std::hint::spin_loop();
                }
            }
            _ => {}
        }
        self.inner.on_events(events)
    }

    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        self.inner.on_watermark(watermark, scheduled)
    }

    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError> {
        self.inner.finish(scheduled)
    }

    fn stats(&self) -> EngineStats {
        self.inner.stats()
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        self.inner.snapshot()
    }

    fn restore(&mut self, snapshot: &[u8]) -> Result<(), EngineError> {
        if let Behaviour::Forgetful = self.behaviour {
            return Ok(());
        }
        self.inner.restore(snapshot)
    }
}
