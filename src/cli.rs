//! The command line: arguments (clap) and what each command does.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser};

use crate::diagnostics::{Error, Printer};
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::pipeline::{self, Settings};
use crate::view::{Paper, ViewOptions};

/// Build a CV from YAML into deterministic, print-ready PDFs.
#[derive(Debug, Parser)]
#[command(name = "cvpdf", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    render: RenderArgs,
}

const EXAMPLES: &str = "\
Examples:
  cvpdf                                  render data/cv.yaml with the classic layout
  cvpdf --layout onepage                 one page, into out/cv-onepage.pdf
  cvpdf --data me.json --output cv.pdf   a JSON Resume file into cv.pdf
  cvpdf --layout my-layout.typ           your own Typst layout
  cvpdf --output - > cv.pdf              the PDF on standard output";

/// What to render and how.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The CV: YAML, or JSON Resume.
    #[arg(long, short, value_name = "FILE", default_value = "data/cv.yaml")]
    data: PathBuf,
    /// A built-in layout (classic) or a path to a .typ file.
    #[arg(long, short, value_name = "NAME|FILE.typ", default_value = "classic")]
    layout: String,
    /// Where to write the PDF, `-` for standard output [default: out/cv-<layout>.pdf].
    #[arg(long, short, value_name = "FILE|-")]
    output: Option<PathBuf>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    paper: Paper,
    /// Also use the fonts in this directory (repeatable). System fonts are never used otherwise.
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
    /// Print labels and translated texts in this language instead of `meta.lang`.
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Fit the CV into at most this many pages (onepage always fits into 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    max_pages: Option<u16>,
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

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli, env: &Environment) -> ExitCode {
    let stderr = std::io::stderr();
    let printer = Printer {
        color: !env.no_color && stderr.is_terminal(),
    };
    match render(&cli.render, env, &printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = printer.emit_error(&mut stderr.lock(), &error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn render(args: &RenderArgs, env: &Environment, printer: &Printer) -> Result<(), Error> {
    let layout = Layout::resolve(&args.layout)?;
    let source_date_epoch = match &env.source_date_epoch {
        None => None,
        Some(text) if text.trim().is_empty() => None,
        Some(text) => Some(text.trim().parse::<i64>().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH must be a number of seconds, not `{text}`"
            ))
        })?),
    };
    let settings = Settings {
        view: ViewOptions {
            lang: args.lang.clone(),
            paper: args.paper,
            ..ViewOptions::default()
        },
        layout,
        source_date_epoch,
        strict: args.strict,
        max_pages: args.max_pages.map(usize::from),
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/cv-{}.pdf", settings.layout.name())));
    let fonts = Arc::new(Fonts::new(&args.font_path)?);
    let loaded = pipeline::load_data(&args.data)?;
    let rendered = pipeline::render(&fonts, &loaded, &args.data, &settings)?;
    let _ = printer.emit(&mut std::io::stderr().lock(), &rendered.warnings);
    if !rendered.fitted.is_empty() {
        eprintln!(
            "{}: fitted by {}",
            settings.layout.name(),
            rendered.fitted.join("; ")
        );
    }
    crate::render::write_output(&output, &rendered.pdf)?;
    let plural = if rendered.pages == 1 { "" } else { "s" };
    let summary = format!("{}: {} page{plural}", output.display(), rendered.pages);
    if output.as_os_str() == "-" {
        eprintln!("{summary}");
    } else {
        let _ = writeln!(std::io::stdout(), "{summary}");
    }
    Ok(())
}
