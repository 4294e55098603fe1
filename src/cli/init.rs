//! `cvpdf init`: a starter project.

use std::path::PathBuf;

use clap::Args;

use super::Console;
use super::args::parse_dir;
use crate::diagnostics::Error;

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// Where to write them.
    #[arg(default_value = ".", value_parser = parse_dir())]
    dir: PathBuf,
}

/// Writes the starter files and prints their paths.
pub(super) fn run(args: &InitArgs, console: &Console) -> Result<(), Error> {
    crate::starter::write(&args.dir).map(|written| {
        for path in written {
            console.result(&path.display().to_string());
        }
    })
}
