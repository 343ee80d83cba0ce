//! `streambench`: runs suites of engines × workloads, checks every result against the
//! reference evaluator, and writes results.json and report.html.

fn main() -> std::process::ExitCode {
    harness::main()
}
