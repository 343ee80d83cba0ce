//! State efficiency: peak logical state bytes per distinct key, one bar per engine per
//! workload, which makes engines comparable across key counts.

use super::bars::{bar_chart, groups};
use super::palette::Palette;
use crate::error::ReportError;
use crate::schema::Results;
use crate::units::format_bytes;

/// The bytes-per-key chart, or `None` when no successful run reported state.
pub fn state_per_key_chart(
    results: &Results,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let groups = groups(results, palette, |r| {
        (r.cost.state_bytes_per_key > 0.0).then_some(r.cost.state_bytes_per_key)
    });
    bar_chart(
        "state per key",
        "State bytes per key",
        "peak logical state / distinct keys (bytes)",
        &groups,
        palette,
        |v| format_bytes(v.round() as u64),
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
        let svg = state_per_key_chart(&results, &palette).unwrap().unwrap();
        assert!(svg.contains("State bytes per key"));
        // naive on session-sum: 300 B × scale (1 + 0.7 + 0.3) = 600 B.
        assert!(svg.contains("600 B"), "{svg}");
        results
            .runs
            .iter_mut()
            .filter_map(|r| r.figures_mut())
            .for_each(|r| r.cost.state_bytes_per_key = 0.0);
        assert!(state_per_key_chart(&results, &palette).unwrap().is_none());
    }
}
