//! `streambench sustain`: the highest rate an engine keeps up with on a workload, by the
//! search of [`crate::search`] doubling the rate from `--min-rate` until a probe fails, then
//! bisecting between the best sustained and the first failed rate; every probe lasts the
//! suite's duration and is kept.

use crate::cli::SustainArgs;
use crate::error::bad;
use crate::execute::contained_or_local;
use crate::interrupt::stop_flag;
use crate::output::{finish, new_results, output_dir};
use crate::search::{Search, Steps};
use crate::suite::SuiteSource;

/// Runs the search the arguments describe.
pub fn sustain(args: &SustainArgs) -> anyhow::Result<()> {
    let mut run_args = args.suite_args.clone();
    if run_args.processes.is_some() || run_args.hosts.is_some() {
        return Err(crate::error::bad(
            "--processes and --hosts apply to `run`: a search runs in one process",
        ));
    }
    run_args.engines = Some(vec![args.engine.clone()]);
    run_args.workloads = Some(vec![args.workload.clone()]);
    let source = SuiteSource::of(&run_args)?;
    let suite = source.suite().map_err(|e| bad(e.0))?;
    let slo_ms = args.slo_ms.unwrap_or(suite.slo_ms);
    if !(slo_ms.is_finite() && slo_ms > 0.0) {
        return Err(bad(format!("--slo-ms: must be positive, got {slo_ms}")));
    }
    if !(args.min_rate > 0.0 && args.max_rate >= args.min_rate) {
        return Err(bad("--min-rate/--max-rate: need 0 < min <= max"));
    }
    if args.max_probes == 0 {
        return Err(bad("--max-probes 0: a search needs at least 1 probe"));
    }
    let slo_ns = (slo_ms * 1e6) as u64;
    let engine = engines::registry::find(&args.engine).expect("validated");
    let entry = workloads::catalog::find(&args.workload).expect("validated");
    // Every probe would be skipped: refused before any runs, as `run` records it.
    if let Err(why) = engine
        .capabilities
        .supports_workload(entry.name, &entry.plan())
    {
        return Err(bad(format!(
            "--workload {}: {} {why}",
            entry.name, engine.name
        )));
    }
    let out = output_dir(run_args.out.as_deref(), run_args.force)?;
    let path = out.join("results.json");
    let mut results = new_results(&suite);
    let search = Search {
        suite: &suite,
        engine,
        entry,
        workers: suite.workers[0],
        keys: suite.keys[0],
        slo_ns,
        steps: Steps {
            min_rate: args.min_rate,
            max_rate: args.max_rate,
            factor: 2.0,
            precision: args.precision,
            max_probes: args.max_probes,
            saturate: false,
        },
        budget: None,
        verbose: !run_args.quiet,
    };
    let stop = stop_flag();
    let mut executor = contained_or_local(&run_args, source);
    search.run(executor.as_mut(), &mut results, &path, &stop)?;
    let (good, bad_rate) = results
        .sustain
        .last()
        .map_or((None, None), |s| (s.sustainable_rate, s.lowest_failed_rate));
    let probes = results.sustain.last().map_or(0, |s| s.probes.len());
    match (good, bad_rate) {
        (Some(g), None) if g >= args.max_rate => println!(
            "sustainable throughput: >= {g:.0} events/s (ceiling reached: --max-rate; p99 objective {slo_ms} ms, {probes} probes)"
        ),
        (Some(g), None) => println!(
            "sustainable throughput: >= {g:.0} events/s (no rate failed within --max-probes; p99 objective {slo_ms} ms, {probes} probes)"
        ),
        (Some(g), Some(b)) => println!(
            "sustainable throughput: {g:.0} events/s (p99 objective {slo_ms} ms; {b:.0} was not sustained; {probes} probes)"
        ),
        (None, _) => println!(
            "no probed rate was sustained (lowest {:.0} events/s, {probes} probes)",
            args.min_rate
        ),
    }
    finish(&results, &out)
}
