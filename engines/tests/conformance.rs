//! Every registered engine must pass the conformance kit as it declares itself, and the kit
//! must catch an engine that is wrong or declares what it does not do.

use engines::conformance::{
    cases, check_no_snapshots, run_case, run_kit, run_kit_as_cluster, KitReport, Verdict,
    NO_SNAPSHOTS_CASE,
};
use engines::event_driven::EventDriven;
use engines::registry::EngineInfo;
use engines::{Capabilities, Engine, EngineError, EngineOptions, EngineStats, Sink, ENGINES};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use workloads::plan::{Operator, Operators};
use workloads::{Input, Plan, Time};

type Job = Box<dyn Fn() -> KitReport + Send + Sync>;

/// The kit on every engine of the registry, and on each engine declaring `multi_process` as
/// a cluster of two, so registering an engine is all it takes to have it checked. The jobs
/// share as many threads as there are cores (as one test per engine did) and every failing
/// engine is reported, not only the first.
#[test]
fn every_registered_engine_conforms() {
    let mut jobs: Vec<(String, Job)> = Vec::new();
    for info in ENGINES {
        // The clusters first: they take longest.
        if info.capabilities.multi_process {
            let job: Job = Box::new(move || run_kit_as_cluster(info, 2));
            jobs.insert(0, (format!("{} (2p)", info.name), job));
        }
        jobs.push((info.name.to_string(), Box::new(move || run_kit(info))));
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, Result<String, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads.min(jobs.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((name, job)) = jobs.get(i) else {
                    return;
                };
                let outcome = match catch_unwind(AssertUnwindSafe(job)) {
                    Ok(report) => report.check().map(|()| report.to_string()),
                    Err(p) => Err(format!(
                        "engine `{name}` panicked in the kit: {}",
                        engines::panic_message(&*p)
                    )),
                };
                outcomes.lock().unwrap().push((i, outcome));
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by_key(|(i, _)| *i);
    assert_eq!(outcomes.len(), jobs.len());
    let mut failures = Vec::new();
    for (_, outcome) in outcomes {
        match outcome {
            Ok(summary) => println!("{summary}"),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An engine that gets sliding windows subtly wrong: it drops every other watermark, so
/// windows fire late (wrong cause) or merge their results with the next ones.
struct SkipsWatermarks {
    inner: EventDriven,
    n: u64,
}

impl Engine for SkipsWatermarks {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        self.inner.on_events(events)
    }
    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        self.n += 1;
        if self.n.is_multiple_of(2) {
            return Ok(());
        }
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
    fn restore(&mut self, s: &[u8]) -> Result<(), EngineError> {
        self.inner.restore(s)
    }
}

fn wrong(
    plan: &Plan,
    o: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(SkipsWatermarks {
        inner: EventDriven::new(plan, o, sink)?,
        n: 0,
    }))
}

fn info(name: &'static str, build: engines::registry::BuildFn, c: Capabilities) -> EngineInfo {
    EngineInfo {
        name,
        description: "a test engine",
        build,
        external: None,
        capabilities: c,
    }
}

#[test]
fn kit_catches_a_wrong_engine() {
    let engine = info(
        "skips-watermarks",
        wrong,
        Capabilities::ALL_OPERATORS.with_snapshots(),
    );
    let failures = run_kit(&engine).failed;
    assert!(failures.len() > 10, "only {} failures", failures.len());
    assert!(failures
        .iter()
        .any(|(n, _)| n.starts_with("window/sliding")));
    // With no input there is nothing to get wrong.
    assert!(failures.iter().all(|(n, _)| !n.starts_with("empty")));
}

/// A sink that alters every result before passing it on: an engine misreporting what its
/// results are attributed to.
struct Tamper {
    inner: Arc<dyn Sink>,
    alter: fn(&mut workloads::Output),
}

impl Sink for Tamper {
    fn emit(&self, worker: usize, outputs: &mut Vec<workloads::Output>) {
        outputs.iter_mut().for_each(self.alter);
        self.inner.emit(worker, outputs);
    }
}

fn shifts_causes(
    plan: &Plan,
    o: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    let alter = |o: &mut workloads::Output| o.cause += 1_000_000;
    let sink = Arc::new(Tamper { inner: sink, alter });
    Ok(Box::new(EventDriven::new(plan, o, sink)?))
}

fn drops_latest(
    plan: &Plan,
    o: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    let alter = |o: &mut workloads::Output| o.latest = 0;
    let sink = Arc::new(Tamper { inner: sink, alter });
    Ok(Box::new(EventDriven::new(plan, o, sink)?))
}

/// Results with the right values but a cause 1 ms late (which would flatter latency), or
/// without their latest event time, do not conform.
#[test]
fn misattributed_results_fail() {
    let caps = Capabilities::ALL_OPERATORS.with_snapshots();
    for (name, build) in [
        ("shifts-causes", shifts_causes as engines::registry::BuildFn),
        ("drops-latest", drops_latest),
    ] {
        let report = run_kit(&info(name, build, caps));
        let (case, why) = report
            .failed
            .iter()
            .find(|(n, _)| n == "stateless")
            .unwrap_or_else(|| panic!("{name} passed `stateless`: {report}"));
        assert!(
            why.contains("with the wrong cause or latest time")
                && !why.contains(" 0 with the wrong cause"),
            "{name} {case}: {why}"
        );
        // Only cases without any result can pass.
        assert!(
            report.failed.len() > 4 * report.passed.len(),
            "{name}: {:?}",
            report.passed
        );
    }
}

fn refuses(p: &Plan, _: &EngineOptions, _: Arc<dyn Sink>) -> Result<Box<dyn Engine>, EngineError> {
    Err(EngineError::Unsupported(format!(
        "refuses plan `{}`",
        p.describe()
    )))
}

/// Refusing what one declares is failing (it used to pass silently).
#[test]
fn an_engine_refusing_every_plan_fails() {
    let report = run_kit(&info("refuses", refuses, Capabilities::ALL_OPERATORS));
    assert!(report.check().is_err());
    assert!(report.passed.is_empty() && !report.failed.is_empty());
    let stateless = report.failed.iter().find(|(n, _)| n == "stateless");
    assert!(
        stateless.is_some_and(|(_, why)| why.contains("refused a case its declaration covers")),
        "{stateless:?}"
    );
    assert!(report.failed.iter().any(|(n, _)| n == NO_SNAPSHOTS_CASE));
}

/// Event-driven, but every snapshot fails.
struct BrokenSnapshots(EventDriven);

impl Engine for BrokenSnapshots {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        self.0.on_events(events)
    }
    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        self.0.on_watermark(watermark, scheduled)
    }
    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError> {
        self.0.finish(scheduled)
    }
    fn stats(&self) -> EngineStats {
        self.0.stats()
    }
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        Err(EngineError::Snapshot("deliberately broken".into()))
    }
    fn restore(&mut self, s: &[u8]) -> Result<(), EngineError> {
        self.0.restore(s)
    }
}

