//! The one error type of this crate. Every message names the file involved, because the
//! person reading it usually has several results directories lying around.

use std::path::PathBuf;

/// What can go wrong while loading results or writing reports.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The results file could not be read at all.
    #[error("cannot read results file {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// The results file is not valid JSON of the expected shape.
    #[error("cannot parse results file {}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// serde_json's message, which includes the line and column.
        message: String,
    },

    /// The results file was written by a streambench with a different schema.
    #[error(
        "results file {} has schema_version {found}, but this streambench reads \
         schema_version {supported} (and 2, migrated on load)",
        path.display()
    )]
    UnsupportedSchema {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The version this build understands.
        supported: u32,
    },

    /// A report or results file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file (or directory) being written.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// Results could not be turned into JSON (not expected in practice: the schema has
    /// only string map keys, and serde_json writes non-finite floats as `null`).
    #[error("cannot serialise results for {file}: {source}")]
    Serialize {
        /// The file the JSON was meant for.
        file: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },

    /// plotters failed to draw a chart.
    #[error("cannot draw chart {chart} for {file}: {message}")]
    Chart {
        /// The report file the chart belongs to.
        file: String,
        /// Which chart.
        chart: String,
        /// plotters' message.
        message: String,
    },

    /// A run's `latency_histogram` is not valid base64 of a serialised HdrHistogram.
    #[error("cannot decode the latency histogram of run {run}: {message}")]
    Histogram {
        /// The run's id.
        run: String,
        /// What was wrong.
        message: String,
    },
}
