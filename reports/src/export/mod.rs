//! File exporters: each turns [`Results`](crate::Results) into one file's contents, and
//! [`export_all`] writes every one of them into a directory.

mod all;
mod csv;
mod exporter;
mod hgrm;
mod html;
mod json;
pub(crate) mod markdown;
mod markdown_recovery;
mod recovery_csv;

pub use all::{export_all, exporters, write_exports};
pub use csv::CsvExporter;
pub use exporter::Exporter;
pub use hgrm::{file_stem, HgrmExporter};
pub use html::HtmlExporter;
pub use json::JsonExporter;
pub use markdown::MarkdownExporter;
pub use recovery_csv::RecoveryCsvExporter;
