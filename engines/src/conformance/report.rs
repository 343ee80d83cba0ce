//! What the kit found for one engine: every case passed, failed or skipped, and whether
//! that is conformance.

use std::fmt;

/// How one case went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The engine matched the reference.
    Passed,
    /// The engine differed from the reference, failed, or refused a case it declares.
    Failed(String),
    /// The case needs something the engine does not declare (the reason says what); it
    /// proves nothing either way.
    Skipped(String),
}

/// The kit's result for one engine, case names in kit order.
#[derive(Clone, Debug, Default)]
pub struct KitReport {
    /// The engine's name.
    pub engine: String,
    /// Cases the engine passed.
    pub passed: Vec<String>,
    /// Failed cases with what went wrong.
    pub failed: Vec<(String, String)>,
    /// Skipped cases with the undeclared capability they need.
    pub skipped: Vec<(String, String)>,
}

impl KitReport {
    /// An empty report for `engine`.
    pub fn new(engine: &str) -> KitReport {
        KitReport {
            engine: engine.into(),
            ..KitReport::default()
        }
    }

    /// Records one case's verdict.
    pub fn record(&mut self, case: &str, verdict: Verdict) {
        match verdict {
            Verdict::Passed => self.passed.push(case.into()),
            Verdict::Failed(why) => self.failed.push((case.into(), why)),
            Verdict::Skipped(why) => self.skipped.push((case.into(), why)),
        }
    }

    /// `Ok` when the engine conforms: no case failed and at least one ran (an engine that
    /// declares so little that nothing runs has proved nothing). Otherwise every failure.
    pub fn check(&self) -> Result<(), String> {
        if self.failed.is_empty() && !self.passed.is_empty() {
            return Ok(());
        }
        if self.failed.is_empty() {
            return Err(format!(
                "engine `{}` ran no conformance case ({} skipped)",
                self.engine,
                self.skipped.len()
            ));
        }
        let lines: Vec<String> = self
            .failed
            .iter()
            .map(|(n, e)| format!("  {n}: {e}"))
            .collect();
        Err(format!(
            "engine `{}` failed {} conformance case(s):\n{}",
            self.engine,
            self.failed.len(),
            lines.join("\n")
        ))
    }
}

/// `engine `x`: 120 passed, 2 failed, 3 skipped (snapshot/join: …)`.
impl fmt::Display for KitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "engine `{}`: {} passed, {} failed, {} skipped",
            self.engine,
            self.passed.len(),
            self.failed.len(),
            self.skipped.len()
        )?;
        for (case, why) in &self.skipped {
            write!(f, "\n  skipped {case}: {why}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conformance_needs_a_case_run_and_none_failed() {
        let mut r = KitReport::new("x");
        r.record(
            "a",
            Verdict::Skipped("does not support operator `join`".into()),
        );
        assert!(r.check().unwrap_err().contains("ran no conformance case"));
        r.record("b", Verdict::Passed);
        assert!(r.check().is_ok());
        r.record("c", Verdict::Failed("wrong".into()));
        assert!(r.check().unwrap_err().contains("  c: wrong"));
        assert!(r
            .to_string()
            .contains("1 passed, 1 failed, 1 skipped\n  skipped a:"));
    }
}
