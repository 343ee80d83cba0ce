//! The `streambench` binary knows no mock engine: they live in the test crate, which only its
//! own `streambench-cli` registers, so no feature unification can compile them in.

use std::process::Command;

#[test]
fn the_streambench_binary_has_no_mock_engine() {
    for mock in ["mock-panic", "mock-hang", "mock-slow"] {
        let out = Command::new(env!("CARGO_BIN_EXE_streambench"))
            .args([
                "run",
                "--engines",
                mock,
                "--out",
                "/nonexistent/never-written",
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(&format!("unknown engine `{mock}`")), "{err}");
    }
    let list = Command::new(env!("CARGO_BIN_EXE_streambench"))
        .arg("list")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&list.stdout).contains("mock"));
}
