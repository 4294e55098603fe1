//! The CV as layouts see it: every text resolved to one language, Markdown
//! parsed into blocks, dates formatted, and sections in the order written.
//!
//! This is the only data a layout receives, as the JSON file `/cv.json`:
//! its types, the published contract, are in [`contract`]; [`build`] makes
//! it, with the per-type mapping of the model's entries in `mapping`.

mod builder;
mod composition;
pub mod contract;
mod design;
mod document_info;
mod long_lines;
mod mapping;
mod printed;

pub use builder::{ViewOptions, build, lang_origin};
pub use composition::{held_whole, needs_composition};
pub use contract::*;
pub use design::{DateFormat, DesignView, MarginView};
pub use printed::{Decoded, check_text as check_printed};

/// The JSON Schema of the view, `/cv.json`, pretty-printed.
pub fn json_schema() -> String {
    format!("{:#}", schemars::schema_for!(View).as_value())
}
