//! File exporters: each turns [`Results`](crate::Results) into one file's contents, and
//! [`export_all`] writes every one of them into a directory.

mod all;
mod exporter;
mod html;
mod json;

pub use all::{export_all, exporters};
pub use exporter::Exporter;
pub use html::HtmlExporter;
pub use json::JsonExporter;
