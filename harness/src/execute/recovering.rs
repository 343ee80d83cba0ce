//! A run's fault-tolerance settings: the suite's checkpoint, crash and sink keys with the
//! folder checkpoints go to, checked writable before anything runs, and each run's plan.

use reports::RunKey;
use std::path::Path;
use workloads::Time;

/// A run's fault-tolerance settings.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Recovering {
    /// The suite's keys.
    pub faults: crate::suite::SuiteFaults,
    /// The folder under which each run's checkpoints get a folder of their own.
    pub dir: std::path::PathBuf,
    /// The latency objective recovery is judged by, ms.
    pub slo_ms: f64,
}

impl Recovering {
    /// The plan of one run: its own checkpoint folder, times on the run's clock.
    pub fn plan(&self, key: &RunKey) -> crate::recovery::FaultPlan {
        let ns = |s: f64| (s * workloads::NANOS_PER_SEC as f64) as Time;
        let folder: String = key
            .id()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        crate::recovery::FaultPlan {
            checkpoint_interval: ns(self.faults.checkpoint_interval_ms / 1e3),
            crash_at: self.faults.crash_at_s.iter().map(|&s| ns(s)).collect(),
            dir: self.dir.join(folder),
            guarantee: self.faults.sink,
        }
    }
}

impl Recovering {
    /// The settings of `suite`'s runs, when it has any; checkpoints go to `checkpoint_dir`,
    /// or the results folder `out`'s `checkpoints/`, which must be writable (the error names
    /// the key or the folder).
    pub fn for_suite(suite: &crate::suite::Suite, out: &Path) -> Result<Option<Self>, String> {
        if !suite.faults.any() {
            return Ok(None);
        }
        let (dir, named) = match &suite.faults.checkpoint_dir {
            Some(d) => (d.clone(), format!("{}: key `checkpoint_dir`", suite.origin)),
            None => (out.join("checkpoints"), "the results folder".to_string()),
        };
        let probe = dir.join(".streambench-write-test");
        let writable = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&probe, b"ok"))
            .and_then(|()| std::fs::remove_file(&probe));
        if let Err(e) = writable {
            return Err(format!(
                "{named}: cannot write checkpoints to {}: {e}",
                dir.display()
            ));
        }
        Ok(Some(Recovering {
            faults: suite.faults.clone(),
            dir,
            slo_ms: suite.slo_ms,
        }))
    }
}
