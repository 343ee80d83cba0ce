//! Judging each metric of matched configurations: improved, regressed, no change, or
//! inconclusive. A change is reported only when it is both statistically distinguishable
//! (the 99 % confidence interval of the difference of the means, by Welch's method, excludes
//! zero) and larger than a noise threshold on the relative change of the means. A side with
//! a single run has no spread to judge by: its verdicts are "inconclusive (1 run)".

use super::matching::{pair, Collapsed, Ignore};
use super::metrics::{Metric, METRICS, SUSTAINABLE};
use super::stats::{welch_ci, Summary};
use crate::group::{groups, GroupKey};
use crate::schema::Results;

/// Confidence level of the interval of the difference. 99 %, not 95 %: every metric of every
/// configuration is a test of its own, and at 95 % one metric in twenty of two identical
/// runs would be called a change (an A/A comparison must say "no change" on at least 95 %).
pub const CONFIDENCE: f64 = 0.99;

/// Why a metric could not be judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// A side has a single repetition (or a single search): no spread to judge noise by.
    OneRun,
}

/// The judgement of one metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Better beyond noise.
    Improved,
    /// Worse beyond noise.
    Regressed,
    /// Within noise, or not distinguishable.
    NoChange,
    /// Not judged.
    Inconclusive(Why),
}

impl Change {
    /// `improved`, `regressed`, `no change`, `inconclusive (1 run)`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Regressed => "regressed",
            Change::NoChange => "no change",
            Change::Inconclusive(Why::OneRun) => "inconclusive (1 run)",
        }
    }
}

/// How a row was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Welch's confidence interval of the difference and the noise threshold.
    Welch,
    /// Not judged (see [`Change::Inconclusive`]).
    None,
}

/// One metric of one matched configuration.
#[derive(Clone, Debug)]
pub struct Row {
    /// The baseline's configuration.
    pub key: GroupKey,
    /// The new configuration, when `--ignore` matched a different one.
    pub new_key: Option<GroupKey>,
    /// The metric.
    pub metric: Metric,
    /// Baseline summary over successful repetitions.
    pub base: Summary,
    /// New summary.
    pub new: Summary,
    /// (new − base) / base, percent (infinite when the baseline is 0 and the new is not).
    pub change_pct: f64,
    /// The confidence interval of (new − base) / base, percent, when it was computed.
    pub ci_pct: Option<(f64, f64)>,
    /// How it was judged.
    pub method: Method,
    /// The verdict.
    pub change: Change,
    /// Whether the row compares sustainable-throughput searches (the key's rate and keys
    /// are then not part of the match).
    pub search: bool,
}

impl Row {
    /// The configuration, for tables (`A vs B` when `--ignore` matched different ones).
    pub fn label(&self) -> String {
        if self.search {
            return format!(
                "{} / {} / w{} / rate search",
                self.key.engine, self.key.workload, self.key.workers
            );
        }
        match &self.new_key {
            Some(n) => format!("{} vs {}", self.key.label(), n.label()),
            None => self.key.label(),
        }
    }

    /// How much worse the new value is, percent; 0 when it is not worse.
    pub fn regression_pct(&self) -> f64 {
        if self.change != Change::Regressed {
            return 0.0;
        }
        self.change_pct.abs()
    }
}

/// A latency percentile left out of the comparison: some run had fewer samples than it needs.
#[derive(Clone, Debug)]
pub struct TooFew {
    /// The configuration (the baseline's).
    pub key: GroupKey,
    /// The metric's name.
    pub metric: &'static str,
    /// The fewest samples among the runs of both sides.
    pub n: u64,
    /// The samples the percentile needs.
    pub needs: u64,
}

/// Everything `compare` found.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// One row per metric per configuration present (and successful) in both.
    pub rows: Vec<Row>,
    /// Configurations only in the baseline, or without a successful run in one of them.
    pub only_base: Vec<GroupKey>,
    /// Configurations only in the new results.
    pub only_new: Vec<GroupKey>,
    /// Latency percentiles not compared for want of samples.
    pub too_few: Vec<TooFew>,
    /// Configurations present, with a successful run, on both sides.
    pub matched: usize,
    /// The dimensions left out of the match.
    pub ignore: Ignore,
    /// The noise threshold used, percent.
    pub noise_pct: f64,
}

impl Comparison {
    /// Rows that regressed by more than `pct` percent.
    pub fn regressions_over(&self, pct: f64) -> Vec<&Row> {
        self.rows
            .iter()
            .filter(|r| r.regression_pct() > pct)
            .collect()
    }

