//! The streambench harness: suites, the open-loop driver, measurement and checking, and the
//! `streambench` command line ([`main`]).
#![warn(missing_docs)]

// The measuring core.
mod ahead;
mod alloc;
mod check;
mod checkpoint;
pub mod clock;
mod cpu;
mod driver;
pub mod expected;
pub mod injection;
mod measure;
mod prepare;
mod recovery;
pub mod sink;

// Running suites.
mod calibration;
mod capacity;
mod cluster;
mod execute;
mod fit;
mod floor;
mod machine;
mod output;
mod prediction;
mod progress;
mod search;
mod simulated;
mod suite;

// The command line.
mod cli;
mod cmd;
mod error;
mod interrupt;
mod names;
mod quiet;

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
            let mut first = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_end();
            let named;
            if e.kind() == clap::error::ErrorKind::MissingRequiredArgument {
                // clap lists the missing arguments on the lines after its first: name them.
                let missing: Vec<&str> = text
                    .lines()
                    .skip(1)
                    .take_while(|l| l.starts_with("  "))
                    .map(str::trim)
                    .collect();
                named = format!("{} {}", first.trim_end_matches(':'), missing.join(", "));
                first = &named;
            }
            eprintln!("{first} (see --help)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Run(cli.run)) {
        Command::Run(args) => cmd::run::run(&args),
        Command::Sustain(args) => cmd::sustain::sustain(&args),
        Command::List => {
            print!("{}", cmd::list::list());
            Ok(())
        }
        Command::Report { dir } => cmd::report::report(&dir),
        Command::Compare(args) => cmd::compare::compare(&args),
        Command::Workloads => {
            print!("{}", cmd::workloads::workloads());
            Ok(())
        }
        Command::Dump(args) => cmd::dump::run(&args),
        Command::Conform(args) => cmd::conform::conform(&args),
        Command::Member(args) => cmd::member::member(&args),
        Command::Simulate(args) => cmd::simulate::simulate(&args),
        Command::Calibrate(args) => cmd::calibrate::calibrate(&args),
        Command::Worker => cmd::worker::worker(),
    };
    // External engines kept between runs end with the command that used them.
    engines::external::release_kept();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<error::Interrupted>().is_some() => {
            eprintln!("{e}");
            ExitCode::from(interrupt::exit_code())
        }
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
