//! The command line: arguments (clap) and what each command does.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::builder::TypedValueParser;
use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::batch::{self, Done, Job};
use crate::deadline::DEFAULT_TIMEOUT;
use crate::diagnostics::{Diagnostic, Error, Printer, escape};
use crate::fonts::Fonts;
use crate::gate::Source;
use crate::layouts::BUILTIN;
use crate::output::Output;
use crate::pipeline::{self, Settings};
use crate::render::{self, ExportOptions, Format};
use crate::view::{Paper, ViewOptions};

mod apply;
mod check;
use check::check_command;

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
    Check(CheckArgs),
    /// Build job applications: a cover letter (Markdown with a YAML front matter) and the CV
    /// tailored by its front matter, into out/<application>/.
    #[command(after_help = apply::EXAMPLES)]
    Apply(apply::ApplyArgs),
    /// Write a starter cv.yaml, its schema, a Makefile, an example application and a GitHub
    /// workflow into a directory.
    #[command(after_help = "Examples:\n  cvpdf init\n  cvpdf init my-cv && cd my-cv && make")]
    Init {
        /// Where to write them.
        #[arg(default_value = ".", value_parser = parse_dir())]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the data format, for editor completion and validation.
    #[command(
        after_help = "Examples:\n  cvpdf schema > cv.schema.json\n  cvpdf schema --view > cv.view.schema.json"
    )]
    Schema {
        /// Print the schema of the view instead: `/cv.json`, what layouts read.
        #[arg(long)]
        view: bool,
    },
    /// List the built-in layouts.
    #[command(after_help = "Examples:\n  cvpdf layouts")]
    Layouts,
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  cvpdf completions bash > ~/.local/share/bash-completion/completions/cvpdf\n  cvpdf completions zsh > ~/.zfunc/_cvpdf"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the CV as a plain Typst project (layout, data as JSON, fonts) for stock `typst`.
    #[command(
        after_help = "Examples:\n  cvpdf eject my-cv-typst\n  cvpdf eject --layout onepage onepage-typst\n  typst compile --ignore-system-fonts --font-path my-cv-typst/fonts my-cv-typst/main.typ"
    )]
    Eject(EjectArgs),
    /// Get back the data file a PDF was made from (see --embed-source).
    #[command(
        after_help = "Examples:\n  cvpdf extract out/cv-classic.pdf > cv.yaml\n  cvpdf extract cv.pdf --output cv.yaml"
    )]
    Extract {
        /// The PDF, or `-` for standard input.
        #[arg(value_parser = parse_source())]
        pdf: Source,
        /// Where to write the data, `-` for standard output.
        #[arg(long, short, default_value = "-", value_name = "FILE|-", value_parser = parse_output())]
        output: Output,
    },
}

/// `--quiet` and `--verbose`, for every command.
#[derive(Debug, Args)]
struct Verbosity {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print timings and what each step did.
    #[arg(long, short, global = true)]
    verbose: bool,
}

/// What to render and how.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The CV: YAML or JSON Resume, a directory of them, or `-` for standard input
    /// [default: cv.yaml, else data/cv.yaml].
    #[arg(long, short, value_name = "FILE|DIR|-", value_parser = parse_source())]
    data: Option<Source>,
    /// A built-in layout (classic, onepage, ovni), `all`, or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|all|FILE.typ", default_value = "classic")]
    layout: String,
    /// Where to write: a file, `-` for standard output, or a directory when there are several
    /// outputs [default: out/cv-<layout>.<format> (out/cv.txt for text), or out/].
    #[arg(long, short, value_name = "FILE|DIR|-", value_parser = parse_output())]
    output: Option<Output>,
    /// What to write: a PDF, one PNG or SVG image per page, or plain text.
    #[arg(long, short, value_enum, default_value_t = Format::Pdf)]
    format: Format,
    #[command(flatten)]
    options: RenderOptions,
}