    /// Rows with the verdict `change`.
    pub fn count(&self, change: Change) -> usize {
        self.rows.iter().filter(|r| r.change == change).count()
    }

    /// Whether any row could not be judged for want of repetitions.
    pub fn any_one_run(&self) -> bool {
        self.count(Change::Inconclusive(Why::OneRun)) > 0
    }
}

/// Compares `new` against `base`, metric by metric, with a noise threshold in percent,
/// matching configurations on every key dimension but the ignored ones.
pub fn compare(
    base: &Results,
    new: &Results,
    noise_pct: f64,
    ignore: Ignore,
) -> Result<Comparison, Collapsed> {
    let base_groups = groups(base);
    let new_groups = groups(new);
    let (pairs, mut only_base, only_new) = pair(&base_groups, &new_groups, &ignore)?;
    let mut rows = Vec::new();
    let mut too_few = Vec::new();
    let mut matched = 0;
    for (b, n) in pairs {
        if b.ok().count() == 0 || n.ok().count() == 0 {
            only_base.push(b.key.clone());
            continue;
        }
        matched += 1;
        let new_key = (n.key != b.key).then(|| n.key.clone());
        for metric in METRICS {
            let side = |g: &crate::group::Group| -> Option<Vec<f64>> {
                g.ok().map(|f| (metric.value)(f)).collect()
            };
            let (Some(bv), Some(nv)) = (side(b), side(n)) else {
                let p = metric.percentile.expect("only percentiles lack values");
                let fewest = b.ok().chain(n.ok()).map(|f| f.latency_ns.count).min();
                too_few.push(TooFew {
                    key: b.key.clone(),
                    metric: metric.name,
                    n: fewest.unwrap_or(0),
                    needs: p.min_samples(),
                });
                continue;
            };
            let (Some(bs), Some(ns)) = (Summary::of(&bv), Summary::of(&nv)) else {
                continue;
            };
            rows.push(Row {
                new_key: new_key.clone(),
                ..judge(b.key.clone(), metric, bs, ns, noise_pct)
            });
        }
    }
    let searches = compare_searches(base, new, noise_pct);
    matched += searches.len();
    rows.extend(searches);
    Ok(Comparison {
        rows,
        only_base,
        only_new,
        too_few,
        matched,
        ignore,
        noise_pct,
    })
}

fn judge(key: GroupKey, metric: Metric, base: Summary, new: Summary, noise_pct: f64) -> Row {
    let pct = |v: f64| {
        if v == 0.0 {
            0.0
        } else if base.mean == 0.0 {
            f64::INFINITY.copysign(v)
        } else {
            v / base.mean.abs() * 100.0
        }
    };
    let change_pct = pct(new.mean - base.mean);
    let ci_pct = welch_ci(&base, &new, CONFIDENCE).map(|(lo, hi)| (pct(lo), pct(hi)));
    let (method, change) = match ci_pct {
        None => (Method::None, Change::Inconclusive(Why::OneRun)),
        Some((lo, hi)) => {
            let differs = (lo > 0.0 || hi < 0.0) && change_pct.abs() > noise_pct;
            let change = if !differs {
                Change::NoChange
            } else if (change_pct > 0.0) == metric.higher_is_better {
                Change::Improved
            } else {
                Change::Regressed
            };
            (Method::Welch, change)
        }
    };
    Row {
        key,
        new_key: None,
        metric,
        base,
        new,
        change_pct,
        ci_pct,
        method,
        change,
        search: false,
    }
}

/// Sustainable rates of searches present, with a result, on both sides: one search per
/// side, so always inconclusive (1 run), but shown with their change.
fn compare_searches(base: &Results, new: &Results, noise_pct: f64) -> Vec<Row> {
    base.sustain
        .iter()
        .filter_map(|b| {
            let n = new.sustain.iter().find(|n| {
                n.engine == b.engine && n.workload == b.workload && n.workers == b.workers
            })?;
            let (bs, ns) = (
                Summary::of(&[b.sustainable_rate?])?,
                Summary::of(&[n.sustainable_rate?])?,
            );
            let key = GroupKey {
                engine: b.engine.clone(),
                workload: b.workload.clone(),
                workers: b.workers,
                offered_rate: 0.0,
                keys: 0,
                processes: 1,
            };
            Some(Row {
                search: true,
                ..judge(key, SUSTAINABLE, bs, ns, noise_pct)
            })
        })
        .collect()
}
