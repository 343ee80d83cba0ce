//! External engines a suite names, in `[[external]]` tables or with `--external`: each is
//! registered (started once to read its `hello`) before the suite's engines are resolved.

use super::file::ExternalEntry;
use super::{Origin, SuiteError};
use engines::external::{register, ExternalSpec};
use std::time::Duration;

/// Registers every external engine of the file and the flags.
pub(super) fn register_all(
    entries: &[ExternalEntry],
    flags: &[String],
    origin: &Origin,
) -> Result<(), SuiteError> {
    for (i, e) in entries.iter().enumerate() {
        let at = |msg: String| {
            SuiteError(format!(
                "{} (external `{}`): {msg}",
                origin.at_entry("external", i),
                e.name
            ))
        };
        if e.name.trim().is_empty() || e.command.is_empty() {
            return Err(at("needs a name and a non-empty command".into()));
        }
        let mut spec = ExternalSpec::new(&e.name, e.command.clone());
        spec.env = e.env.clone().into_iter().collect();
        for (field, value) in [
            (&mut spec.connect_timeout, e.connect_timeout_s),
            (&mut spec.reply_timeout, e.reply_timeout_s),
        ] {
            if let Some(s) = value {
                *field = Duration::try_from_secs_f64(s)
                    .ok()
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| at(format!("a timeout of {s} s is not a positive time")))?;
            }
        }
        register(spec).map_err(at)?;
    }
    for flag in flags {
        let bad = |msg: String| SuiteError(format!("--external {flag}: {msg}"));
        register(ExternalSpec::parse(flag).map_err(bad)?).map_err(bad)?;
    }
    Ok(())
}
