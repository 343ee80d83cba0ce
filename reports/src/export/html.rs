//! `report.html`: the self-contained HTML report (see [`crate::html`]).

use super::Exporter;
use crate::error::ReportError;
use crate::schema::Results;

/// Writes `report.html`.
#[derive(Clone, Copy, Debug, Default)]
pub struct HtmlExporter;

impl Exporter for HtmlExporter {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        crate::html::render_html(results)
    }
}
