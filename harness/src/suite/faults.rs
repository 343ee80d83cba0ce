//! A suite's fault-tolerance keys: `checkpoint_interval_ms`, `checkpoint_dir`,
//! `crash_at_s` (or `--crash-at`) and `sink`, validated against the run they apply to.

use super::file::SuiteFile;
use super::{Origin, Overrides, SuiteError};
use reports::Guarantee;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Checkpoints during each run, crashes injected into it, and the sink's guarantee.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SuiteFaults {
    /// Time between checkpoints, ms (0: none).
    pub checkpoint_interval_ms: f64,
    /// Where checkpoints are written (`None`: the results folder's `checkpoints/`).
    pub checkpoint_dir: Option<PathBuf>,
    /// Seconds from a run's start at which its engine is crashed, ascending.
    pub crash_at_s: Vec<f64>,
    /// The sink's delivery guarantee.
    pub sink: Guarantee,
}

impl SuiteFaults {
    /// Whether runs need anything beyond the plain measurement.
    pub fn any(&self) -> bool {
        *self != SuiteFaults::default()
    }

    pub(super) fn parse(
        file: &SuiteFile,
        overrides: &Overrides,
        duration_s: f64,
        o: &Origin,
    ) -> Result<SuiteFaults, SuiteError> {
        let fail = |key: &str, msg: String| SuiteError(format!("{}: {msg}", o.at(key)));
        let interval = file.checkpoint_interval_ms;
        if !(interval.is_finite() && (interval == 0.0 || interval >= 1.0)) {
            return Err(fail(
                "checkpoint_interval_ms",
                format!("must be 0 (no checkpoints) or at least 1 ms, got {interval}"),
            ));
        }
        let sink = Guarantee::parse(&file.sink).ok_or_else(|| {
            fail(
                "sink",
                format!(
                    "unknown sink `{}`; known: exactly-once, at-least-once",
                    file.sink
                ),
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
