//! The fault suite: what streambench promises under bad input, faults and hostile peers
//! (README, "Results are never lost" and "Reliability"), each case a fast test. One module
//! per kind of fault.

mod common;

#[path = "faults/dump.rs"]
mod dump;

#[path = "faults/sizes.rs"]
mod sizes;

#[path = "faults/fs.rs"]
mod fs;

#[path = "faults/exit_codes.rs"]
mod exit_codes;

#[path = "faults/signals.rs"]
mod signals;

#[path = "faults/resume.rs"]
mod resume;

#[path = "faults/hostile.rs"]
mod hostile;

#[path = "faults/quiet.rs"]
mod quiet;

#[path = "faults/contain.rs"]
mod contain;
#[path = "faults/recovery.rs"]
mod recovery;