/// How to render, shared by rendering and checking.
#[derive(Debug, Args)]
struct RenderOptions {
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    paper: Paper,
    /// Also use the fonts in this directory (repeatable). System fonts are never used otherwise.
    #[arg(long, value_name = "DIR", value_parser = parse_path())]
    font_path: Vec<PathBuf>,
    /// Print labels and translated texts in this language instead of `meta.lang`.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    lang: Option<String>,
    /// Keep only entries tagged with one of these tags (untagged entries stay).
    #[arg(long, value_name = "TAG,…", value_delimiter = ',')]
    tags: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Fit the CV into at most this many pages (onepage always fits into 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    max_pages: Option<u16>,
    /// PDF standards, comma-separated, or `none`.
    #[arg(long, value_name = "LIST", default_value = "a-2a,ua-1", value_parser = parse_standards)]
    pdf_standard: Standards,
    /// Attach the data file to the PDF (PDF/A-3); `cvpdf extract` gets it back.
    #[arg(long)]
    embed_source: bool,
    /// Export only these pages: `2`, or a range such as `1-3`.
    #[arg(long, value_name = "N|N-M", value_parser = parse_pages)]
    pages: Option<RangeInclusive<usize>>,
    /// Resolution of PNG images, 10 to 2400 pixels per inch; a page may have at most 100
    /// megapixels (A4: up to 1017 ppi).
    #[arg(long, default_value_t = 144.0, value_parser = parse_ppi)]
    ppi: f32,
    /// Give up on a layout that has not finished after this many seconds (0: wait for ever).
    #[arg(long, env = "CVPDF_TIMEOUT", value_name = "SECONDS", default_value_t = Timeout(Some(DEFAULT_TIMEOUT)), value_parser = parse_timeout)]
    timeout: Timeout,
}

/// A `--timeout`: `None` waits for ever.
#[derive(Debug, Clone, Copy)]
struct Timeout(Option<std::time::Duration>);

impl std::fmt::Display for Timeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.map_or(0.0, |d| d.as_secs_f64()))
    }
}

fn parse_timeout(text: &str) -> Result<Timeout, String> {
    let seconds = text.trim().parse::<f64>().ok().filter(|s| *s >= 0.0);
    match seconds.map(std::time::Duration::try_from_secs_f64) {
        Some(Ok(duration)) if duration.is_zero() => Ok(Timeout(None)),
        Some(Ok(duration)) => Ok(Timeout(Some(duration))),
        _ => Err("the timeout is a number of seconds, or 0 to wait for ever".into()),
    }
}

#[derive(Debug, Args)]
struct EjectArgs {
    /// The directory to write, new or empty.
    #[arg(value_parser = parse_dir())]
    dir: PathBuf,
    /// The CV, or `-` for standard input [default: cv.yaml, else data/cv.yaml].
    #[arg(long, short, value_name = "FILE|-", value_parser = parse_source())]
    data: Option<Source>,
    /// A built-in layout or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|FILE.typ", default_value = "classic")]
    layout: String,
    #[command(flatten)]
    options: RenderOptions,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The CV to check: a file, a directory of them, or `-` for standard input
    /// [default: cv.yaml, else data/cv.yaml].
    #[arg(value_parser = parse_source(), value_name = "FILE|DIR|-")]
    file: Option<Source>,
    /// The same as FILE, as a render takes it.
    #[arg(long, short, value_name = "FILE|DIR|-", value_parser = parse_source(), conflicts_with = "file")]
    data: Option<Source>,
    /// The layout to check with: a built-in one, `all`, or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|all|FILE.typ", default_value = "classic")]
    layout: String,
    /// The format to check for: only PDF standards refuse characters without a glyph.
    #[arg(long, short, value_enum, default_value_t = Format::Pdf)]
    format: Format,
    #[command(flatten)]
    options: RenderOptions,
}

/// A `--pdf-standard` list.
#[derive(Debug, Clone)]
struct Standards(Vec<typst_pdf::PdfStandard>);

fn parse_standards(text: &str) -> Result<Standards, String> {
    render::parse_standards(text).map(Standards)
}

