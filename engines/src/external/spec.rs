//! An external engine's configuration, and its registration: the engine is started once to
//! read its `hello`, whose workloads and flags become its declared capabilities.

use super::frame::{flags, from_engine, read_frame, Hello, VERSION};
use super::process::Process;
use crate::registry::{self, EngineInfo};
use crate::{Capabilities, EngineError};
use std::time::Duration;

/// How to start an external engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalSpec {
    /// Name used in suites, on the command line and in reports.
    pub name: String,
    /// Program and arguments; started once per run.
    pub command: Vec<String>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// How long the process may take to connect and say `hello`.
    pub connect_timeout: Duration,
    /// How long the process may take to answer `finish`, `stats`, `snapshot` or `restore`.
    pub reply_timeout: Duration,
}

impl ExternalSpec {
    /// A spec with no extra environment, 10 s to connect and 10 minutes to answer.
    pub fn new(name: &str, command: Vec<String>) -> Self {
        ExternalSpec {
            name: name.into(),
            command,
            env: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            reply_timeout: Duration::from_secs(600),
        }
    }

    /// Parses `NAME=COMMAND` (the command split at whitespace), as `--external` takes it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (name, command) = text
            .split_once('=')
            .ok_or_else(|| format!("`{text}` is not NAME=COMMAND"))?;
        let command: Vec<String> = command.split_whitespace().map(String::from).collect();
        if name.trim().is_empty() || command.is_empty() {
            return Err(format!(
                "`{text}` needs a name and a command (NAME=COMMAND)"
            ));
        }
        Ok(ExternalSpec::new(name.trim(), command))
    }
}

/// Starts the engine, reads its `hello` and checks its version.
pub fn probe(spec: &ExternalSpec) -> Result<Hello, EngineError> {
    let (mut process, mut stream) = Process::start(spec)?;
    read_hello(spec, &mut process, &mut stream)
}

/// Reads and checks the first frame of a fresh connection.
pub(super) fn read_hello(
    spec: &ExternalSpec,
    process: &mut Process,
    stream: &mut std::net::TcpStream,
) -> Result<Hello, EngineError> {
    let name = &spec.name;
    let _ = stream.set_read_timeout(Some(spec.connect_timeout));
    let mut buf = Vec::new();
    let got = read_frame(stream, &mut buf);
    let _ = stream.set_read_timeout(None);
    let hello = match got {
        Ok(true) if buf[0] == from_engine::HELLO => Hello::decode(&buf[1..])
            .map_err(|e| process.fail(&format!("external engine `{name}`: {e}")))?,
        Ok(true) => {
            let what = format!(
                "external engine `{name}` sent frame type {} before hello",
                buf[0]
            );
            return Err(process.fail(&what));
        }
        Ok(false) => {
            return Err(process.fail(&format!("external engine `{name}` closed before hello")))
        }
        Err(e) => return Err(process.fail(&format!("external engine `{name}`: {e}"))),
    };
    if hello.version != VERSION {
        let what = format!(
            "external engine `{name}` speaks protocol version {}; streambench speaks {VERSION}",
            hello.version
        );
        return Err(process.fail(&what));
    }
    Ok(hello)
}

/// Registers an external engine under its name, with the capabilities its `hello` declares.
/// An engine whose `hello` cannot be read is registered all the same, declaring every
/// workload, so each of its runs fails with the reason and the suite goes on. A name taken
/// by a built-in engine, or by another command, is an error.
pub fn register(spec: ExternalSpec) -> Result<&'static EngineInfo, String> {
    if let Some(e) = registry::find(&spec.name) {
        if e.external == Some(&spec) {
            return Ok(e);
        }
    }
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let base = Capabilities::ALL_OPERATORS.without_causes();
    let (capabilities, description) = match probe(&spec) {
        Ok(hello) => {
            let known: Vec<&'static str> = hello
                .workloads
                .iter()
                .filter_map(|w| workloads::catalog::find(w).map(|e| e.name))
                .collect();
            let mut c = base.only_workloads(Box::leak(known.into_boxed_slice()));
            c.honours_workers = hello.flags & flags::WORKERS != 0;
            c.snapshots = hello.flags & flags::SNAPSHOTS != 0;
            c.multi_process = hello.flags & flags::MULTI_PROCESS != 0;
            c.own_cluster = hello.flags & flags::OWN_CLUSTER != 0;
            c.own_recovery = hello.flags & flags::OWN_RECOVERY != 0;
            (
                c,
                format!("external, over the protocol: {}", spec.command.join(" ")),
            )
        }
        Err(e) => (base, format!("external; its hello failed: {e}")),
    };
    registry::register(EngineInfo {
        name: leak(spec.name.clone()),
        description: leak(description),
        build: |_, _, _| {
            Err(EngineError::Plan(
                "an external engine is built by its spec".into(),
            ))
        },
        capabilities,
        external: Some(Box::leak(Box::new(spec))),
    })
}
