//! Engine → colour, the same in every chart and table of every report: the colour follows
//! the engine's name, not which engines are present, so `dataflow` is the same blue in a
//! report of five engines and in one of two. The registered engines have fixed colours from
//! Okabe and Ito's colour-blind-safe palette (no red beside green); any other name gets one
//! of Paul Tol's muted colours by a hash of its name (two such names may share one).

use crate::schema::Results;
use plotters::style::RGBColor;

/// The registered engines' colours (Okabe–Ito).
const FIXED: [(&str, RGBColor); 5] = [
    ("event-driven", RGBColor(0xe6, 0x9f, 0x00)),
    ("dataflow", RGBColor(0x00, 0x72, 0xb2)),
    ("batched", RGBColor(0x00, 0x9e, 0x73)),
    ("timely", RGBColor(0xcc, 0x79, 0xa7)),
    ("renoir", RGBColor(0xd5, 0x5e, 0x00)),
];

/// Other names' colours (Tol's muted scheme, without the colours close to `FIXED`).
const OTHERS: [RGBColor; 6] = [
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x88, 0xcc, 0xee),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0x99, 0x99, 0x33),
    RGBColor(0x55, 0x55, 0x55),
];

/// The engines of one report, with their colours.
#[derive(Clone, Debug)]
pub struct Palette {
    engines: Vec<String>,
}

impl Palette {
    /// The engines in `results`, sorted by name.
    pub fn for_results(results: &Results) -> Palette {
        let mut engines: Vec<String> = results.runs.iter().map(|r| r.engine_label()).collect();
        engines.sort();
        engines.dedup();
        Palette { engines }
    }

    /// The engines, sorted by name.
    pub fn engines(&self) -> &[String] {
        &self.engines
    }

    /// The engine's colour.
    pub fn colour(&self, engine: &str) -> RGBColor {
        colour_of(engine)
    }

    /// The engine's colour as CSS `#rrggbb`.
    pub fn hex(&self, engine: &str) -> String {
        let RGBColor(r, g, b) = self.colour(engine);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// The colour of an engine label: a multi-process label (`timely (2p)`) takes its engine's.
pub fn colour_of(label: &str) -> RGBColor {
    let engine = label.split(" (").next().unwrap_or(label);
    if let Some((_, c)) = FIXED.iter().find(|(name, _)| *name == engine) {
        return *c;
    }
    // FNV-1a: stable across builds and platforms, unlike the std hasher.
    let hash = engine.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    OTHERS[(hash % OTHERS.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn one_colour_per_engine_name_whatever_else_is_present() {
        let mut results = sample_results();
        let all = Palette::for_results(&results);
        results.runs.retain(|r| r.key.engine == "naive");
        let one = Palette::for_results(&results);
        assert_eq!(all.hex("naive"), one.hex("naive"));
        assert_eq!(all.hex("dataflow"), "#0072b2");
        assert_eq!(all.hex("timely (2p)"), all.hex("timely"));
        let fixed: Vec<String> = FIXED.iter().map(|(n, _)| all.hex(n)).collect();
        let mut distinct = fixed.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), fixed.len());
    }
}
