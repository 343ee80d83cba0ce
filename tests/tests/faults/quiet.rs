//! `--quiet` is quiet: a panicking engine fails its run with the panic's message, and prints
//! nothing of its own.

use super::common::{streambench, tempdir};
use reports::Results;

#[test]
fn a_panicking_engine_prints_nothing_under_quiet() {
    let dir = tempdir("faults", "quiet");
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        "name = \"quiet\"\nengines = [\"mock-panic\"]\nworkloads = [\"stateless\"]\n\
         rates = [20000]\nduration_s = 0.3\nwarmup_s = 0.1\nsnapshot_cost = false\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = |quiet: bool| {
        let mut cmd = streambench();
        cmd.args(["run", "--suite"])
            .arg(&suite)
            .arg("--out")
            .arg(&out);
        cmd.arg("--force");
        if quiet {
            cmd.arg("--quiet");
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).to_string()
    };
    // Without --quiet the panic is reported as it happens.
    assert!(run(false).contains("deliberate panic"));
    let err = run(true);
    assert!(err.is_empty(), "{err}");
    let r = Results::load(out.join("results.json")).unwrap();
    let reason = r.runs[0].outcome.reason().unwrap_or_default();
    assert!(reason.contains("deliberate panic"), "{reason}");
}
