//! `cvpdf schema`: the JSON Schema of the data format, or with `--view`
//! of the view, `/cv.json`, that layouts read.

use crate::diagnostics::Error;
use crate::output::{self, Output};

/// Prints the schema on standard output: the view's when `view`.
pub(super) fn run(view: bool) -> Result<(), Error> {
    // JSON, whose strings escape control characters themselves.
    let schema = if view { crate::view::json_schema() } else { crate::model::json_schema() };
    let schema = format!("{schema}\n");
    output::write(&Output::Stdout, schema.as_bytes())
}
