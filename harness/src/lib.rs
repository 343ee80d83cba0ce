//! The streambench harness: suites, the open-loop driver, measurement and checking, and the
//! `streambench` command line ([`main`]).
#![warn(missing_docs)]

pub mod alloc;
pub mod blank;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod compare_cmd;
pub mod cpu;
pub mod driver;
pub mod dump;
pub mod dump_nexmark;
pub mod error;
pub mod injection;
pub mod interrupt;
pub mod list;
pub mod machine;
pub mod measure;
mod names;
pub mod prepare;
pub mod progress;
pub mod report_cmd;
pub mod run;
pub mod sink;
pub mod suite;
mod suite_load;
pub mod suite_run;
pub mod sustain;
pub mod workloads_cmd;

use clap::Parser as _;
use cli::{Cli, Command};
use std::process::ExitCode;

/// The `streambench` command: parses the process's arguments, runs, and returns the exit
/// code (2 for bad input).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's first line says what is wrong; its usage hint would make it several.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("{} (see --help)", first.trim_end());
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Run(cli.run)) {
        Command::Run(args) => suite_run::run(&args),
        Command::Sustain(args) => sustain::sustain(&args),
        Command::List => {
            print!("{}", list::list());
            Ok(())
        }
        Command::Report { dir } => report_cmd::report(&dir),
        Command::Compare(args) => compare_cmd::compare(&args),
        Command::Workloads => {
            print!("{}", workloads_cmd::workloads());
            Ok(())
        }
        Command::Dump(args) => dump::run(&args),
        Command::Member(args) => cluster::member(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the error and its causes, outermost first.
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("error: {}", chain.join(": "));
            if e.downcast_ref::<error::BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
