//! Tests of suite parsing and validation.

use super::*;

mod parsing {
    use super::*;

    fn parse(text: &str) -> Result<Suite, SuiteError> {
        Suite::parse(text, "s.toml", &Overrides::default())
    }

    #[test]
    fn default_suite_parses() {
        let s = Suite::parse(DEFAULT_SUITE, "default", &Overrides::default()).unwrap();
        assert!(s.workloads.len() >= 2 && !s.engines.is_empty());
    }

    #[test]
    fn windows_size_every_windowed_workload_from_the_duration() {
        let base = "name = \"x\"\nworkloads = [\"ysb\"]\nrates = [1000]\nduration_s = 2\n";
        let s = parse(&format!("{base}windows = 100\n")).unwrap();
        assert_eq!(
            s.settings()["windows"],
            "100 per run: windows of 20 ms (Nexmark, generating half the duration: half)"
        );
        let p = super::super::params(&s, 1000.0, 10);
        assert_eq!(p.window, Some(20 * NANOS_PER_MILLI));
        assert_eq!(parse(base).unwrap().windows, None);
        let e = parse(&format!("{base}windows = 0\n")).unwrap_err();
        assert!(
            e.0.starts_with("s.toml:5: key `windows`: must be at least 1"),
            "{}",
            e.0
        );
        let e = parse(&format!("{base}windows = -3\n")).unwrap_err();
        assert!(e.0.starts_with("s.toml:5"), "{}", e.0);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse("name = \"x\"\nworkloads = [\"stateless\"]\nrates = [0]\nduration_s = 1\n")
            .unwrap_err();
        assert!(e.0.starts_with("s.toml:3: key `rates`"), "{}", e.0);
        let e = parse("name = \"x\"\nworkloads = [\"window-cont\"]\nrates = [1]\nduration_s = 1\n")
            .unwrap_err();
        assert!(
            e.0.contains("s.toml:2") && e.0.contains("did you mean `window-count`"),
            "{}",
            e.0
        );
        let e = parse(
            "name = \"x\"\nworkloads = [\"stateless\"]\nrates = [1]\nduration_s = 1\nbogus = 3\n",
        )
        .unwrap_err();
        assert!(
            e.0.starts_with("s.toml:5") && e.0.contains("bogus"),
            "{}",
            e.0
        );
    }

    /// Lines come from toml's spans: keys a text search would miss or misplace.
    #[test]
    fn lines_are_where_toml_reads_the_key() {
        const HEAD: &str = "name = \"x\"\nworkloads = [\"nexmark-q5\"]\nduration_s = 1\n";
        for (rest, want) in [
            // A quoted key.
            ("\"rates\" = [0]\n", "s.toml:4: key `rates`: rate must be"),
            // A key-like line inside a multi-line string is not the key.
            (
                "description = \"\"\"\nrates = [5]\n\"\"\"\nrates = [-1]\n",
                "s.toml:7: key `rates`",
            ),
            // A dotted key and an inline table.
            (
                "rates = [1]\nnexmark.hot_auction_ratio = 0\n",
                "s.toml:5: key `nexmark.hot_auction_ratio`: must be between 1",
            ),
            (
                "rates = [1]\nnexmark = { window_size_s = 2, window_period_s = 3 }\n",
                "s.toml:5: key `nexmark.window_period_s`",
            ),
            // The entry of an array of tables at fault, by its header.
            (
                "rates = [1]\n[[external]]\nname = \"a\"\ncommand = []\n",
                "s.toml:5: key `external` (external `a`): needs a name",
            ),
        ] {
            let e = parse(&format!("{HEAD}{rest}")).unwrap_err();
            assert!(e.0.starts_with(want), "{rest}: {}", e.0);
        }
        let e = parse(&format!("{HEAD}rates = [1e13]\n")).unwrap_err();
        assert!(e.0.starts_with("s.toml:4: key `rates`"), "{}", e.0);
    }

    #[test]
    fn flags_override_and_are_named_in_errors() {
        let o = Overrides {
            rate: Some(-5.0),
            ..Default::default()
        };
        let e = Suite::parse(DEFAULT_SUITE, "default", &o).unwrap_err();
        assert!(e.0.starts_with("--rate: "), "{}", e.0);
        let o = Overrides {
            workers: Some(3),
            engines: Some(vec!["event-driven".into()]),
            ..Default::default()
        };
        let s = Suite::parse(DEFAULT_SUITE, "default", &o).unwrap();
        assert_eq!(
            (s.workers, s.engines),
            (vec![3], vec!["event-driven".to_string()])
        );
        let o = Overrides {
            repetitions: Some(5),
            ..Default::default()
        };
        let s = Suite::parse(DEFAULT_SUITE, "default", &o).unwrap();
        assert_eq!(s.repetitions, 5);
        assert_eq!(s.settings()["repetitions"], "5");
        let o = Overrides {
            repetitions: Some(0),
            ..Default::default()
        };
        let e = Suite::parse(DEFAULT_SUITE, "default", &o).unwrap_err();
        assert!(e.0.starts_with("--repetitions: "), "{}", e.0);
    }
}

mod shipped {
    use super::*;

    #[test]
    fn every_shipped_suite_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../suites");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            if let Err(e) = Suite::parse(&text, &name, &Overrides::default()) {
                panic!("{e}");
            }
        }
    }
}
