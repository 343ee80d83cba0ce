//! CPU cost: user + system CPU seconds of the whole process per million input events, one
//! bar per engine per workload. Lower is cheaper; it shows what a throughput figure cost.

use super::bars::{bar_chart, groups};
use super::palette::Palette;
use crate::error::ReportError;
use crate::schema::Results;

/// The CPU chart, or `None` when no successful run measured CPU time.
pub fn cpu_chart(results: &Results, palette: &Palette) -> Result<Option<String>, ReportError> {
    let groups = groups(results, palette, |r| {
        (r.cost.cpu_s_per_million > 0.0).then_some(r.cost.cpu_s_per_million)
    });
    bar_chart(
        "cpu",
        "CPU cost per million events",
        "CPU seconds per million events (user + system)",
        &groups,
        palette,
        |v| format!("{v:.2}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn bars_or_none() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = cpu_chart(&results, &palette).unwrap().unwrap();
        assert!(svg.contains("CPU cost per million events"));
        // dataflow on tumbling-count: mean of 9.5 (w2), 17.1 (w1), 5.7 (w4) = 10.77.
        assert!(svg.contains("10.77"), "{svg}");
        results
            .runs
            .iter_mut()
            .filter_map(|r| r.figures_mut())
            .for_each(|r| r.cost.cpu_s_per_million = 0.0);
        assert!(cpu_chart(&results, &palette).unwrap().is_none());
    }
}
