//! The trait every output format implements; one method to render, one to name the
//! file, so adding a format is one new file and one line in [`super::exporters`].

use crate::error::ReportError;
use crate::schema::Results;

/// One output format.
pub trait Exporter {
    /// The file this exporter writes, relative to the output directory.
    fn file_name(&self) -> &'static str;
    /// The file's contents.
    fn render(&self, results: &Results) -> Result<String, ReportError>;
}
