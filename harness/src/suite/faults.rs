//! A suite's fault-tolerance keys: `checkpoint_interval_ms`, `checkpoint_dir`,
//! `crash_at_s` (or `--crash-at`) and `sink`, validated against the run they apply to.

use super::file::SuiteFile;
use super::{Origin, Overrides, SuiteError};
use reports::Guarantee;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Refuses a crash that falls outside a run it would be injected into (a Nexmark run lasts
/// half the suite's duration).
pub fn crashes_within_runs(suite: &super::Suite) -> Result<(), SuiteError> {
    for c in &super::matrix(suite) {
        let w = c.workload.build(&super::params(suite, c.rate, c.keys));
        let duration_s = w.source.events() as f64 / w.source.rate();
        suite.faults.check_within(c.workload.name, duration_s)?;
    }
    Ok(())
}

/// Checkpoints during each run, crashes injected into it, and the sink's guarantee.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SuiteFaults {
    /// Time between checkpoints, ms (0: none).
    pub checkpoint_interval_ms: f64,
    /// Where checkpoints are written (`None`: the results folder's `checkpoints/`).
    pub checkpoint_dir: Option<PathBuf>,
    /// Seconds from a run's start at which its engine is crashed, ascending.
    pub crash_at_s: Vec<f64>,
    /// The sink's delivery guarantee.
    pub sink: Guarantee,
    /// Where the crash times came from, for errors (`FILE:LINE: key `crash_at_s`` or
    /// `--crash-at`).
    pub crash_origin: String,
}

impl SuiteFaults {
    /// Whether runs need anything beyond the plain measurement.
    pub fn any(&self) -> bool {
        self.checkpoint_interval_ms > 0.0
            || !self.crash_at_s.is_empty()
            || self.sink != Guarantee::AtLeastOnce
            || self.checkpoint_dir.is_some()
    }

    /// Refuses crashes at or after the end of a run of `workload`, which lasts
    /// `duration_s` (a Nexmark run lasts half the suite's duration).
    pub fn check_within(&self, workload: &str, duration_s: f64) -> Result<(), SuiteError> {
        match self.crash_at_s.iter().find(|&&t| t >= duration_s) {
            None => Ok(()),
            Some(t) => Err(SuiteError(format!(
                "{}: a crash at {t} s is outside the runs of {workload}, which last {duration_s} s",
                self.crash_origin
            ))),
        }
    }

    pub(super) fn parse(
        file: &SuiteFile,
        overrides: &Overrides,
        duration_s: f64,
        o: &Origin,
    ) -> Result<SuiteFaults, SuiteError> {
        let fail = |key: &str, msg: String| SuiteError(format!("{}: {msg}", o.at(key)));
        let interval = overrides
            .checkpoint_interval_ms
            .unwrap_or(file.checkpoint_interval_ms);
        if !(interval.is_finite() && (interval == 0.0 || interval >= 1.0)) {
            return Err(fail(
                "checkpoint_interval_ms",
                format!("must be 0 (no checkpoints) or at least 1 ms, got {interval}"),
            ));
        }
        let sink = overrides.sink.as_deref().unwrap_or(&file.sink);
        let sink = Guarantee::parse(sink).ok_or_else(|| {
            fail(
                "sink",
                format!("unknown sink `{sink}`; known: exactly-once, at-least-once"),
            )
        })?;
        let mut crash_at_s = overrides
            .crash_at
            .clone()
            .unwrap_or_else(|| file.crash_at_s.clone());
        if let Some(t) = crash_at_s
            .iter()
            .find(|t| !(t.is_finite() && **t > 0.0 && **t < duration_s))
        {
            return Err(fail(
                "crash_at_s",
                format!(
                    "a crash at {t} s is outside the run: crashes must fall within (0, {duration_s}) s"
                ),
            ));
        }
        crash_at_s.sort_by(f64::total_cmp);
        crash_at_s.dedup();
        let checkpoint_dir = match &file.checkpoint_dir {
            Some(d) if d.trim().is_empty() => {
                return Err(fail("checkpoint_dir", "an empty folder name".into()))
            }
            Some(d) => Some(PathBuf::from(d)),
            None => None,
        };
        Ok(SuiteFaults {
            checkpoint_interval_ms: interval,
            checkpoint_dir,
            crash_at_s,
            sink,
            crash_origin: o.at("crash_at_s"),
        })
    }

