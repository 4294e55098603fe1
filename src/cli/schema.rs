//! `cvpdf schema`: the JSON Schema of the data format.

use crate::diagnostics::Error;
use crate::output::{self, Output};

/// Prints the schema on standard output.
pub(super) fn run() -> Result<(), Error> {
    // JSON, whose strings escape control characters themselves.
    let schema = format!("{}\n", crate::model::json_schema());
    output::write(&Output::Stdout, schema.as_bytes())
}