fn broken_snapshots(
    plan: &Plan,
    o: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(BrokenSnapshots(EventDriven::new(plan, o, sink)?)))
}

fn event_driven(
    plan: &Plan,
    o: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(EventDriven::new(plan, o, sink)?))
}

#[test]
fn declared_snapshots_that_fail_fail() {
    let broken = info(
        "broken-snapshots",
        broken_snapshots,
        Capabilities::ALL_OPERATORS.with_snapshots(),
    );
    let snapshot_cases: Vec<_> = cases()
        .into_iter()
        .filter(|c| c.snapshot_at.is_some())
        .collect();
    assert!(snapshot_cases.len() > 5);
    for case in &snapshot_cases {
        let verdict = run_case(&broken, case);
        assert!(
            matches!(&verdict, Verdict::Failed(why) if why.contains("deliberately broken")),
            "{}: {verdict:?}",
            case.name
        );
    }
}

#[test]
fn declaring_no_snapshots_means_refusing_them() {
    // Snapshots work, but the declaration says they do not: the declaration is wrong.
    let undeclared = info("undeclared", event_driven, Capabilities::ALL_OPERATORS);
    assert!(matches!(
        check_no_snapshots(&undeclared),
        Verdict::Failed(why) if why.contains("snapshot succeeded")
    ));
    // ...and its snapshot cases are not run.
    let case = cases().into_iter().find(|c| c.snapshot_at.is_some());
    let verdict = run_case(&undeclared, &case.expect("a snapshot case"));
    assert!(matches!(verdict, Verdict::Skipped(_)), "{verdict:?}");
    // An engine that does refuse them passes the check.
    assert_eq!(check_no_snapshots(&engines::timely::INFO), Verdict::Passed);
}

/// An engine declaring only the stateless operators passes the kit on them, and the rest is
/// listed as skipped with the operator it lacks.
#[test]
fn a_subset_passes_on_its_subset_and_lists_the_rest() {
    let stateless = Operators::NONE
        .with(Operator::Filter)
        .with(Operator::Map)
        .with(Operator::KeyBy);
    let caps = Capabilities::operators(stateless).with_snapshots();
    let report = run_kit(&info("stateless-only", event_driven, caps));
    assert!(report.check().is_ok(), "{:?}", report.check());
    assert!(report.passed.iter().any(|n| n == "stateless"));
    let all = cases();
    let plan = |name: &str| &all.iter().find(|c| c.name == name).expect("a case").plan;
    for name in &report.passed {
        assert!(stateless.contains_all(plan(name).operators()), "{name} ran");
    }
    assert!(report.skipped.len() > report.passed.len());
    for (name, why) in &report.skipped {
        let missing = plan(name).operators().difference(stateless);
        let first = missing.iter().next().expect("a missing operator");
        assert_eq!(why, &format!("does not support operator `{first}`"));
    }
    let listed = report.to_string();
    assert!(listed.contains("skipped 1M-distinct-keys: does not support operator `window`"));
}

#[test]
fn cases_are_not_vacuous() {
    let cases = engines::conformance::cases();
    let mut silent = Vec::new();
    for c in &cases {
        let e = workloads::reference::evaluate(&c.plan, &c.stream);
        if !c.stream.events.is_empty() && e.outputs.is_empty() {
            silent.push(c.name.clone());
        }
        if c.name == "stateless" || c.name.starts_with("window/") {
            assert!(e.late_events > 0, "{} has no late events", c.name);
        }
    }
    assert!(
        silent.len() * 10 < cases.len(),
        "cases without any result: {silent:?}"
    );
}
