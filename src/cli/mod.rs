//! The command line, mdBook style: the clap declarations grouped by concern
//! ([`args`]), the environment and the console ([`console`]), and one small
//! module per command, each with its arguments and what it does.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::Error;
use crate::gate::Source;

mod apply;
mod args;
mod check;
mod completions;
mod console;
mod eject;
mod extract;
mod init;
mod layouts;
mod render;
mod schema;
mod watch;

pub use args::RenderArgs;
use args::Verbosity;
use console::Console;
pub use console::Environment;

/// Build a CV from YAML into deterministic, print-ready PDFs.
#[derive(Debug, Parser)]
#[command(
    name = "cvpdf",
    version,
    about,
    after_help = RENDER_EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    render: RenderArgs,
    #[command(flatten)]
    verbosity: Verbosity,
}

const RENDER_EXAMPLES: &str = "\
Examples:
  cvpdf                                  render cv.yaml (else data/cv.yaml) with the classic layout
  cvpdf --layout onepage                 one page, into out/cv-onepage.pdf
  cvpdf --layout all                     every layout, in parallel, into out/
  cvpdf --data me.json --output cv.pdf   a JSON Resume file into cv.pdf
  cvpdf --data team/ --output pdfs/      every CV of a directory
  cvpdf --layout my-layout.typ           your own Typst layout
  cvpdf --format png --pages 1           page 1 as an image
  cvpdf --format txt --output -          plain text, for job portals
  cvpdf --output - > cv.pdf              the PDF on standard output";

#[derive(Debug, Subcommand)]
enum Command {
    /// Render, then render again each time the data, a custom layout or the photo changes.
    #[command(
        after_help = "Examples:\n  cvpdf watch\n  cvpdf watch --layout all\n  cvpdf watch --data me.yaml --layout my.typ --output me.pdf"
    )]
    Watch(RenderArgs),
    /// Check the CV as a render with the same options would, writing nothing: exit 0 when a
    /// render would succeed, 1 with located errors.
    #[command(
        after_help = "Examples:\n  cvpdf check\n  cvpdf check me.json --strict\n  cvpdf check me.json --layout all --font-path /usr/share/fonts/opentype/noto"
    )]
    Check(check::CheckArgs),
    /// Build job applications: a cover letter (Markdown with a YAML front matter) and the CV
    /// tailored by its front matter, into out/<application>/.
    #[command(after_help = apply::EXAMPLES)]
    Apply(apply::ApplyArgs),
    /// Write a starter cv.yaml, its schema, a Makefile, an example application and a GitHub
    /// workflow into a directory.
    #[command(after_help = "Examples:\n  cvpdf init\n  cvpdf init my-cv && cd my-cv && make")]
    Init(init::InitArgs),
    /// Print the JSON Schema of the data format, for editor completion and validation.
    #[command(
        after_help = "Examples:\n  cvpdf schema > cv.schema.json\n  cvpdf schema --view > cv.view.schema.json\n  cvpdf schema --letter > letter.view.schema.json"
    )]
    Schema {
        /// Print the schema of the view instead: `/cv.json`, what layouts read.
        #[arg(long, conflicts_with = "letter")]
        view: bool,
        /// Print the schema of a letter's view instead: `/letter.json`, what a layout's `letter` reads.
        #[arg(long)]
        letter: bool,
    },
    /// List the built-in layouts.
    #[command(after_help = "Examples:\n  cvpdf layouts")]
    Layouts,
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  cvpdf completions bash > ~/.local/share/bash-completion/completions/cvpdf\n  cvpdf completions zsh > ~/.zfunc/_cvpdf"
    )]
    Completions(completions::CompletionsArgs),
    /// Write the CV as a plain Typst project (layout, data as JSON, fonts) for stock `typst`.
    #[command(
        after_help = "Examples:\n  cvpdf eject my-cv-typst\n  cvpdf eject --layout onepage onepage-typst\n  typst compile --ignore-system-fonts --font-path my-cv-typst/fonts my-cv-typst/main.typ"
    )]
    Eject(eject::EjectArgs),
    /// Get back the data file a PDF was made from (see --embed-source).
    #[command(
        after_help = "Examples:\n  cvpdf extract out/cv-classic.pdf > cv.yaml\n  cvpdf extract cv.pdf --output cv.yaml"
    )]
    Extract(extract::ExtractArgs),
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli, env: &Environment) -> ExitCode {
    let console = Console::new(env, cli.verbosity.quiet, cli.verbosity.verbose);
    let result = match cli.command {
        None => render::run(&cli.render, env, &console),
        Some(Command::Watch(args)) => watch::run(&args, env, &console),
        Some(Command::Check(args)) => check::run(&args, env, &console),
        Some(Command::Eject(args)) => eject::run(&args, env, &console),
        Some(Command::Apply(args)) => apply::run(&args, env, &console),
        Some(Command::Init(args)) => init::run(&args, &console),
        Some(Command::Schema { view, letter }) => schema::run(view, letter),
        Some(Command::Layouts) => layouts::run(&console),
        Some(Command::Completions(args)) => completions::run(&args),
        Some(Command::Extract(args)) => extract::run(&args, &console),
    };
    match console.finish(result) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            console.error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// The data to read: the one named, or the default file found here (said
/// with `--verbose`).
fn data_source(given: Option<&Source>, console: &Console) -> Result<Source, Error> {
    let (source, looked_for) = Source::given_or_default(given)?;
    if looked_for && console.verbose {
        console.note(&format!("reading {} ({})", source.name(), crate::gate::default_rule()));
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
