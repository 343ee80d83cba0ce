//! The trait every output format implements: one method to render, one to name the
//! file, so adding a format is one new file and one line in [`super::exporters`]. A format
//! that writes several files (one histogram per run) overrides [`Exporter::files`].

use crate::error::ReportError;
use crate::schema::Results;

/// One output format.
pub trait Exporter {
    /// The file this exporter writes, relative to the output directory.
    fn file_name(&self) -> &'static str;
    /// The file's contents.
    fn render(&self, results: &Results) -> Result<String, ReportError>;
    /// Every file this exporter writes, as `(path relative to the output directory,
    /// contents)`; by default just [`Exporter::file_name`] with [`Exporter::render`].
    fn files(&self, results: &Results) -> Result<Vec<(String, String)>, ReportError> {
        Ok(vec![(self.file_name().to_owned(), self.render(results)?)])
    }
}
