//! Matching two results' configurations and judging each metric: improved, regressed or
//! no change. Like criterion, a change is reported only when it is both statistically
//! distinguishable (Welch's t-test, when each side has at least two repetitions) and
//! larger than a noise threshold on the relative change of the means.

use super::metrics::{Metric, METRICS, SUSTAINABLE};
use super::stats::{welch_p_value, Summary};
use crate::group::{groups, GroupKey};
use crate::schema::Results;

/// Significance level of the t-test.
pub const ALPHA: f64 = 0.05;

/// The judgement of one metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Better beyond noise.
    Improved,
    /// Worse beyond noise.
    Regressed,
    /// Within noise, or not distinguishable.
    NoChange,
}

impl Change {
    /// `improved`, `regressed`, `no change`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Regressed => "regressed",
            Change::NoChange => "no change",
        }
    }
}

/// How a row was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Welch's t-test and the noise threshold.
    TTest,
    /// Fewer than two repetitions on a side: the noise threshold alone.
    ThresholdOnly,
}

/// One metric of one matched configuration.
#[derive(Clone, Debug)]
pub struct Row {
    /// The configuration.
    pub key: GroupKey,
    /// The metric.
    pub metric: Metric,
    /// Baseline summary over successful repetitions.
    pub base: Summary,
    /// New summary.
    pub new: Summary,
    /// (new − base) / base, percent (infinite when the baseline is 0 and the new is not).
    pub change_pct: f64,
    /// The t-test's p-value, when it ran.
    pub p_value: Option<f64>,
    /// How it was judged.
    pub method: Method,
    /// The verdict.
    pub change: Change,
    /// Whether the row compares sustainable-throughput searches (the key's rate and keys
    /// are then not part of the match).
    pub search: bool,
}

impl Row {
    /// The configuration, for tables.
    pub fn label(&self) -> String {
        if self.search {
            format!(
                "{} / {} / w{} / rate search",
                self.key.engine, self.key.workload, self.key.workers
            )
        } else {
            self.key.label()
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

/// Everything `compare` found.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// One row per metric per configuration present (and successful) in both.
    pub rows: Vec<Row>,
    /// Configurations only in the baseline, or without a successful run in one of them.
    pub only_base: Vec<GroupKey>,
    /// Configurations only in the new results.
    pub only_new: Vec<GroupKey>,
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

    /// Whether any run configuration was judged on the threshold alone.
    pub fn any_threshold_only(&self) -> bool {
        self.rows
            .iter()
            .any(|r| !r.search && r.method == Method::ThresholdOnly)
    }

    /// Whether sustainable rates of searches were compared.
    pub fn any_search(&self) -> bool {
        self.rows.iter().any(|r| r.search)
    }
}

/// Compares `new` against `base`, metric by metric, with a noise threshold in percent.
pub fn compare(base: &Results, new: &Results, noise_pct: f64) -> Comparison {
    let base_groups = groups(base);
    let new_groups = groups(new);
    let mut rows = Vec::new();
    let mut only_base = Vec::new();
    for b in &base_groups {
        let Some(n) = new_groups.iter().find(|n| n.key == b.key) else {
            only_base.push(b.key.clone());
            continue;
        };
        if b.ok().count() == 0 || n.ok().count() == 0 {
            only_base.push(b.key.clone());
            continue;
        }
        for metric in METRICS {
            let (Some(bs), Some(ns)) = (
                Summary::of(&b.values(metric.value)),
                Summary::of(&n.values(metric.value)),
            ) else {
                continue;
            };
            rows.push(judge(b.key.clone(), metric, bs, ns, noise_pct));
        }
    }
    rows.extend(compare_searches(base, new, noise_pct));
    let only_new = new_groups
        .iter()
        .filter(|n| !base_groups.iter().any(|b| b.key == n.key))
        .map(|n| n.key.clone())
        .collect();
    Comparison {
        rows,
        only_base,
        only_new,
        noise_pct,
    }
}

fn judge(key: GroupKey, metric: Metric, base: Summary, new: Summary, noise_pct: f64) -> Row {
    let change_pct = if base.mean == new.mean {
        0.0
    } else if base.mean == 0.0 {
        f64::INFINITY.copysign(new.mean)
    } else {
        (new.mean - base.mean) / base.mean.abs() * 100.0
    };
    let p_value = welch_p_value(&base, &new);
    let method = if p_value.is_some() {
        Method::TTest
    } else {
        Method::ThresholdOnly
    };
    let differs = p_value.is_none_or(|p| p < ALPHA) && change_pct.abs() > noise_pct;
    let change = if !differs {
        Change::NoChange
    } else if (change_pct > 0.0) == metric.higher_is_better {
        Change::Improved
    } else {
        Change::Regressed
    };
    Row {
        key,
        metric,
        base,
        new,
        change_pct,
        p_value,
        method,
        change,
        search: false,
    }
}

/// Sustainable rates of searches present, with a result, on both sides.
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
            };
            Some(Row {
                search: true,
                ..judge(key, SUSTAINABLE, bs, ns, noise_pct)
            })
        })
        .collect()
}