/// Whether an argument names standard input or output: the one place
/// where `-` is recognised.
fn is_standard_stream(text: &std::ffi::OsStr) -> bool {
    text == "-"
}

/// A path argument, which need not be UTF-8 but may not be empty.
fn parse_path() -> impl TypedValueParser<Value = PathBuf> {
    clap::builder::OsStringValueParser::new().try_map(|text| {
        if text.is_empty() { Err("an empty path names no file") } else { Ok(PathBuf::from(text)) }
    })
}

/// `--output`: `-` or a path.
fn parse_output() -> impl TypedValueParser<Value = Output> {
    parse_path().map(|path| {
        if is_standard_stream(path.as_os_str()) { Output::Stdout } else { Output::Path(path) }
    })
}

/// `--data`: `-` or a path.
fn parse_source() -> impl TypedValueParser<Value = Source> {
    parse_path().map(|path| {
        if is_standard_stream(path.as_os_str()) { Source::Stdin } else { Source::File(path) }
    })
}

/// A directory that several files go into (`init`, `eject`): a path, not
/// `-`, which would be standard output (`./-` names a directory `-`).
fn parse_dir() -> impl TypedValueParser<Value = PathBuf> {
    parse_path().try_map(|path| {
        if is_standard_stream(path.as_os_str()) {
            Err("several files cannot go to standard output: give a directory")
        } else {
            Ok(path)
        }
    })
}

fn parse_pages(text: &str) -> Result<RangeInclusive<usize>, String> {
    let number = |t: &str| t.trim().parse::<usize>().ok().filter(|n| *n > 0);
    let range = match text.split_once('-') {
        Some((a, b)) => number(a).zip(number(b)).map(|(a, b)| a..=b),
        None => number(text).map(|n| n..=n),
    };
    range
        .filter(|r| r.start() <= r.end())
        .ok_or_else(|| "pages are a number or a range such as 1-3, from 1".into())
}

fn parse_ppi(text: &str) -> Result<f32, String> {
    text.parse::<f32>()
        .ok()
        .filter(|p| (10.0..=2400.0).contains(p))
        .ok_or_else(|| "the resolution is a number from 10 to 2400".into())
}

fn parse_lang(text: &str) -> Result<String, String> {
    if crate::model::is_language_code(text) {
        Ok(text.to_owned())
    } else {
        Err("a language code is two or three lower-case letters, then optional subtags: fr, en, pt-BR".into())
    }
}

/// The environment variables cvpdf reads, read once by the binary.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `SOURCE_DATE_EPOCH`, unparsed.
    pub source_date_epoch: Option<String>,
    /// Whether `NO_COLOR` is set to something.
    pub no_color: bool,
}

