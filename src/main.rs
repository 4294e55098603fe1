//! The `cvpdf` binary: parses the command line and hands it to the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cvpdf::cli::{Cli, Environment, run};
use cvpdf::diagnostics::escape;
use cvpdf::memory::{self, Budgeted};

// Typst allocates many small objects. mimalloc, with its transparent huge
// pages, cuts `--layout all`'s page faults from 10,400 to 840 (about 10%
// faster than the system allocator) for about 25 MiB more resident memory.
// Wrapped in the memory budget (see `cvpdf::memory`).
#[global_allocator]
static ALLOCATOR: Budgeted<mimalloc::MiMalloc> = Budgeted(mimalloc::MiMalloc);

fn main() -> ExitCode {
    // The main thread reports what stopped at the budget: it must not stop.
    memory::exempt_this_thread();
    memory::set_limit(Some(memory::default_limit()));
    cvpdf::output::ignore_file_size_signal();
    match Cli::try_parse() {
        Ok(cli) => run(cli, &Environment::from_process()),
        Err(error) => command_line_error(&error),
    }
}

/// Prints what clap says about the command line (an error, or the help or
/// version asked for) and returns its exit code. An error quotes the
/// arguments, so it is [escaped](escape), line by line
/// and without colour.
fn command_line_error(error: &clap::Error) -> ExitCode {
    if !error.use_stderr() {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    let mut stderr = std::io::stderr().lock();
    for line in rendered.lines() {
        let _ = writeln!(stderr, "{}", escape(line));
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}
