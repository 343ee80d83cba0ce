//! The `streambench` binary, built inside the test crate so its tests can run it, with the
//! mock engines registered (the release binary has none).

fn main() -> std::process::ExitCode {
    engines::registry::register_unlisted(tests::mock::MOCKS);
    harness::main()
}
