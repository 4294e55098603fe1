//! `cvpdf layouts`: the built-in layouts.

use super::Console;
use crate::diagnostics::Error;
use crate::layouts::BUILTIN;

/// Prints each built-in layout's name and summary.
pub(super) fn run(console: &Console) -> Result<(), Error> {
    for layout in BUILTIN {
        console.result(&format!("{:<9} {}", layout.name, layout.summary));
    }
    Ok(())
}
