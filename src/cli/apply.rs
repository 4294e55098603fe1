//! `cvpdf apply`: its arguments and what it prints.

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::{RenderOptions, parse_source};
use super::{Console, Environment};
use crate::apply::{self, DEFAULT_NAMES, Done, Request};
use crate::diagnostics::Error;
use crate::gate::Source;
use crate::layouts::Layout;
use crate::render::Format;

pub(super) const EXAMPLES: &str = "\
Examples:
  cvpdf apply applications/acme.md              out/acme/<Name>-CV.pdf and <Name>-Letter.pdf
  cvpdf apply applications/                     every application, in parallel
  cvpdf apply acme.md --combined                also the letter and the CV in one PDF
  cvpdf apply acme.md --format txt              the letter (and the CV) as plain text
  cvpdf apply acme.md --names '{application}-{document}'
  cvpdf apply applications/ --watch             again after each save of a letter or the CV";

/// What to build.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// An application (a letter in Markdown with a YAML front matter), or a directory of them.
    path: PathBuf,
    /// The CV, when the front matter names none [default: cv.yaml, else data/cv.yaml].
    #[arg(long, short, value_name = "FILE", value_parser = parse_source())]
    data: Option<Source>,
    /// The layout of the letter and the CV, when the front matter names none [default: classic].
    #[arg(long, short, value_name = "NAME|FILE.typ")]
    layout: Option<String>,
    /// The directory that gets a directory per application.
    #[arg(long, short, value_name = "DIR", default_value = "out", value_parser = super::args::parse_dir())]
    output: PathBuf,
    /// Also write the letter then the CV in one PDF, for portals that take one file.
    #[arg(long)]
    combined: bool,
    /// Build again after each save of a letter, the CV, the layout or a file they read.
    #[arg(long)]
    watch: bool,
    /// The files' names: {name} (the CV's), {document} (CV, Letter, Lettre…), {application}.
    #[arg(long, value_name = "PATTERN", default_value = DEFAULT_NAMES)]
    names: String,
    /// A PDF of each, plain text (the letter for a web form, and the CV), or pages as PNG or SVG.
    #[arg(long, short, value_enum, default_value_t = Format::Pdf)]
    format: Format,
    #[command(flatten)]
    options: RenderOptions,
}

/// Builds the applications and prints what each made.
pub(super) fn run(args: &ApplyArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    apply::check_names(&args.names).map_err(Error::Usage)?;
    let layout = args.layout.as_deref().map(layout).transpose()?;
    let applications = apply::applications(&args.path)?;
    let request = Request {
        data: args.data.clone(),
        layout,
        output: args.output.clone(),
        combined: args.combined,
        names: args.names.clone(),
        format: args.format,
    };
    apply::preflight(&applications, &request)?;
    let (config, warnings) = args.options.config(env, args.format)?;
    console.diagnostics(&warnings);
    let report = |path: &Path, result: &Result<Done, Error>| match result {
        Ok(done) => report_done(path, done, console),
        Err(error) => console.error_once(error),
    };
    if args.watch {
        console.note(&format!("watching {} (Ctrl-C to stop)", args.path.display()));
        // A save is a run of its own, which says its problems again.
        let round = || console.forget();
        return apply::watch::watch(&args.path, &request, &config, &report, &round, &|| false);
    }
    let started = std::time::Instant::now();
    let results = apply::build_all(&applications, &request, &config, &report);
    let failed = results.iter().filter(|r| r.is_err()).count();
    if console.verbose || results.len() > 1 {
        console.note(&format!(
            "{} of {} applications built in {:.2} s",
            results.len() - failed,
            results.len(),
            started.elapsed().as_secs_f64()
        ));
    }
    match (failed, results.as_slice()) {
        (0, _) => Ok(()),
        (_, [Err(only)]) => Err(Error::Reported(only.exit_code())),
        _ => Err(Error::Reported(1)),
    }
}

/// The layout `--layout` names: one, since each application is one letter
/// and one CV.
fn layout(name: &str) -> Result<Layout, Error> {
    if name == "all" {
        return Err(Error::Usage(
            "apply takes one layout: `--layout all` is for rendering the CV; an application's \
             front matter may name its own with `layout:`"
                .into(),
        ));
    }
    Layout::resolve(name)
}

/// Prints what an application made: warnings and fitting to stderr, the
/// files and page counts to stdout.
fn report_done(path: &Path, done: &Done, console: &Console) {
    console.diagnostics(&console.fresh(&done.warnings));
    let (letter, cv) = &done.fitted;
    if !letter.is_empty() {
        console.note(&format!("{}: letter fitted by {}", path.display(), letter.join("; ")));
    }
    if !cv.is_empty() {
        console.note(&format!("{}: CV fitted by {}", path.display(), cv.join("; ")));
    }
    if console.verbose {
        console.note(&format!("{}: {}", path.display(), done.timings));
    }
    let names: Vec<String> = done.written.iter().map(crate::output::Output::name).collect();
    let summary = match done.pages {
        Some((letter, cv)) => format!(
            "{} (letter: {letter} page{}, CV: {cv} page{})",
            names.join(", "),
            plural(letter),
            plural(cv)
        ),
        None => names.join(", "),
    };
    if !console.quiet {
        console.result(&summary);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
