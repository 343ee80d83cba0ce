//! The verdict that opens every report: per workload, which engine has the highest capacity
//! and which the lowest latency, derived from the figures (never written by hand), each
//! with the figure and its n, plus every engine whose run failed or gave wrong results.
//!
//! A capacity is a bracket (highest sustained, lowest failed rate), so an engine is called
//! the highest only when its sustained rate is at or above every other engine's failed
//! rate; otherwise the engines whose brackets overlap it are named as tied. Latency is
//! compared among the plain runs at the workload's most common offered rate (a capacity
//! suite runs them all at one common load), by p99 where every run has the 100 samples a
//! p99 needs, else by p50, else by the largest latency, always saying which.

use crate::schema::{Percentile, Results, Run, Sustain, Verdict};
use crate::units::{format_duration_ns, format_si};

/// One claim about one engine on one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The engine it is about, as reports label it.
    pub engine: String,
    /// What holds, with its figure, e.g. `highest capacity, 31.7M events/s`.
    pub claim: String,
}

/// The findings of one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadVerdict {
    /// The workload.
    pub workload: String,
    /// Its findings, capacity first.
    pub findings: Vec<Finding>,
}

impl WorkloadVerdict {
    /// `engine: claim; engine: claim`.
    pub fn sentence(&self) -> String {
        self.findings
            .iter()
            .map(|f| format!("{}: {}", f.engine, f.claim))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The verdict of every workload, in the order the results first name them.
pub fn verdicts(results: &Results) -> Vec<WorkloadVerdict> {
    let mut workloads: Vec<&str> = Vec::new();
    let names = results
        .sustain
        .iter()
        .map(|s| s.workload.as_str())
        .chain(results.runs.iter().map(|r| r.key.workload.as_str()));
    for w in names {
        if !workloads.contains(&w) {
            workloads.push(w);
        }
    }
    workloads
        .into_iter()
        .map(|w| WorkloadVerdict {
            workload: w.to_owned(),
            findings: capacity(results, w)
                .into_iter()
                .chain(latency(results, w))
                .chain(failures(results, w))
                .collect(),
        })
        .filter(|v| !v.findings.is_empty())
        .collect()
}

fn search_label(s: &Sustain) -> String {
    match s.workers {
        1 => s.engine.clone(),
        w => format!("{} w{w}", s.engine),
    }
}

fn run_label(r: &Run) -> String {
    match r.key.workers {
        1 => r.engine_label(),
        w => format!("{} w{w}", r.engine_label()),
    }
}

fn rate_text(s: &Sustain) -> String {
    let rate = s.sustainable_rate.unwrap_or(0.0);
    let at_least = if s.ceiling_reached { "≥ " } else { "" };
    format!("{at_least}{} events/s", format_si(rate))
}

fn capacity(results: &Results, workload: &str) -> Vec<Finding> {
    let found: Vec<&Sustain> = results
        .sustain
        .iter()
        .filter(|s| s.workload == workload && s.sustainable_rate.is_some())
        .collect();
    let rate = |s: &Sustain| s.sustainable_rate.unwrap_or(0.0);
    let Some(best) = found
        .iter()
        .copied()
        .max_by(|a, b| rate(a).total_cmp(&rate(b)))
    else {
        return Vec::new();
    };
    // Tied: another engine's capacity may exceed the best's sustained rate (its failed rate
    // is above it, or it never failed).
    let tied: Vec<String> = found
        .iter()
        .filter(|s| !std::ptr::eq(**s, best))
        .filter(|s| s.lowest_failed_rate.is_none_or(|f| f > rate(best)))
        .map(|s| search_label(s))
        .collect();
    let mut claim = format!("highest capacity, {}", rate_text(best));
    if !tied.is_empty() {
        claim.push_str(&format!(
            " (within the search's precision of {})",
            tied.join(", ")
        ));
    }
    let mut out = vec![Finding {
        engine: search_label(best),
        claim,
    }];
    if found.len() > 1 {
        if let Some(low) = found.iter().min_by(|a, b| rate(a).total_cmp(&rate(b))) {
            out.push(Finding {
                engine: search_label(low),
                claim: format!("lowest capacity, {}", rate_text(low)),
            });
        }
    }
    out
}

fn latency(results: &Results, workload: &str) -> Vec<Finding> {
    let plain: Vec<&Run> = results
        .runs
        .iter()
        .filter(|r| r.key.workload == workload && r.key.probe_of.is_none() && r.is_ok())
        .collect();
    // The most common offered rate (the lowest of equally common ones).
    let mut rates: Vec<f64> = plain.iter().map(|r| r.key.offered_rate).collect();
    rates.sort_by(f64::total_cmp);
    let count = |x: f64| rates.iter().filter(|r| **r == x).count();
    let Some(rate) = rates
        .iter()
        .copied()
        .max_by(|a, b| count(*a).cmp(&count(*b)).then(b.total_cmp(a)))
    else {
        return Vec::new();
    };
    let at: Vec<&Run> = plain
        .into_iter()
        .filter(|r| r.key.offered_rate == rate)
        .collect();
    let latency = |r: &Run, p: Percentile| r.figures().and_then(|f| f.latency_ns.get(p));
    let Some(p) = [Percentile::P99, Percentile::P50, Percentile::Max]
        .into_iter()
        .find(|p| at.iter().all(|r| latency(r, *p).is_some()))
    else {
        return Vec::new();
    };
    let name = match p {
        Percentile::Max => "largest latency",
        p => p.name(),
    };
    let n = |r: &Run| r.figures().map_or(0, |f| f.latency_ns.count);
    let mut sorted = at.clone();
    sorted.sort_by_key(|r| latency(r, p));
    let mut out = Vec::new();
    let describe = |r: &Run| {
        format!(
            "{} = {} at {} events/s (n={})",
            name,
            format_duration_ns(latency(r, p).unwrap_or(0) as f64),
            format_si(rate),
            format_si(n(r) as f64)
        )
    };
    if let Some(low) = sorted.first() {
        let tie = sorted.len() > 1 && latency(sorted[1], p) == latency(low, p);
        let lowest = if tie { "lowest (tied)" } else { "lowest" };
        out.push(Finding {
            engine: run_label(low),
            claim: format!("{lowest} {}", describe(low)),
        });
    }
    if sorted.len() > 1 {
        if let Some(high) = sorted.last() {
            out.push(Finding {
                engine: run_label(high),
                claim: format!("highest {}", describe(high)),
            });
        }
    }
    out
}

fn failures(results: &Results, workload: &str) -> Vec<Finding> {
    results
        .runs
        .iter()
        .filter(|r| r.key.workload == workload && r.key.probe_of.is_none())
        .filter_map(|r| {
            let claim = match r.figures() {
                Some(f) if f.correctness.verdict == Verdict::Fail => "wrong results".to_owned(),
                Some(_) => return None,
                None => format!("run {}", r.outcome.as_str()),
            };
            Some(Finding {
                engine: run_label(r),
                claim,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sample_results, sample_sustain};

    #[test]
    fn the_highest_capacity_and_the_lowest_latency_are_named_with_their_figures() {
        let v = verdicts(&sample_results());
        let t = v.iter().find(|v| v.workload == "tumbling-count").unwrap();
        let s = t.sentence();
        assert!(
            s.starts_with("dataflow w2: highest capacity, 400k events/s; actor w2: lowest capacity, 50.0k events/s"),
            "{s}"
        );
        assert!(s.contains("lowest p99 = "), "{s}");
        assert!(s.contains("(n="), "{s}");
        // The run with wrong results is named.
        assert!(s.contains("wrong results"), "{s}");
    }

    #[test]
    fn overlapping_brackets_are_a_tie() {
        let mut r = sample_results();
        r.sustain = vec![
            sample_sustain("a", "w", 1, 400_000.0),
            sample_sustain("b", "w", 1, 390_000.0),
        ];
        // a sustained 400k and failed at 800k; b sustained 200k and failed at 400k: b's
        // capacity is below 400k, so a is the highest. Move b's failure above 400k.
        let f = verdicts(&r);
        let w = f.iter().find(|v| v.workload == "w").unwrap();
        assert!(!w.findings[0].claim.contains("within"), "{:?}", w.findings);
        r.sustain[1].lowest_failed_rate = Some(500_000.0);
        let f = verdicts(&r);
        let w = f.iter().find(|v| v.workload == "w").unwrap();
        assert_eq!(w.findings[0].engine, "a");
        assert!(w.findings[0]
            .claim
            .ends_with("(within the search's precision of b)"));
    }
}
