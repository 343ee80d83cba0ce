//! The `flink` engine: Apache Flink 2.3 running each workload as a DataStream job, behind the
//! wire protocol. The adapter (Java, `engines/flink/src`) and Flink's jars are installed by
//! `scripts/install-flink.sh` into a cache folder; this module finds that installation and
//! registers the engine as an external one whose command runs the adapter. It is registered
//! only when named (`--engines flink`, a suite's `engines`): its first run starts a JVM and a
//! Flink cluster (seconds), and even on that JVM, kept for the later runs, each run deploys a
//! job, so `all` does not include it; a suite that wants it where installed names it `flink?`
//! (the default suite does).

use crate::external::{register as register_external, ExternalSpec};
use crate::registry::EngineInfo;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The engine's name.
pub const NAME: &str = "flink";
/// The same engine with Flink's RocksDB state backend (embedded RocksDB, in flink-dist's jar)
/// instead of the heap (`hashmap`): its own name, so its results are never mistaken for the
/// heap backend's, and its savepoints and checkpoints are RocksDB's.
pub const NAME_ROCKSDB: &str = "flink-rocksdb";
/// The names this module registers when named.
pub const NAMES: [&str; 2] = [NAME, NAME_ROCKSDB];
/// Flink's version, as the install script fetches it.
pub const VERSION: &str = "2.3.0";
/// What `streambench list` says of it.
pub const DESCRIPTION: &str =
    "Apache Flink 2.3, a DataStream job behind the protocol (MiniCluster, --workers slots)";
/// What `streambench list` says of `name` (one of [`NAMES`]).
pub fn description(name: &str) -> String {
    match name {
        NAME_ROCKSDB => format!("{DESCRIPTION}, RocksDB state"),
        _ => DESCRIPTION.to_string(),
    }
}
/// The install command a message points to.
pub const INSTALL: &str = "scripts/install-flink.sh";

/// The adapter's sources this streambench was built with, compared with the installed copy so
/// a stale adapter is refused rather than run.
const SOURCES: &[(&str, &str)] = &[
    (
        "Adapter.java",
        include_str!("../flink/src/streambench/flink/Adapter.java"),
    ),
    (
        "Aggregates.java",
        include_str!("../flink/src/streambench/flink/Aggregates.java"),
    ),
    (
        "CommitSink.java",
        include_str!("../flink/src/streambench/flink/CommitSink.java"),
    ),
    (
        "Deploy.java",
        include_str!("../flink/src/streambench/flink/Deploy.java"),
    ),
    (
        "Ev.java",
        include_str!("../flink/src/streambench/flink/Ev.java"),
    ),
    (
        "Jobs.java",
        include_str!("../flink/src/streambench/flink/Jobs.java"),
    ),
    (
        "ProtocolSink.java",
        include_str!("../flink/src/streambench/flink/ProtocolSink.java"),
    ),
    (
        "ProtocolSource.java",
        include_str!("../flink/src/streambench/flink/ProtocolSource.java"),
    ),
    (
        "Rewind.java",
        include_str!("../flink/src/streambench/flink/Rewind.java"),
    ),
    (
        "Savepoints.java",
        include_str!("../flink/src/streambench/flink/Savepoints.java"),
    ),
    (
        "Scratch.java",
        include_str!("../flink/src/streambench/flink/Scratch.java"),
    ),
    (
        "Standalone.java",
        include_str!("../flink/src/streambench/flink/Standalone.java"),
    ),
    (
        "Wire.java",
        include_str!("../flink/src/streambench/flink/Wire.java"),
    ),
];

/// The installation folder: `STREAMBENCH_FLINK_HOME`, else `$XDG_CACHE_HOME/streambench/flink`,
/// else `~/.cache/streambench/flink` (where the install script puts it).
pub fn home() -> PathBuf {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("STREAMBENCH_FLINK_HOME").unwrap_or_else(|| {
        var("XDG_CACHE_HOME")
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
            .unwrap_or_else(|| PathBuf::from(".cache"))
            .join("streambench/flink")
    })
}

/// The engine's spec when Java, Flink's jars and an up-to-date adapter are installed;
/// otherwise why not, in one line that says how to install it.
pub fn installation() -> Result<ExternalSpec, String> {
    installation_in(&home(), NAME)
}

fn installation_in(home: &Path, name: &str) -> Result<ExternalSpec, String> {
    let java = on_path("java").ok_or_else(|| {
        format!(
            "not installed: no `java` on PATH (Flink needs Java 17 or later; then run {INSTALL})"
        )
    })?;
    let dist = home.join(format!("lib/flink-dist-{VERSION}.jar"));
    let jar = home.join("adapter/streambench-flink.jar");
    for needed in [&dist, &jar] {
        if !needed.is_file() {
            return Err(format!(
                "not installed: no {} (run {INSTALL})",
                needed.display()
            ));
        }
    }
    for (file, text) in SOURCES {
        let installed =
            std::fs::read_to_string(home.join("adapter/src/streambench/flink").join(file));
        if installed.as_deref().ok() != Some(*text) {
            return Err(format!(
                "the adapter in {} is not this streambench's (run {INSTALL} again)",
                home.display()
            ));
        }
    }
    let classpath = format!("{}:{}/*", jar.display(), home.join("lib").display());
    let command = vec![
        java.display().to_string(),
        format!(
            "-Dlog4j2.configurationFile={}",
            home.join("log4j2.properties").display()
        ),
        // Flink's state backend for every job of this process (Deploy.storage).
        format!(
            "-Dstreambench.flink.stateBackend={}",
            if name == NAME_ROCKSDB {
                "rocksdb"
            } else {
                "hashmap"
            }
        ),
        "-cp".into(),
        classpath,
        "streambench.flink.Adapter".into(),
    ];
    let mut spec = ExternalSpec::new(name, command);
    // Answering `start` includes starting a Flink cluster and deploying the job.
    spec.connect_timeout = Duration::from_secs(120);
    Ok(spec)
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Registers the engine (reading its adapter's `hello`), or says why it is not installed.
pub fn register() -> Result<&'static EngineInfo, String> {
    register_named(NAME)
}

/// Registers `name` (one of [`NAMES`]), or says why it is not installed.
pub fn register_named(name: &str) -> Result<&'static EngineInfo, String> {
    let spec = installation_in(&home(), name).map_err(|why| format!("engine `{name}` is {why}"))?;
    register_external(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_installation_says_what_is_missing_and_how_to_install() {
        let dir = std::env::temp_dir().join("streambench-flink-none");
        let why = installation_in(&dir, NAME).unwrap_err();
        assert!(why.contains(INSTALL), "{why}");
        assert!(why.starts_with("not installed"), "{why}");
    }

    #[test]
    fn every_adapter_source_is_compared() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("flink/src/streambench/flink");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let listed: Vec<&str> = SOURCES.iter().map(|(f, _)| *f).collect();
        assert_eq!(files, listed);
    }
}
