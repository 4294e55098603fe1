//! The `cvpdf` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;
use cvpdf::cli::{Cli, Environment, run};

fn main() -> ExitCode {
    run(Cli::parse(), &Environment::from_process())
}
