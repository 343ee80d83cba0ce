//! Which configuration of BASE is compared with which of NEW: equal keys (engine × workload
//! × workers × offered rate × keys × processes), less the dimensions `--ignore` leaves out,
//! so `--ignore workers` compares a one-worker run with a two-worker run.

use crate::group::{Group, GroupKey};

/// The key dimensions a match may ignore.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ignore {
    /// Worker threads.
    pub workers: bool,
    /// Offered rate.
    pub rate: bool,
    /// Distinct keys.
    pub keys: bool,
    /// Processes (`timely (2p)` then matches `timely`).
    pub processes: bool,
}

/// Every dimension `--ignore` accepts, as spelled there.
pub const IGNORABLE: [&str; 4] = ["workers", "rate", "keys", "processes"];

/// Two configurations of one side that differ only in ignored dimensions: they would both
/// match one configuration of the other side.
#[derive(Debug, thiserror::Error)]
#[error(
    "--ignore {dims}: {side} has {count} configurations of {label} that differ only in \
     the ignored dimensions; keep only one in {side}, or ignore fewer dimensions"
)]
pub struct Collapsed {
    /// `BASE` or `NEW`.
    pub side: &'static str,
    /// The ignored dimensions, comma-separated.
    pub dims: String,
    /// How many collapsed into one.
    pub count: usize,
    /// The configuration with the ignored dimensions left out.
    pub label: String,
}

impl Ignore {
    /// Parses `--ignore` names; an unknown one is an error naming the accepted ones.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Ignore, String> {
        let mut ignore = Ignore::default();
        for name in names {
            match name.as_ref().trim() {
                "workers" => ignore.workers = true,
                "rate" => ignore.rate = true,
                "keys" => ignore.keys = true,
                "processes" => ignore.processes = true,
                other => {
                    return Err(format!(
                        "--ignore: unknown dimension `{other}` (one of: {})",
                        IGNORABLE.join(", ")
                    ))
                }
            }
        }
        Ok(ignore)
    }

    /// The ignored dimensions, comma-separated (empty when none).
    pub fn names(&self) -> String {
        let on = [self.workers, self.rate, self.keys, self.processes];
        IGNORABLE
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The key with the ignored dimensions blanked, to match on.
    fn blank(&self, k: &GroupKey) -> GroupKey {
        let mut k = k.clone();
        // A prediction is compared with a measurement: simulated-ness is never a dimension.
        k.engine = measured_label(&k.engine);
        if self.workers {
            k.workers = 0;
        }
        if self.rate {
            k.offered_rate = 0.0;
        }
        if self.keys {
            k.keys = 0;
        }
        if self.processes {
            // The label `engine (Np)` is made from the plain name and N: undo exactly that.
            if k.processes > 1 {
                let suffix = format!(" ({}p)", k.processes);
                if let Some(plain) = k.engine.strip_suffix(&suffix) {
                    k.engine = plain.to_owned();
                }
            }
            k.processes = 0;
        }
        k
    }

    /// `engine / workload / …` of a blanked key, the ignored dimensions shown as `*`.
    fn label(&self, k: &GroupKey) -> String {
        let star = |ignored: bool, shown: String| if ignored { "*".into() } else { shown };
        format!(
            "{} / {} / w{} / {} ev/s / {} keys",
            k.engine,
            k.workload,
            star(self.workers, k.workers.to_string()),
            star(self.rate, crate::units::format_si(k.offered_rate)),
            star(self.keys, k.keys.to_string()),
        )
    }
}

/// The pairs of groups to compare, in BASE's order, then the keys of BASE's groups with no
/// partner and of NEW's. Fails when ignoring dimensions makes two groups of one side match
/// the same key: pairing them silently would compare an arbitrary one.
#[allow(clippy::type_complexity)]
pub(super) fn pair<'a, 'r>(
    base: &'a [Group<'r>],
    new: &'a [Group<'r>],
    ignore: &Ignore,
) -> Result<
    (
        Vec<(&'a Group<'r>, &'a Group<'r>)>,
        Vec<GroupKey>,
        Vec<GroupKey>,
    ),
    Collapsed,
> {
    for (side, groups) in [("BASE", base), ("NEW", new)] {
        let keys: Vec<GroupKey> = groups.iter().map(|g| ignore.blank(&g.key)).collect();
        if let Some(k) = keys
            .iter()
            .find(|k| keys.iter().filter(|o| o == k).count() > 1)
        {
            return Err(Collapsed {
                side,
                dims: ignore.names(),
                count: keys.iter().filter(|o| *o == k).count(),
                label: ignore.label(k),
            });
        }
    }
    let partner = |g: &Group, others: &'a [Group<'r>]| {
        let k = ignore.blank(&g.key);
        others.iter().find(|o| ignore.blank(&o.key) == k)
    };
    let mut pairs = Vec::new();
    let mut only_base = Vec::new();
    for b in base {
        match partner(b, new) {
            Some(n) => pairs.push((b, n)),
            None => only_base.push(b.key.clone()),
        }
    }
    let only_new = new
        .iter()
        .filter(|n| partner(n, base).is_none())
        .map(|n| n.key.clone())
        .collect();
    Ok((pairs, only_base, only_new))
}

/// `timely (2p, sim, zipf:1.1)` as the measured run's label, `timely (2p)`: the parts a
/// simulated run's label adds (`Run::engine_label`) dropped, the process count kept.
pub(crate) fn measured_label(label: &str) -> String {
    let Some((engine, rest)) = label.split_once(" (") else {
        return label.to_owned();
    };
    let inner = rest.strip_suffix(')').unwrap_or(rest);
    let parts: Vec<&str> = inner.split(", ").collect();
    if !parts.contains(&"sim") {
        return label.to_owned();
    }
    match parts.first() {
        Some(p) if p.ends_with('p') && p[..p.len() - 1].parse::<usize>().is_ok() => {
            format!("{engine} ({p})")
        }
        _ => engine.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_refuses_unknown_ones() {
        let i = Ignore::parse(&["workers", "processes"]).unwrap();
        assert!(i.workers && i.processes && !i.rate && !i.keys);
        assert_eq!(i.names(), "workers,processes");
        let e = Ignore::parse(&["worker"]).unwrap_err();
        assert!(e.contains("`worker`") && e.contains("workers, rate"), "{e}");
    }

    #[test]
    fn a_prediction_matches_the_measured_label() {
        assert_eq!(measured_label("timely (2p, sim)"), "timely (2p)");
        assert_eq!(measured_label("timely (sim, zipf:1.1, modulo)"), "timely");
        assert_eq!(measured_label("timely (2p)"), "timely (2p)");
        assert_eq!(measured_label("my (engine)"), "my (engine)");
    }

    #[test]
    fn processes_match_the_plain_engine() {
        let key = |engine: &str, processes| GroupKey {
            engine: engine.into(),
            workload: "q5".into(),
            workers: 2,
            offered_rate: 1.0,
            keys: 10,
            processes,
        };
        let i = Ignore {
            processes: true,
            ..Ignore::default()
        };
        assert_eq!(i.blank(&key("timely (2p)", 2)), i.blank(&key("timely", 1)));
        assert_ne!(
            Ignore::default().blank(&key("timely (2p)", 2)),
            Ignore::default().blank(&key("timely", 1))
        );
    }
}
