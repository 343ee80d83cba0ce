//! `streambench conform`: the conformance kit on the engines named, built-in or external —
//! what a new engine's author runs first. Each case is printed as passed, failed (with the
//! first differences or the engine's error) or skipped (with the reason); any failure makes
//! the exit code 1.

use crate::error::bad;
use clap::Args;
use engines::conformance::{run_kit, KitReport};
use engines::external::{probe, register, ExternalSpec};
use std::fmt::Write;

/// Options of `streambench conform`.
#[derive(Args, Debug, Clone, Default)]
pub struct ConformArgs {
    /// Engines to check, comma-separated (default: the `--external` ones, or else every
    /// built-in engine).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub engines: Option<Vec<String>>,
    /// An engine in another process speaking the wire protocol: `NAME=COMMAND`, the command
    /// split at spaces; repeatable.
    #[arg(long, value_name = "NAME=COMMAND")]
    pub external: Vec<String>,
}

/// Runs the kit on every chosen engine and prints each case's verdict.
pub fn conform(args: &ConformArgs) -> anyhow::Result<()> {
    let mut externals = Vec::new();
    for flag in &args.external {
        let spec = ExternalSpec::parse(flag).map_err(|e| bad(format!("--external {flag}: {e}")))?;
        let info = register(spec).map_err(|e| bad(format!("--external {flag}: {e}")))?;
        externals.push(info.name);
    }
    let names: Vec<String> = match &args.engines {
        Some(names) => names.clone(),
        None if !externals.is_empty() => externals.iter().map(|s| s.to_string()).collect(),
        None => engines::registry::names()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    for flink in engines::flink::NAMES {
        if names.iter().any(|n| n == flink) && engines::registry::find(flink).is_none() {
            engines::flink::register_named(flink)
                .map_err(|why| bad(format!("--engines: {why}")))?;
        }
    }
    let mut failed = Vec::new();
    for name in &names {
        let info = engines::registry::find(name).ok_or_else(|| {
            bad(format!(
                "--engines: unknown engine `{name}`; known: {}",
                engines::registry::names().join(", ")
            ))
        })?;
        // An external engine whose hello could not be read declares nothing to run: say why.
        if let (Some(spec), None) = (info.external, info.capabilities.workloads) {
            if let Err(e) = probe(spec) {
                println!("FAILED   hello: {e}\nengine `{name}`: cannot be checked\n");
                failed.push(name.clone());
                continue;
            }
        }
        let report = run_kit(info);
        print!("{}", verdicts(&report));
        if report.check().is_err() {
            failed.push(name.clone());
        }
    }
    match failed.is_empty() {
        true => Ok(()),
        false => anyhow::bail!("not conforming: {}", failed.join(", ")),
    }
}

/// Every case of a report, one per line, then the summary line.
fn verdicts(r: &KitReport) -> String {
    let mut s = String::new();
    for case in &r.passed {
        let _ = writeln!(s, "passed   {case}");
    }
    for (case, why) in &r.failed {
        let _ = writeln!(s, "FAILED   {case}: {why}");
    }
    for (case, why) in &r.skipped {
        let _ = writeln!(s, "skipped  {case}: {why}");
    }
    let ok = match r.check() {
        Ok(()) => "conforms",
        Err(_) if r.failed.is_empty() => "ran no case: does not conform",
        Err(_) => "does not conform",
    };
    let _ = writeln!(
        s,
        "engine `{}`: {} passed, {} failed, {} skipped: {ok}\n",
        r.engine,
        r.passed.len(),
        r.failed.len(),
        r.skipped.len()
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use engines::conformance::Verdict;

    #[test]
    fn verdicts_list_every_case_and_say_whether_the_engine_conforms() {
        let mut r = KitReport::new("x");
        r.record("a", Verdict::Passed);
        r.record(
            "b",
            Verdict::Skipped("does not declare workload `join`".into()),
        );
        let text = verdicts(&r);
        assert!(text.contains("passed   a\n"), "{text}");
        assert!(
            text.contains("skipped  b: does not declare workload `join`"),
            "{text}"
        );
        assert!(
            text.contains("1 passed, 0 failed, 1 skipped: conforms"),
            "{text}"
        );
        r.record("c", Verdict::Failed("1 missing".into()));
        let text = verdicts(&r);
        assert!(text.contains("FAILED   c: 1 missing"), "{text}");
        assert!(
            text.contains("1 passed, 1 failed, 1 skipped: does not conform"),
            "{text}"
        );
    }
}