    /// Adds the keys that are set to the report's settings.
    pub(super) fn describe(&self, s: &mut BTreeMap<String, String>) {
        if !self.any() {
            return;
        }
        let every = match self.checkpoint_interval_ms {
            0.0 => "none".to_string(),
            ms => format!("every {ms} ms"),
        };
        s.insert("checkpoints".into(), every);
        let crashes: Vec<String> = self.crash_at_s.iter().map(|t| format!("{t} s")).collect();
        s.insert(
            "crashes".into(),
            match crashes.is_empty() {
                true => "none".into(),
                false => crashes.join(", "),
            },
        );
        s.insert("sink".into(), self.sink.as_str().into());
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Overrides, Suite};
    use reports::Guarantee;

    const BASE: &str =
        "name = \"x\"\nworkloads = [\"window-count\"]\nrates = [1000]\nduration_s = 4\n";

    fn parse(keys: &str, o: &Overrides) -> Result<Suite, String> {
        Suite::parse(&format!("{BASE}{keys}"), "s.toml", o).map_err(|e| e.0)
    }

    #[test]
    fn keys_are_read_sorted_and_described() {
        let s = parse(
            "checkpoint_interval_ms = 250\ncrash_at_s = [2.5, 1]\nsink = \"exactly-once\"\ncheckpoint_dir = \"/tmp/c\"\n",
            &Overrides::default(),
        )
        .unwrap();
        let f = &s.faults;
        assert_eq!(f.crash_at_s, [1.0, 2.5]);
        assert_eq!(f.sink, Guarantee::ExactlyOnce);
        assert_eq!(f.checkpoint_dir.as_deref(), Some("/tmp/c".as_ref()));
        assert!(f.any());
        assert_eq!(s.settings()["crashes"], "1 s, 2.5 s");
        assert_eq!(s.settings()["checkpoints"], "every 250 ms");
        // None of the keys: a plain run.
        assert!(!parse("", &Overrides::default()).unwrap().faults.any());
        // The flags replace the keys.
        let flags = Overrides {
            checkpoint_interval_ms: Some(500.0),
            sink: Some("at-least-once".into()),
            ..Overrides::default()
        };
        let s = parse(
            "checkpoint_interval_ms = 250\nsink = \"exactly-once\"\n",
            &flags,
        )
        .unwrap();
        assert_eq!(s.faults.checkpoint_interval_ms, 500.0);
        assert_eq!(s.faults.sink, Guarantee::AtLeastOnce);
    }

    #[test]
    fn bad_values_name_the_line_and_key_or_the_flag() {
        let none = Overrides::default();
        let e = parse("crash_at_s = [1, 4]\n", &none).unwrap_err();
        assert!(
            e.starts_with("s.toml:5: key `crash_at_s`: a crash at 4 s is outside the run"),
            "{e}"
        );
        let e = parse("crash_at_s = [-1]\n", &none).unwrap_err();
        assert!(e.contains("outside the run"), "{e}");
        let e = parse("sink = \"exactly-twice\"\n", &none).unwrap_err();
        assert!(e.starts_with("s.toml:5: key `sink`: unknown sink"), "{e}");
        let e = parse("checkpoint_interval_ms = -3\n", &none).unwrap_err();
        assert!(
            e.starts_with("s.toml:5: key `checkpoint_interval_ms`"),
            "{e}"
        );
        let e = parse("checkpoint_dir = \" \"\n", &none).unwrap_err();
        assert!(e.contains("key `checkpoint_dir`"), "{e}");
        let flag = Overrides {
            crash_at: Some(vec![9.0]),
            ..Overrides::default()
        };
        let e = parse("crash_at_s = [1]\n", &flag).unwrap_err();
        assert!(e.starts_with("--crash-at: a crash at 9 s"), "{e}");
        let flag = Overrides {
            sink: Some("exactly-twice".into()),
            ..Overrides::default()
        };
        let e = parse("sink = \"exactly-once\"\n", &flag).unwrap_err();
        assert!(e.starts_with("--sink: unknown sink `exactly-twice`"), "{e}");
        let flag = Overrides {
            checkpoint_interval_ms: Some(-3.0),
            ..Overrides::default()
        };
        let e = parse("", &flag).unwrap_err();
        assert!(e.starts_with("--checkpoint-interval-ms: must be 0"), "{e}");
        // Within the suite's duration but not a shorter run's.
        let s = parse("crash_at_s = [3]\n", &none).unwrap();
        let e = s.faults.check_within("nexmark-q5", 2.0).unwrap_err().0;
        assert!(
            e.starts_with("s.toml:5: key `crash_at_s`: a crash at 3 s is outside the runs of nexmark-q5, which last 2 s"),
            "{e}"
        );
    }
}
