//! The correctness check: what the measuring thread matched against the reference (see
//! [`crate::expected`]) turned into a verdict, with the first differences shown.

use crate::expected::Expected;
use reports::{Correctness, Verdict};

/// Differences shown in a failed run's note.
pub const SHOWN: usize = 3;

/// What a run delivered, as matched against the reference.
#[derive(Debug, Default)]
pub struct Delivered {
    /// Indices of the expected results delivered (in any order; from every process).
    pub matched: Vec<u32>,
    /// Results the reference does not have.
    pub unexpected: u64,
    /// Results delivered with another cause or latest time than the reference's.
    pub misattributed: u64,
    /// The first differences found, described.
    pub samples: Vec<String>,
    /// Late events the engine dropped.
    pub late: u64,
    /// Results delivered again after having been delivered (a replay's repeats).
    pub duplicated: u64,
    /// Whether repeats are allowed (an at-least-once sink): counted, not mismatches.
    pub duplicates_allowed: bool,
}

/// The verdict, and the expected results never delivered.
pub struct Checked {
    /// The correctness figures.
    pub correctness: Correctness,
    /// Expected results never delivered.
    pub missing: u64,
}

/// Compares what was delivered with the reference: the verdict is `pass` only when every
/// expected result arrived once, with the reference's cause and latest time, nothing else
/// arrived, and the late count is the reference's.
#[cfg(test)]
pub fn check(expected: &Expected, d: Delivered) -> Correctness {
    check_counting(expected, d).correctness
}

/// [`check`], also counting the expected results never delivered. Repeats (another process
/// delivered the same result, or a replay did) are mismatches unless allowed.
pub fn check_counting(expected: &Expected, d: Delivered) -> Checked {
    let mut matched = d.matched;
    matched.sort_unstable();
    let delivered = matched.len() as u64 + d.duplicated;
    matched.dedup();
    let twice = delivered - matched.len() as u64;
    let missing = expected.len() as u64 - matched.len() as u64;
    let counted_twice = if d.duplicates_allowed { 0 } else { twice };
    let mismatches = d.unexpected + counted_twice + missing + d.misattributed;
    let mut samples = d.samples;
    samples.truncate(SHOWN);
    let mut next = 0usize;
    for i in 0..expected.len() as u32 {
        if samples.len() >= SHOWN {
            break;
        }
        while next < matched.len() && matched[next] < i {
            next += 1;
        }
        if matched.get(next) != Some(&i) {
            let o = expected.output(i);
            samples.push(format!(
                "missing {:?} (cause {}, latest {})",
                o.event, o.cause, o.latest
            ));
        }
    }
    let mut notes = Vec::new();
    if mismatches > 0 {
        notes.push(format!(
            "{} unexpected, {} missing, {} with another cause or latest time than the reference's{}; first: {}",
            d.unexpected + counted_twice,
            missing,
            d.misattributed,
            if counted_twice > 0 { format!(" ({twice} delivered twice)") } else { String::new() },
            samples.join("; ")
        ));
    }
    if d.late != expected.late {
        notes.push(format!(
            "engine dropped {} late events, the reference {}",
            d.late, expected.late
        ));
    }
    let correctness = Correctness {
        verdict: if notes.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail
        },
        mismatches,
        expected_outputs: expected.len() as u64,
        actual_outputs: delivered + d.unexpected,
        expected_late: expected.late,
        note: (!notes.is_empty()).then(|| notes.join(". ")),
    };
    Checked {
        correctness,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::reference::Evaluation;
    use workloads::{Event, Output};

    fn expected() -> Expected {
        let out = |t| Output {
            event: Event::new(t, 1, 1),
            cause: t,
            latest: t,
        };
        Expected::new(Evaluation {
            outputs: vec![out(1), out(2), out(3)],
            late_events: 4,
        })
    }

    #[test]
    fn verdict_needs_every_result_once_attributed_as_the_reference_and_the_late_count() {
        let e = expected();
        let all = || Delivered {
            matched: vec![2, 0, 1],
            late: 4,
            ..Delivered::default()
        };
        let c = check(&e, all());
        assert_eq!((c.verdict, c.mismatches, c.note), (Verdict::Pass, 0, None));
        let c = check(&e, Delivered { late: 5, ..all() });
        assert_eq!(c.verdict, Verdict::Fail);
        assert!(c
            .note
            .unwrap()
            .contains("dropped 5 late events, the reference 4"));
        let c = check(
            &e,
            Delivered {
                misattributed: 1,
                samples: vec!["cause 9 for …".into()],
                ..all()
            },
        );
        assert_eq!((c.verdict, c.mismatches), (Verdict::Fail, 1));
        assert!(c.note.unwrap().contains("1 with another cause"));
    }

    #[test]
    fn missing_twice_and_unexpected_are_counted_and_shown() {
        let e = expected();
        let c = check(
            &e,
            Delivered {
                matched: vec![0, 0],
                unexpected: 2,
                samples: vec!["unexpected A".into(), "unexpected B".into()],
                late: 4,
                ..Delivered::default()
            },
        );
        // 2 unexpected + 1 delivered twice + 2 missing.
        assert_eq!((c.verdict, c.mismatches), (Verdict::Fail, 5));
        assert_eq!(c.actual_outputs, 4);
        let note = c.note.unwrap();
        assert!(
            note.starts_with("3 unexpected, 2 missing, 0 with another"),
            "{note}"
        );
        assert!(note.contains("(1 delivered twice)"), "{note}");
        assert!(
            note.contains("unexpected A; unexpected B; missing Event"),
            "{note}"
        );
    }
}
