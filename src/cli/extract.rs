//! `cvpdf extract`: the data file a PDF carries.

use clap::Args;

use super::Console;
use super::args::{parse_output, parse_source};
use crate::diagnostics::Error;
use crate::gate::Source;
use crate::output::{self, Output};

#[derive(Debug, Args)]
pub(super) struct ExtractArgs {
    /// The PDF, or `-` for standard input.
    #[arg(value_parser = parse_source())]
    pdf: Source,
    /// Where to write the data, `-` for standard output.
    #[arg(long, short, default_value = "-", value_name = "FILE|-", value_parser = parse_output())]
    output: Output,
}

/// Writes the attached data file where `--output` says.
pub(super) fn run(args: &ExtractArgs, console: &Console) -> Result<(), Error> {
    let (name, bytes) = crate::attachment::extract(&args.pdf)?;
    output::write(&args.output, &bytes)?;
    if !args.output.is_stdout() {
        console.note(&format!("{}: {name} from {}", args.output.name(), args.pdf.name()));
    }
    Ok(())
}
