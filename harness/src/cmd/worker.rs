//! `streambench worker` (hidden; `run` and `sustain` start it): runs the runs its parent
//! sends on stdin, one at a time, in this process, and answers each on stdout as soon as it
//! has ended ([`crate::execute::Contained`] is the parent's side). Being a process of its
//! own is the point: a run that hangs is ended by killing it, threads and memory and all.

use crate::cluster::wire::{read_line, MAX_LINE};
use crate::error::bad;
use crate::execute::{Job, Reply};
use anyhow::Context;
use std::fs::File;
use std::io::{BufReader, Write};
use std::os::fd::FromRawFd;

/// Runs jobs until stdin closes.
pub fn worker() -> anyhow::Result<()> {
    // The answers keep the original stdout to themselves; what an engine prints to stdout
    // goes to stderr, where it cannot garble them.
    // SAFETY: dup(2) and dup2(2) on this process's own standard descriptors; the duplicate
    // is owned by `answers` alone.
    let mut answers = unsafe {
        let fd = libc::dup(1);
        if fd < 0 || libc::dup2(2, 1) < 0 {
            return Err(std::io::Error::last_os_error()).context("worker: standard output");
        }
        File::from_raw_fd(fd)
    };
    let mut send = |reply: &Reply| -> anyhow::Result<()> {
        let mut line = serde_json::to_string(reply)?;
        line.push('\n');
        answers
            .write_all(line.as_bytes())
            .context("worker: the parent has gone")
    };
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut line = String::new();
    let mut worker = crate::execute::Worker::default();
    loop {
        if read_line(&mut input, &mut line, MAX_LINE).context("worker: reading a job")? == 0 {
            return Ok(());
        }
        let job: Job = serde_json::from_str(&line)
            .map_err(|e| bad(format!("worker: not a job from streambench: {e}")))?;
        let outcome = match worker.prepare(&job) {
            Ok(ready) => {
                send(&Reply::Started)?;
                ready.run()
            }
            Err(reason) => reports::Outcome::Failed { reason },
        };
        send(&Reply::Ended(outcome))?;
    }
}
