//! Reading and writing `results.json`, and the atomic write every output file goes
//! through so a crash or a full disk never leaves a half-written report behind.

use crate::error::ReportError;
use crate::export::{Exporter, JsonExporter};
use crate::schema::{Results, SCHEMA_VERSION};
use serde::Deserialize;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Just the version field: read first, leniently, so a file from another schema version
/// gets a "wrong version" error rather than a confusing "unknown field" one.
#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

impl Results {
    /// Reads and validates a `results.json`.
    pub fn load(path: impl AsRef<Path>) -> Result<Results, ReportError> {
        let path = path.as_ref();
        let text = fs::read_to_string(path).map_err(|source| ReportError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&text, path)
    }

    /// Parses results text; `path` is only used in error messages. Schema-v2 text is
    /// migrated to the current schema first.
    pub fn from_json(text: &str, path: impl AsRef<Path>) -> Result<Results, ReportError> {
        let path = path.as_ref();
        let parse = |message: String| ReportError::Parse {
            path: path.to_owned(),
            message,
        };
        match serde_json::from_str::<VersionProbe>(text) {
            Ok(probe) if probe.schema_version == 2 => {
                let mut value: serde_json::Value =
                    serde_json::from_str(text).map_err(|e| parse(e.to_string()))?;
                crate::schema::v2::migrate(&mut value)
                    .map_err(|e| parse(format!("schema_version 2: {e}")))?;
                return serde_json::from_value(value)
                    .map_err(|e| parse(format!("schema_version 2: {e}")));
            }
            Ok(probe) if probe.schema_version != SCHEMA_VERSION => {
                return Err(ReportError::UnsupportedSchema {
                    path: path.to_owned(),
                    found: probe.schema_version,
                    supported: SCHEMA_VERSION,
                });
            }
            _ => {}
        }
        serde_json::from_str(text).map_err(|e| parse(e.to_string()))
    }

    /// Writes the results as pretty JSON, atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ReportError> {
        let json = JsonExporter.render(self)?;
        write_atomic(path.as_ref(), json.as_bytes())
    }
}

/// Writes `contents` to `path` via `path.tmp` in the same directory, fsynced and renamed
/// over `path`, so readers see either the old file or the whole new one.
pub fn write_atomic(path: impl AsRef<Path>, contents: &[u8]) -> Result<(), ReportError> {
    let path = path.as_ref();
    let tmp = tmp_path(path);
    let write_err = |p: &Path| {
        let p = p.to_owned();
        move |source| ReportError::Write { path: p, source }
    };
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()
    })()
    .map_err(write_err(&tmp))
    .and_then(|()| fs::rename(&tmp, path).map_err(write_err(path)));
    if result.is_err() {
        // Best effort: the original error is the one worth reporting.
        let _ = fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable; not every platform lets a directory be opened or
    // synced, and the file is already complete, so failure here is not an error.
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// `report.html` → `report.html.tmp`, beside it (a rename is only atomic within one
/// file system, so the temporary file must not go to `/tmp`).
fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".tmp");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("streambench-reports-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = scratch_dir("roundtrip");
        let path = dir.join("results.json");
        let results = sample_results();
        results.save(&path).unwrap();
        assert_eq!(Results::load(&path).unwrap(), results);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_atomic_leaves_no_tmp_file() {
        let dir = scratch_dir("atomic");
        let path = dir.join("out.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["out.txt"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_atomic_error_names_the_path() {
        let path = Path::new("/nonexistent-streambench-dir/report.html");
        let err = write_atomic(path, b"x").unwrap_err().to_string();
        assert!(
            err.contains("/nonexistent-streambench-dir/report.html"),
            "{err}"
        );
    }

    #[test]
    fn load_missing_file_names_the_path() {
        let err = Results::load("/nonexistent-streambench/results.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("/nonexistent-streambench/results.json"),
            "{err}"
        );
    }

    #[test]
    fn load_bad_json_names_path_and_line() {
        let dir = scratch_dir("badjson");
        let path = dir.join("results.json");
        fs::write(&path, "{\n  \"schema_version\": 1,\n  oops\n}").unwrap();
        let err = Results::load(&path).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("line 3"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_wrong_schema_version_says_found_and_supported() {
        let dir = scratch_dir("schema");
        let path = dir.join("results.json");
        let mut value = serde_json::to_value(sample_results()).unwrap();
        value["schema_version"] = 99.into();
        // A newer schema may also have new fields; the version must be reported first.
        value["future_field"] = true.into();
        fs::write(&path, value.to_string()).unwrap();
        let err = Results::load(&path).unwrap_err();
        assert!(matches!(
            err,
            ReportError::UnsupportedSchema {
                found: 99,
                supported: SCHEMA_VERSION,
                ..
            }
        ));
        let msg = err.to_string();
        assert!(msg.contains(&path.display().to_string()), "{msg}");
        assert!(
            msg.contains("99") && msg.contains(&SCHEMA_VERSION.to_string()),
            "{msg}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
