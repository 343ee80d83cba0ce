//! streambench's results and everything made from them: the versioned `results.json`
//! schema, loading and atomic saving, the terminal summary table, a self-contained HTML
//! report with inline SVG charts, exports for other tools (`summary.md`, `runs.csv`,
//! HdrHistogram `.hgrm` files) and the comparison of two results ([`compare`]).
//!
//! Every report is a pure function of [`Results`], so a report can be regenerated from a
//! saved `results.json` without rerunning anything.

#![warn(missing_docs)]

pub mod charts;
pub mod compare;
pub mod console;
pub mod date;
pub mod error;
pub mod escape;
pub mod export;
pub mod group;
pub mod histogram;
pub mod html;
mod io;
pub mod prediction;
pub mod query;
pub mod schema;
#[doc(hidden)]
pub mod testing;
pub mod units;
pub mod verdict;

pub use console::summary_table;
pub use error::ReportError;
pub use escape::html_escape;
pub use export::{
    export_all, CsvExporter, Exporter, HgrmExporter, HtmlExporter, JsonExporter, MarkdownExporter,
    RecoveryCsvExporter,
};
pub use html::render_html;
pub use io::write_atomic;
pub use schema::*;
