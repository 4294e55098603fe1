//! `cvpdf schema`: the JSON Schema of the data format, or with `--view`
//! of the view, `/cv.json`, that layouts read, or with `--letter` of a
//! letter's, `/letter.json`.

use crate::diagnostics::Error;
use crate::output::{self, Output};

/// Prints the schema on standard output: the view's when `view`, the
/// letter's when `letter`.
pub(super) fn run(view: bool, letter: bool) -> Result<(), Error> {
    // JSON, whose strings escape control characters themselves.
    let schema = match (view, letter) {
        (true, _) => crate::view::json_schema(),
        (_, true) => crate::letter::view::json_schema(),
        _ => crate::model::json_schema(),
    };
    let schema = format!("{schema}\n");
    output::write(&Output::Stdout, schema.as_bytes())
}
