//! Engine → colour, the same in every chart and table of a report: colours are handed out
//! in sorted engine-name order, so they depend only on which engines are present.

use crate::schema::Results;
use plotters::style::RGBColor;

/// Ten colours that stay distinguishable from each other (Tableau 10).
const COLOURS: [RGBColor; 10] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0xff, 0x9d, 0xa7),
    RGBColor(0x9c, 0x75, 0x5f),
    RGBColor(0xba, 0xb0, 0xac),
];

/// For an engine the palette was not built with; never expected in a report.
const UNKNOWN: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// The colour assignment for one report.
#[derive(Clone, Debug)]
pub struct Palette {
    engines: Vec<String>,
}

impl Palette {
    /// Assigns colours to the engines in `results`, by sorted name. Beyond ten engines the
    /// colours repeat.
    pub fn for_results(results: &Results) -> Palette {
        let mut engines: Vec<String> = results.runs.iter().map(|r| r.engine_label()).collect();
        engines.sort();
        engines.dedup();
        Palette { engines }
    }

    /// The engines, sorted, i.e. in colour order.
    pub fn engines(&self) -> &[String] {
        &self.engines
    }

    /// The engine's colour.
    pub fn colour(&self, engine: &str) -> RGBColor {
        match self.engines.binary_search_by(|e| e.as_str().cmp(engine)) {
            Ok(i) => COLOURS[i % COLOURS.len()],
            Err(_) => UNKNOWN,
        }
    }

    /// The engine's colour as CSS `#rrggbb`.
    pub fn hex(&self, engine: &str) -> String {
        let RGBColor(r, g, b) = self.colour(engine);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn deterministic_by_sorted_name() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        results.runs.reverse();
        let reversed = Palette::for_results(&results);
        for engine in palette.engines() {
            assert_eq!(palette.hex(engine), reversed.hex(engine));
        }
        // "<script>…" sorts first ('<' < 'a').
        assert_eq!(palette.hex("<script>alert(1)</script>"), "#4e79a7");
        assert_eq!(palette.hex("actor"), "#f28e2b");
        assert_eq!(palette.hex("unknown"), "#555555");
    }
}
