//! The self-contained HTML report: one file with inline CSS and inline SVG charts, no
//! JavaScript and no external URLs, so it can be mailed, archived or opened offline.

mod charts;
mod page;
mod recovery;
mod search_rows;
mod sections;
mod table;

pub use page::render_html;
