//! The `streambench` binary, built inside the test crate so its tests can run it.

fn main() -> std::process::ExitCode {
    harness::main()
}
