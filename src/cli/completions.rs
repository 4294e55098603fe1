//! `cvpdf completions`: shell completion scripts.

use clap::{Args, CommandFactory};

use super::Cli;
use crate::diagnostics::Error;
use crate::output::{self, Output};

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

/// Prints the completion script for the shell.
pub(super) fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "cvpdf", &mut script);
    output::write(&Output::Stdout, &script)
}
