//! A real browser renders the sample report: headless Chromium takes a screenshot of
//! report.html, and the PNG must show a page with charts, not a blank or broken one.
//! Skipped (with a message) when Chromium is not installed; `.ci/run` installs it.

use reports::charts::Palette;
use reports::testing::sample_results;
use reports::testing::svg::legend_overlaps;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(path.into());
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Runs Chromium headless on `page`, writing `png`; panics on failure or timeout.
fn screenshot(browser: &Path, page: &Path, png: &Path, profile: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--window-size=1200,3000")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            return;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// RGB pixels of a PNG.
fn decode(png: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::fs::File::open(png).unwrap());
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "unexpected colour type {:?}",
        info.color_type
    );
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

/// What overflows `page` at 1280 px wide: the document's width beyond the window, and every
/// scrolling box whose content is wider than the box (a table that scrolls sideways). A copy
/// of the page with a probe script is loaded; the report itself has no script.
fn overflow_at_1280(browser: &Path, page: &Path, profile: &Path) -> Vec<String> {
    const PROBE: &str = r#"<script>
var over = [];
if (document.documentElement.scrollWidth > window.innerWidth) {
  over.push("page " + document.documentElement.scrollWidth + " wider than " + window.innerWidth);
}
document.querySelectorAll("*").forEach(function (e) {
  var o = getComputedStyle(e).overflowX;
  if ((o == "auto" || o == "scroll") && e.scrollWidth > e.clientWidth + 1) {
    over.push(e.tagName + " " + e.scrollWidth + " wider than " + e.clientWidth);
  }
});
document.body.setAttribute("data-overflow", over.join(" | ") || "none");
</script></body>"#;
    let html = std::fs::read_to_string(page).unwrap();
    let probe = page.with_extension("probe.html");
    std::fs::write(&probe, html.replace("</body>", PROBE)).unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--window-size=1280,900", "--dump-dom"])
        .arg(format!("file://{}", probe.display()))
        .stderr(Stdio::null())
        .output()
        .expect("start chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let found = dom
        .split("data-overflow=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no probe result in the DOM ({} bytes)", dom.len()));
    match found {
        "none" => Vec::new(),
        list => list.split(" | ").map(str::to_owned).collect(),
    }
}

/// Checks `page` does not scroll sideways at 1280 px (`what` names it in the failure),
/// then screenshots it into `dir` and returns the PNG's size and pixels.
fn render(browser: &Path, page: &Path, dir: &Path, what: &str) -> (u32, u32, Vec<[u8; 3]>) {
    let profile = dir.join("profile");
    let wide = overflow_at_1280(browser, page, &profile);
    assert_eq!(
        wide,
        Vec::<String>::new(),
        "{what} scrolls sideways at 1280 px"
    );
    let png = page.with_extension("png");
    screenshot(browser, page, &png, &profile);
    decode(&png)
}

/// How many pixels are within 6 of `c` in every channel.
fn near(pixels: &[[u8; 3]], c: (u8, u8, u8)) -> usize {
    let close = |a: u8, b: u8| (i16::from(a) - i16::from(b)).abs() <= 6;
    pixels
        .iter()
        .filter(|p| close(p[0], c.0) && close(p[1], c.1) && close(p[2], c.2))
        .count()
}

#[test]
fn chromium_renders_the_report_with_charts() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: no chromium at /usr/bin/chromium (scripts/install-chromium.sh installs it)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("streambench-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let results = sample_results();
    reports::export_all(&results, &dir).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(legend_overlaps(&html), Vec::<String>::new());
    let (width, height, pixels) = render(&browser, &dir.join("report.html"), &dir, "the report");
    assert_eq!((width, height), (1200, 3000));
    // The page background (#f6f7f9) is the most common colour; charts are white panels
    // with coloured lines and bars on it.
    let mut counts = std::collections::HashMap::new();
    for p in &pixels {
        *counts.entry(*p).or_insert(0usize) += 1;
    }
    let (&background, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    let differing = pixels.iter().filter(|p| **p != background).count();
    let fraction = differing as f64 / pixels.len() as f64;
    assert!(
        fraction > 0.2,
        "only {:.1}% of pixels differ from the background",
        fraction * 100.0
    );
    assert!(counts.len() > 100, "only {} distinct colours", counts.len());
    // Each engine's palette colour covers more than a table swatch would: its chart
    // lines and bars were drawn.
    let palette = Palette::for_results(&results);
    let drawn = ["dataflow", "naive", "actor"]
        .into_iter()
        .filter(|engine| {
            let c = palette.colour(engine);
            near(&pixels, (c.0, c.1, c.2)) > 2_000
        })
        .count();
    assert_eq!(drawn, 3, "engine colours missing from the screenshot");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The report of `streambench sustain` (searches and their probe runs only) renders too:
/// its hockey stick is drawn, in the engine's colour, with the legend clear of the data.
#[test]
fn chromium_renders_the_search_report() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium at /usr/bin/chromium");
        return;
    };
    let dir = std::env::temp_dir().join(format!("streambench-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut results = sample_results();
    results.runs.retain(|r| r.key.workload == "tumbling-count");
    for run in &mut results.runs {
        run.key.probe_of = Some("search".into());
    }
    reports::export_all(&results, &dir).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("id=\"chart-hockey-0\""), "no hockey stick");
    assert_eq!(legend_overlaps(&html), Vec::<String>::new());
    let (_, _, pixels) = render(
        &browser,
        &dir.join("report.html"),
        &dir,
        "the sustain report",
    );
    let c = Palette::for_results(&results).colour("dataflow");
    let drawn = near(&pixels, (c.0, c.1, c.2));
    assert!(drawn > 300, "only {drawn} pixels in dataflow's colour");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `compare`'s page renders with its chart of changes (regressions in orange) and fits
/// 1280 px.
#[test]
fn chromium_renders_the_compare_report() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium at /usr/bin/chromium");
        return;
    };
    let dir = std::env::temp_dir().join(format!("streambench-compare-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let base = reports::testing::with_repetitions(&sample_results(), 3);
    let mut new = base.clone();
    new.runs
        .iter_mut()
        .filter_map(|r| r.figures_mut())
        .for_each(|f| f.throughput.input_eps *= 0.5);
    let c = reports::compare::compare(&base, &new, 1.0, Default::default()).unwrap();
    let side = |path, results| reports::compare::Side { path, results };
    let page = dir.join("compare.html");
    let html = reports::compare::compare_html(&c, side("base", &base), side("new", &new));
    assert!(html.contains("id=\"chart-changes\""));
    std::fs::write(&page, html).unwrap();
    let (_, _, pixels) = render(&browser, &page, &dir, "compare.html");
    // Okabe-Ito vermillion, the regressions' colour.
    let orange = pixels
        .iter()
        .filter(|p| p[0] > 200 && (80..=110).contains(&p[1]) && p[2] < 20)
        .count();
    assert!(
        orange > 100,
        "only {orange} pixels of the regressions' colour"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