impl Environment {
    /// Reads the variables of this process.
    pub fn from_process() -> Self {
        Self {
            source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Where messages go: stderr, with colour on a terminal unless `NO_COLOR`.
struct Console {
    printer: Printer,
    quiet: bool,
    verbose: bool,
    terminal: bool,
    /// The diagnostics printed so far, in their one-line form.
    said: Mutex<HashSet<String>>,
    /// The first result that could not be written to standard output.
    unwritten: Mutex<Option<Error>>,
}

impl Console {
    /// The diagnostics not printed yet: a problem of the data that every
    /// layout of a run meets is said once.
    fn fresh(&self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let Ok(mut said) = self.said.lock() else { return diagnostics.to_vec() };
        diagnostics.iter().filter(|d| said.insert(d.to_string())).cloned().collect()
    }

    /// Forgets what was said: a new run (a save, in watch mode) begins.
    fn forget(&self) {
        if let Ok(mut said) = self.said.lock() {
            said.clear();
        }
    }

    /// Prints an error, but only what an earlier job of the run has not said.
    fn error_once(&self, error: &Error) {
        match error {
            Error::Invalid(diagnostics) => self.diagnostics(&self.fresh(diagnostics)),
            other => self.error(other),
        }
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let shown: Vec<Diagnostic> =
            diagnostics.iter().filter(|d| !self.quiet || d.is_error()).cloned().collect();
        let _ = self.printer.emit(&mut std::io::stderr().lock(), &shown);
    }

    /// A line of news on stderr, [escaped](crate::diagnostics::escape): it
    /// may name files.
    fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", escape(message));
        }
    }

    fn error(&self, error: &Error) {
        let _ = self.printer.emit_error(&mut std::io::stderr().lock(), error);
    }

    /// Prints a result line on standard output, [escaped](escape) (it
    /// names files), through the writing path; the first that fails is
    /// the command's error.
    fn result(&self, line: &str) {
        let line = format!("{}\n", escape(line));
        if let Err(error) = crate::output::write(&Output::Stdout, line.as_bytes())
            && let Ok(mut unwritten) = self.unwritten.lock()
        {
            unwritten.get_or_insert(error);
        }
    }

    /// The result of a command, failed if a result line could not be written.
    fn finish(&self, result: Result<(), Error>) -> Result<(), Error> {
        let unwritten = self.unwritten.lock().ok().and_then(|mut unwritten| unwritten.take());
        result.and_then(|()| unwritten.map_or(Ok(()), Err))
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli, env: &Environment) -> ExitCode {
    let terminal = std::io::stderr().is_terminal();
    let console = Console {
        printer: Printer { color: !env.no_color && terminal },
        quiet: cli.verbosity.quiet,
        verbose: cli.verbosity.verbose,
        terminal,
        said: Mutex::default(),
        unwritten: Mutex::default(),
    };
    let result = match cli.command {
        None => render_command(&cli.render, env, &console),
        Some(Command::Watch(args)) => watch_command(&args, env, &console),
        Some(Command::Check(args)) => check_command(&args, env, &console),
        Some(Command::Eject(args)) => eject_command(&args, env, &console),
        Some(Command::Apply(args)) => apply::run(&args, env, &console),
        Some(Command::Init { dir }) => crate::starter::write(&dir).map(|written| {
            for path in written {
                console.result(&path.display().to_string());
            }
        }),
        Some(Command::Schema { view }) => {
            // JSON, whose strings escape control characters themselves.
            let schema =
                if view { crate::view::json_schema() } else { crate::model::json_schema() };
            let schema = format!("{schema}\n");
            crate::output::write(&Output::Stdout, schema.as_bytes())
        }
        Some(Command::Layouts) => {
            for layout in BUILTIN {
                console.result(&format!("{:<9} {}", layout.name, layout.summary));
            }
            Ok(())
        }
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cvpdf", &mut script);
            crate::output::write(&Output::Stdout, &script)
        }
        Some(Command::Extract { pdf, output }) => {
            crate::attachment::extract(&pdf).and_then(|(name, bytes)| {
                crate::output::write(&output, &bytes)?;
                if !output.is_stdout() {
                    console.note(&format!("{}: {name} from {}", output.name(), pdf.name()));
                }
                Ok(())
            })
        }
    };
    match console.finish(result) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            console.error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

impl RenderOptions {
    /// The settings of a run that writes `format`.
    fn settings(&self, env: &Environment, format: Format) -> Result<Settings, Error> {
        let source_date_epoch = match &env.source_date_epoch {
            None => None,
            Some(text) => render::source_date_epoch(text).map_err(Error::Usage)?,
        };
        Ok(Settings {
            layout: crate::layouts::Layout::Builtin(&BUILTIN[0]),
            view: ViewOptions {
                lang: self.lang.clone(),
                paper: self.paper,
                tags: self.tags.clone(),
                ..ViewOptions::default()
            },
            source_date_epoch,
            strict: self.strict,
            max_pages: self.max_pages.map(usize::from),
            embed_source: self.embed_source,
            demands: render::Demands::new(format, &self.standards()),
            timeout: self.timeout.0,
        })
    }

    /// The PDF standards asked for, made PDF/A-3 when the source is attached.
    fn standards(&self) -> Vec<typst_pdf::PdfStandard> {
        if self.embed_source {
            render::with_attachments(&self.pdf_standard.0)
        } else {
            self.pdf_standard.0.clone()
        }
    }

    /// How to export in `format`, and a warning when `--pages` makes a PDF
    /// give up standards that need tags (an error with `--strict`).
    fn export(&self, format: Format) -> Result<(ExportOptions, Vec<Diagnostic>), Error> {
        let mut standards = self.standards();
        let mut warnings = Vec::new();
        if self.pages.is_some() && format == Format::Pdf {
            let (kept, warning) = render::untagged(&standards);
            if let Some(warning) = warning {
                if self.strict {
                    return Err(Error::Usage(warning.message));
                }
                warnings.push(warning);
            }
            standards = kept;
        }
        let standards = render::check_standards(&standards)
            .map_err(|why| Error::Usage(format!("--pdf-standard: {why}")))?;
        Ok((ExportOptions { standards, pages: self.pages.clone(), ppi: self.ppi }, warnings))
    }
}

fn render_command(args: &RenderArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    let layouts = batch::layouts(&args.layout)?;
    let data = data_source(args.data.as_ref(), console)?;
    let (sources, directory_input) = batch::data_files(&data)?;
    let settings = args.options.settings(env, args.format)?;
    let (export, warnings) = args.options.export(args.format)?;
    let jobs = batch::plan(&sources, &layouts, directory_input, args.format, args.output.as_ref())?;
    let fonts = Arc::new(Fonts::new(&args.options.font_path)?);
    let started = std::time::Instant::now();
    let loads = batch::load_all(&sources);
    let loaded = loads.iter().filter_map(|l| l.as_ref().ok()).map(|d| (&d.source, &d.loaded));
    batch::preflight(&jobs, args.format, loaded)?;
    console.diagnostics(&warnings);
    // A CV that does not load is said once, whatever the layouts.
    let data: Vec<Option<batch::Data>> =
        loads.into_iter().map(|load| load.map_err(|error| console.error(&error)).ok()).collect();

    let progress = (jobs.len() > 1 && console.terminal && !console.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let report = |job: &Job, result: &Result<Done, Error>| {
        let print = || match result {
            Ok(done) => report_done(job, done, args.format, console),
            Err(error) => console.error_once(error),
        };
        match &progress {
            Some(bar) => {
                bar.suspend(print);
                bar.inc(1);
            }
            None => print(),
        }
    };
    let results = match (jobs.as_slice(), data.as_slice()) {
        ([job], [Some(data)]) => {
            let result = batch::run_one(job, data, &fonts, &settings, args.format, &export);
            report(job, &result);
            vec![result]
        }
        _ => batch::run_all(&jobs, &data, &fonts, &settings, args.format, &export, &report),
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let failed: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    if console.verbose || jobs.len() > 1 {
        console.note(&format!(
            "{} of {} rendered in {:.2} s",
            results.len() - failed.len(),
            results.len(),
            started.elapsed().as_secs_f64()
        ));
    }
    match failed.as_slice() {
        [] => Ok(()),
        // A single failure was printed already; exit with its code.
        [only] if jobs.len() == 1 => Err(Error::Reported(only.exit_code())),
        _ => Err(Error::Reported(1)),
    }
}

/// Prints what a job made: warnings and fitting to stderr, the files and
/// page count to stdout (to stderr when the result itself went to stdout).
fn report_done(job: &Job, done: &Done, format: Format, console: &Console) {
    console.diagnostics(&console.fresh(&done.warnings));
    if !done.fitted.is_empty() {
        console.note(&format!("{}: fitted by {}", job.layout.name(), done.fitted.join("; ")));
    }
    if console.verbose {
        console.note(&format!("{}: {}", job.layout.name(), done.timings));
    }
    let names: Vec<String> = done.written.iter().map(Output::name).collect();
    let plural = if done.pages == 1 { "" } else { "s" };
    let summary = match format {
        Format::Txt => names.join(", "),
        _ => format!("{}: {} page{plural}", names.join(", "), done.pages),
    };
    if job.output.is_stdout() {
        console.note(&summary);
    } else if !console.quiet {
        console.result(&summary);
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

fn watch_command(args: &RenderArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    let source = data_source(args.data.as_ref(), console)?;
    let data = match &source {
        Source::File(path) if !path.is_dir() => path.clone(),
        Source::File(_) => {
            return Err(Error::Usage("watch takes one data file, not a directory".into()));
        }
        Source::Stdin => {
            return Err(Error::Usage(
                "watch reads a file again after each save: give --data FILE, not -".into(),
            ));
        }
    };
    let layouts = batch::layouts(&args.layout)?;
    let settings = args.options.settings(env, args.format)?;
    let (export, warnings) = args.options.export(args.format)?;
    let sources = [source.clone()];
    let jobs = batch::plan(&sources, &layouts, false, args.format, args.output.as_ref())?;
    let outputs: Vec<PathBuf> = jobs
        .iter()
        .map(|job| match &job.output {
            Output::Path(path) => Ok(path.clone()),
            Output::Stdout => {
                Err(Error::Usage("watch writes files: give --output FILE, not -".into()))
            }
        })
        .collect::<Result<_, _>>()?;
    let fonts = Arc::new(Fonts::new(&args.options.font_path)?);
    // Outputs that are known inputs are refused before the first render.
    let first = pipeline::load_data(&source);
    let loaded = first.as_ref().ok().map(|loaded| (&source, loaded));
    batch::preflight(&jobs, args.format, loaded)?;
    console.diagnostics(&warnings);
    let targets = jobs.into_iter().map(|job| job.layout).zip(outputs).collect();
    console.note(&format!("watching {} (Ctrl-C to stop)", data.display()));
    let mut report = |round: crate::watch::Round| {
        // Each save is a run of its own, which says its problems again.
        console.forget();
        let mut failed = 0;
        for (layout, outcome) in round {
            match outcome {
                crate::watch::Outcome::Rendered { written, pages, took, warnings } => {
                    console.diagnostics(&console.fresh(&warnings));
                    let names: Vec<String> = written.iter().map(Output::name).collect();
                    console.result(&format!(
                        "{}: {pages} page{} ({} ms, {})",
                        names.join(", "),
                        if pages == 1 { "" } else { "s" },
                        took.as_millis(),
                        layout.name()
                    ));
                }
                crate::watch::Outcome::Failed(error) => {
                    console.error_once(&error);
                    failed += 1;
                }
            }
        }
        match failed {
            0 => {}
            1 => console.note("the last good output is unchanged"),
            _ => console.note("the last good outputs are unchanged"),
        }
    };
    crate::watch::watch(
        &data,
        targets,
        fonts,
        &settings,
        args.format,
        &export,
        &mut report,
        &|| false,
    )
}

fn eject_command(args: &EjectArgs, env: &Environment, console: &Console) -> Result<(), Error> {
    let settings = Settings {
        layout: crate::layouts::Layout::resolve(&args.layout)?,
        ..args.options.settings(env, Format::Pdf)?
    };
    let fonts = Arc::new(Fonts::new(&args.options.font_path)?);
    let source = data_source(args.data.as_ref(), console)?;
    let loaded = pipeline::load_data(&source)?;
    let data_path = source.data_path(&loaded.bytes);
    let written = crate::eject::eject(&args.dir, &fonts, &loaded, &data_path, &settings)?;
    console.note(&format!("{}: {} files", args.dir.display(), written.len()));
    console.note(&format!(
        "typst compile --ignore-system-fonts --font-path {0}/fonts {0}/main.typ",
        args.dir.display()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn pages_parse() {
        assert_eq!(parse_pages("2"), Ok(2..=2));
        assert_eq!(parse_pages("1-3"), Ok(1..=3));
        assert!(parse_pages("0").is_err() && parse_pages("3-1").is_err());
    }
}
